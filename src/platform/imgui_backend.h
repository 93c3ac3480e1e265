// Web only: Dear ImGui platform backend over our own JS library (web/platform.js), in place of GLFW.
// Input arrives as events queued by JS; new_frame() feeds them into ImGuiIO. ImGui 1.86 has no input
// queue of its own (no AddMousePosEvent), so at most one button or key transition is fed per frame:
// a tap whose down and up arrive between two frames is still seen as a press, then a release.
#pragma once

struct ImGuiIO;

namespace platform::imgui_backend {

struct Viewport {
    float width = 0;   // CSS px
    float height = 0;
    float dpr = 1;     // devicePixelRatio
    float safe_top = 0, safe_right = 0, safe_bottom = 0, safe_left = 0;  // CSS env(safe-area-inset-*)
};

void init(ImGuiIO& io);        // key map, backend flags; installs the JS listeners
Viewport viewport();           // the canvas' CSS size and the current devicePixelRatio
// Fills io.DisplaySize, DeltaTime, mouse and keys for the coming NewFrame().
void new_frame(ImGuiIO& io, const Viewport& vp, double now_ms);
// After the app drew: applies ImGui's requested mouse cursor to the canvas.
void end_frame();
bool input_pending();          // events left for later frames (one transition per frame)
bool had_input();              // any event fed in the last new_frame()

}  // namespace platform::imgui_backend
