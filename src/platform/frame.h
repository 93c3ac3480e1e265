// Frame scheduling. The web client renders on demand: nothing runs while nothing happens.
// Anything that changes what the screen should show (a network message, a timer the app set) calls
// request_frame(); the frame loop then polls the app and draws.
#pragma once
#include <cstdint>

namespace platform {

// Asks for one frame soon (next requestAnimationFrame). Cheap and idempotent; safe from any callback.
void request_frame();
// Asks for the app to handle what arrived (network messages) in a task of its own, soon, without waiting
// for a frame; a frame follows only if that changed anything. For sockets: signaling must not wait for
// rendering.
void request_poll();
// Asks for a frame after `ms` milliseconds (e.g. a countdown that changes each second, a toast expiring).
void request_frame_in(double ms);
// Monotonic milliseconds (performance.now() on the web, steady_clock natively).
double now_ms();
// Native only (unit tests): moves now_ms() forward, so timers of many seconds run in no time.
void advance_now_ms_native(double ms);

}  // namespace platform
