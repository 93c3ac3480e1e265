// Native stand-in: no frame loop; requests are counted (frames_requested_native()) for tests.
#include <chrono>

#include "platform/frame.h"

namespace platform {
namespace {
int frames_requested = 0;
double offset_ms = 0;
}
void request_frame() { ++frames_requested; }
void request_frame_in(double) { ++frames_requested; }
void request_poll() { ++frames_requested; }  // natively the test drives poll() itself
double now_ms() {
    using namespace std::chrono;
    return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count() + offset_ms;
}
void advance_now_ms_native(double ms) { offset_ms += ms; }
int frames_requested_native() { return frames_requested; }
}  // namespace platform
