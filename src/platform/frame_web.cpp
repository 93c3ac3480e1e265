#include "platform/frame.h"

extern "C" {
void telemed_request_frame();
void telemed_request_frame_in(double ms);
void telemed_request_poll();
double telemed_now_ms();
}

namespace platform {
void request_frame() { telemed_request_frame(); }
void request_frame_in(double ms) { telemed_request_frame_in(ms); }
void request_poll() { telemed_request_poll(); }
double now_ms() { return telemed_now_ms(); }
}  // namespace platform
