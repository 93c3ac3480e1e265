#include "platform/attention.h"

#include "platform/js_string.h"

extern "C" {
int telemed_notification_permission(char* buf, int cap);
void telemed_request_notification_permission();
void telemed_show_notification(const char* tag, const char* title, const char* body, const char* route);
int telemed_play_sound(int tone);
}

namespace platform {

std::string notification_permission() {
    return detail::js_string(telemed_notification_permission).value_or("unsupported");
}
void request_notification_permission() { telemed_request_notification_permission(); }
void show_notification(const std::string& tag, const std::string& title, const std::string& body, const std::string& route) {
    telemed_show_notification(tag.c_str(), title.c_str(), body.c_str(), route.c_str());
}
bool play_sound(Tone tone) { return telemed_play_sound(tone == Tone::ring ? 1 : 0) != 0; }

}  // namespace platform
