// Whether the person is at this tab: the Page Visibility API (document.hidden) and the time of their
// last input (pointer, key, wheel, touch). Presence reports "away" from these (app/presence).
// Both are read on each poll; a change of visibility asks for a poll itself (hidden tabs draw no
// frames), and input already asks for frames.
#pragma once

namespace platform {

bool page_hidden();
// now_ms() of the last input; 0 before any.
double last_input_ms();
// The last pointer was a finger (or, before any, the device's main pointer is coarse): controls that
// hide on a desktop when the mouse rests stay on screen for touch.
bool touch_input();

// Native only (tests): what the functions above answer.
void set_page_hidden_native(bool hidden);
void set_last_input_ms_native(double ms);
void set_touch_input_native(bool touch);

}  // namespace platform
