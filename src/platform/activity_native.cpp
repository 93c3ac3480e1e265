// Native stand-in: a visible page whose last input is whatever a test sets.
#include "platform/activity.h"

namespace platform {
namespace {
bool hidden = false;
double last_input = 0;
bool touch = false;
}  // namespace
bool page_hidden() { return hidden; }
double last_input_ms() { return last_input; }
bool touch_input() { return touch; }
void set_page_hidden_native(bool h) { hidden = h; }
void set_last_input_ms_native(double ms) { last_input = ms; }
void set_touch_input_native(bool t) { touch = t; }
}  // namespace platform
