// The page the client runs in: start options read from the URL and the browser, and the title.
#pragma once
#include <string>

namespace platform {

bool query_has(const char* key);      // "?demo" or "?demo=1" -> query_has("demo")
std::string query_value(const char* key);  // "?invite=abc" -> "abc"; "" when absent
std::string origin();                 // "https://host:port"
std::string websocket_url();          // "wss://host:port/ws" (ws:// for http pages)
std::string time_zone();              // IANA zone of the browser, "UTC" when unknown
void set_title(const std::string& title);
// Written before the title, kept across set_title ("(3) " while there are unread notifications, "" none).
void set_title_prefix(const std::string& prefix);
std::string title();  // as the page shows it (prefix + title)
// Opens a web link in a new tab that cannot reach back into this page (noopener, no referrer).
// Natively it is remembered for tests: last_opened_url_native().
void open_url(const std::string& url);
std::string last_opened_url_native();  // native only (tests)
// The URL's fragment ("#/messages/12", "" when none): which screen a reload or a link opens. Back and
// Forward change it (and ask for a frame); set_location_hash pushes a history entry, or replaces the
// current one. Natively a plain variable (tests).
std::string location_hash();
void set_location_hash(const std::string& hash, bool replace = false);
// The browser's own view of the network (navigator.onLine). Its online/offline events ask for a frame,
// so a poll sees the change at once. Natively true unless a test says otherwise.
bool network_online();
// The page in full screen (the call's stage). set_fullscreen is called for a press (the browser allows
// it only just after one); false from fullscreen_supported() where the browser has none (iPhone).
bool fullscreen();
void set_fullscreen(bool on);
bool fullscreen_supported();
void set_network_online_native(bool online);  // native only (tests)
// The device is set to dark mode (prefers-color-scheme); a change asks for a frame. Natively false.
bool system_prefers_dark();

}  // namespace platform
