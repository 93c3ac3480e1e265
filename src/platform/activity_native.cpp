// Native stand-in: a visible page whose last input is whatever a test sets.
#include "platform/activity.h"

namespace platform {
namespace {
bool hidden = false;
double last_input = 0;
}  // namespace
bool page_hidden() { return hidden; }
double last_input_ms() { return last_input; }
void set_page_hidden_native(bool h) { hidden = h; }
void set_last_input_ms_native(double ms) { last_input = ms; }
}  // namespace platform
