#include "platform/activity.h"

extern "C" {
int telemed_page_hidden();
double telemed_last_input_ms();
int telemed_touch_input();
}

namespace platform {
bool page_hidden() { return telemed_page_hidden() != 0; }
double last_input_ms() { return telemed_last_input_ms(); }
bool touch_input() { return telemed_touch_input() != 0; }
void set_page_hidden_native(bool) {}
void set_last_input_ms_native(double) {}
void set_touch_input_native(bool) {}
}  // namespace platform
