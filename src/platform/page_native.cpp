// Native stand-in for page.h: a fixed page.
#include "platform/page.h"

namespace platform {

namespace {
std::string title_value;
bool online_value = true;
}  // namespace

bool query_has(const char*) { return false; }
std::string query_value(const char*) { return ""; }
std::string origin() { return "http://localhost"; }
std::string websocket_url() { return "ws://localhost/ws"; }
std::string time_zone() { return "UTC"; }
void set_title(const std::string& title) { title_value = title; }
bool network_online() { return online_value; }
void set_network_online_native(bool online) { online_value = online; }

}  // namespace platform
