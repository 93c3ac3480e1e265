// Native stand-in for attention.h: no browser, so no permission and no sound.
#include "platform/attention.h"

namespace platform {

std::string notification_permission() { return "unsupported"; }
void request_notification_permission() {}
void show_notification(const std::string&, const std::string&, const std::string&, const std::string&) {}
bool play_sound(Tone) { return false; }

}  // namespace platform
