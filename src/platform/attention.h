// Getting the person's attention while they look elsewhere: system (browser) notifications and short
// sounds. The browser halves are in web/attention.js.
//
// Notifications: the permission is asked only by request_notification_permission(), which the app
// calls after the person pressed its opt-in button (never on load). show_notification() replaces an
// earlier one with the same tag; clicking it focuses the tab and sets the URL fragment to `route`.
//
// Sounds are made with WebAudio (nothing downloaded). Browsers keep audio locked until the page got a
// click or key press: before that play_sound() plays nothing and returns false.
// Whether the page is hidden is activity.h's page_hidden().
#pragma once
#include <string>

namespace platform {

std::string notification_permission();  // "default", "granted", "denied", or "unsupported"
void request_notification_permission();
void show_notification(const std::string& tag, const std::string& title, const std::string& body,
                       const std::string& route);

enum class Tone { message, ring };
bool play_sound(Tone tone);

}  // namespace platform
