// Native stand-in for page.h: a fixed page.
#include "platform/page.h"

namespace platform {

namespace {
std::string title_value, prefix_value;
bool online_value = true;
bool fullscreen_value = false;  // no page natively: remembered for tests
std::string hash_value;
std::string opened_url;
}  // namespace

bool query_has(const char*) { return false; }
std::string query_value(const char*) { return ""; }
std::string origin() { return "http://localhost"; }
std::string websocket_url() { return "ws://localhost/ws"; }
std::string time_zone() { return "UTC"; }
void set_title(const std::string& title) { title_value = title; }
void set_title_prefix(const std::string& prefix) { prefix_value = prefix; }
std::string title() { return prefix_value + title_value; }
void open_url(const std::string& url) { opened_url = url; }
std::string last_opened_url_native() { return opened_url; }
std::string location_hash() { return hash_value; }
void set_location_hash(const std::string& hash, bool) { hash_value = hash; }
bool network_online() { return online_value; }
void set_network_online_native(bool online) { online_value = online; }
bool system_prefers_dark() { return false; }
bool fullscreen() { return fullscreen_value; }
void set_fullscreen(bool on) { fullscreen_value = on; }
bool fullscreen_supported() { return true; }

}  // namespace platform
