// Native stand-in for page.h: a fixed page.
#include "platform/page.h"

namespace platform {

namespace {
std::string title_value;
}  // namespace

bool query_has(const char*) { return false; }
std::string query_value(const char*) { return ""; }
std::string origin() { return "http://localhost"; }
std::string websocket_url() { return "ws://localhost/ws"; }
std::string time_zone() { return "UTC"; }
void set_title(const std::string& title) { title_value = title; }

}  // namespace platform
