#include "platform/page.h"

#include "platform/js_string.h"

extern "C" {
int telemed_query_has(const char* key);
int telemed_query_value(const char* key, char* buf, int cap);
int telemed_origin(char* buf, int cap);
int telemed_websocket_url(char* buf, int cap);
int telemed_time_zone(char* buf, int cap);
void telemed_set_title(const char* title);
void telemed_open_url(const char* url);
int telemed_network_online();
int telemed_system_prefers_dark();
int telemed_fullscreen();
void telemed_set_fullscreen(int on);
int telemed_fullscreen_supported();
int telemed_location_hash(char* buf, int cap);
void telemed_set_location_hash(const char* hash, int replace);
}

namespace platform {

bool query_has(const char* key) { return telemed_query_has(key) != 0; }
std::string query_value(const char* key) {
    return detail::js_string([key](char* buf, int cap) { return telemed_query_value(key, buf, cap); }).value_or("");
}
std::string origin() { return detail::js_string(telemed_origin).value_or(""); }
std::string websocket_url() { return detail::js_string(telemed_websocket_url).value_or(""); }
std::string time_zone() { return detail::js_string(telemed_time_zone).value_or("UTC"); }

std::string location_hash() { return detail::js_string(telemed_location_hash).value_or(""); }
void set_location_hash(const std::string& hash, bool replace) { telemed_set_location_hash(hash.c_str(), replace ? 1 : 0); }

bool network_online() { return telemed_network_online() != 0; }
bool system_prefers_dark() { return telemed_system_prefers_dark() != 0; }
bool fullscreen() { return telemed_fullscreen() != 0; }
void set_fullscreen(bool on) { telemed_set_fullscreen(on ? 1 : 0); }
bool fullscreen_supported() { return telemed_fullscreen_supported() != 0; }

namespace {
std::string title_base = "Telemed", title_prefix;
void write_title() {
    static std::string last;  // the DOM write is cheap, but screens call this every frame
    const std::string shown = title_prefix + title_base;
    if (shown == last) return;
    last = shown;
    telemed_set_title(shown.c_str());
}
}  // namespace

void set_title(const std::string& title) {
    title_base = title;
    write_title();
}

void set_title_prefix(const std::string& prefix) {
    title_prefix = prefix;
    write_title();
}

std::string title() { return title_prefix + title_base; }
void open_url(const std::string& url) { telemed_open_url(url.c_str()); }
std::string last_opened_url_native() { return ""; }

}  // namespace platform
