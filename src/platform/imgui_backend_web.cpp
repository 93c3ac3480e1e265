#include "platform/imgui_backend.h"

#include <emscripten/emscripten.h>
#include <imgui.h>

#include <cfloat>
#include <deque>

extern "C" {
void telemed_js_init();
void telemed_viewport(double* out);
void telemed_set_cursor(int cursor);
}

namespace platform::imgui_backend {
namespace {

// Key codes shared with TM.keyCode in web/platform.js.
enum Key {
    key_tab = 1, key_left, key_right, key_up, key_down, key_page_up, key_page_down, key_home, key_end,
    key_insert, key_delete, key_backspace, key_space, key_enter, key_escape, key_a, key_c, key_v, key_x,
    key_y, key_z, key_count
};

enum class Kind { move, down, up, cancel, leave, wheel, key };

struct Event {
    Kind kind;
    float x = 0, y = 0;
    int button = 0;       // mouse button, or key code
    float dx = 0, dy = 0; // wheel, CSS px
    bool down = false;    // key
    int mods = 0;         // key: 1 ctrl, 2 shift, 4 alt, 8 meta
};

std::deque<Event> queue;
bool fed = false;
bool dom_event = false;  // focus/edit in the DOM layer: no ImGui input, but the UI changes (settle frames)
double last_ms = 0;

}  // namespace

void init(ImGuiIO& io) {
    io.BackendPlatformName = "telemed_web";
    io.BackendFlags |= ImGuiBackendFlags_HasMouseCursors;
    const int map[][2] = {
        {ImGuiKey_Tab, key_tab}, {ImGuiKey_LeftArrow, key_left}, {ImGuiKey_RightArrow, key_right},
        {ImGuiKey_UpArrow, key_up}, {ImGuiKey_DownArrow, key_down}, {ImGuiKey_PageUp, key_page_up},
        {ImGuiKey_PageDown, key_page_down}, {ImGuiKey_Home, key_home}, {ImGuiKey_End, key_end},
        {ImGuiKey_Insert, key_insert}, {ImGuiKey_Delete, key_delete}, {ImGuiKey_Backspace, key_backspace},
        {ImGuiKey_Space, key_space}, {ImGuiKey_Enter, key_enter}, {ImGuiKey_Escape, key_escape},
        {ImGuiKey_KeyPadEnter, key_enter}, {ImGuiKey_A, key_a}, {ImGuiKey_C, key_c}, {ImGuiKey_V, key_v},
        {ImGuiKey_X, key_x}, {ImGuiKey_Y, key_y}, {ImGuiKey_Z, key_z}};
    for (const auto& m : map) io.KeyMap[m[0]] = m[1];
    io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
    telemed_js_init();
}

Viewport viewport() {
    double v[7] = {};
    telemed_viewport(v);
    const auto f = [](double d) { return static_cast<float>(d); };
    return Viewport{f(v[0]), f(v[1]), f(v[2] > 0 ? v[2] : 1), f(v[3]), f(v[4]), f(v[5]), f(v[6])};
}

void new_frame(ImGuiIO& io, const Viewport& vp, double now_ms) {
    io.DisplaySize = ImVec2(vp.width, vp.height);
    io.DisplayFramebufferScale = ImVec2(vp.dpr, vp.dpr);
    // After idle the gap can be minutes; ImGui only needs a plausible step (double-click timing, key repeat).
    double dt = last_ms > 0 ? (now_ms - last_ms) / 1000.0 : 1.0 / 60.0;
    if (dt <= 0.0) dt = 0.0001;
    if (dt > 0.1) dt = 1.0 / 60.0;
    io.DeltaTime = static_cast<float>(dt);
    last_ms = now_ms;

    fed = !queue.empty() || dom_event;
    dom_event = false;
    bool button_changed = false;
    bool key_changed[key_count] = {};
    while (!queue.empty()) {
        const Event& e = queue.front();
        const bool transition =
            e.kind == Kind::down || e.kind == Kind::up || e.kind == Kind::cancel || e.kind == Kind::leave;
        if (transition && button_changed) break;   // the next transition waits for the next frame
        if (e.kind == Kind::key && key_changed[e.button]) break;
        switch (e.kind) {
            case Kind::move: io.MousePos = ImVec2(e.x, e.y); break;
            case Kind::down:
            case Kind::up:
                io.MousePos = ImVec2(e.x, e.y);
                if (e.button >= 0 && e.button < 5) io.MouseDown[e.button] = e.kind == Kind::down;
                button_changed = true;
                break;
            case Kind::cancel:
                // Release away from every widget: whatever was pressed is not clicked.
                io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
                for (bool& b : io.MouseDown) b = false;
                button_changed = true;
                break;
            case Kind::leave:
                // A finger lifted: nothing stays hovered. Queued after the release so it lands a frame later.
                io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
                button_changed = true;
                break;
            case Kind::wheel: {
                // Pixels -> ImGui wheel units: ImGui scrolls 5 line heights per unit (windows taller than
                // ~8 lines), so the content follows the finger 1:1.
                const ImFont* f = io.FontDefault ? io.FontDefault : (io.Fonts->Fonts.empty() ? nullptr : io.Fonts->Fonts[0]);
                const float line = f ? f->FontSize * io.FontGlobalScale : 13.f;
                io.MousePos = ImVec2(e.x, e.y);
                io.MouseWheel += e.dy / (5.f * line);
                io.MouseWheelH += e.dx / (5.f * line);
                break;
            }
            case Kind::key:
                io.KeysDown[e.button] = e.down;
                key_changed[e.button] = true;
                io.KeyCtrl = e.mods & 1;
                io.KeyShift = e.mods & 2;
                io.KeyAlt = e.mods & 4;
                io.KeySuper = e.mods & 8;
                break;
        }
        queue.pop_front();
    }
}

void end_frame() {
    static ImGuiMouseCursor last = ImGuiMouseCursor_Arrow;
    const ImGuiMouseCursor c = ImGui::GetMouseCursor();
    if (c != last) {
        last = c;
        telemed_set_cursor(c);
    }
}

bool input_pending() { return !queue.empty(); }
bool had_input() { return fed; }

}  // namespace platform::imgui_backend

using platform::imgui_backend::Event;
using platform::imgui_backend::Kind;
using platform::imgui_backend::queue;

// Called from web/platform.js and web/a11y.js. kind: 0 move, 1 down, 2 up, 3 cancel, 4 leave.
extern "C" EMSCRIPTEN_KEEPALIVE void telemed_on_pointer(int kind, float x, float y, int button) {
    static const Kind kinds[] = {Kind::move, Kind::down, Kind::up, Kind::cancel, Kind::leave};
    if (kind < 0 || kind > 4) return;
    // Consecutive moves collapse into one: only the latest position matters.
    if (kind == 0 && !queue.empty() && queue.back().kind == Kind::move) {
        queue.back().x = x;
        queue.back().y = y;
        return;
    }
    queue.push_back(Event{kinds[kind], x, y, button});
}

extern "C" EMSCRIPTEN_KEEPALIVE void telemed_on_dom_event() { platform::imgui_backend::dom_event = true; }

extern "C" EMSCRIPTEN_KEEPALIVE void telemed_on_wheel(float x, float y, float dx, float dy) {
    queue.push_back(Event{Kind::wheel, x, y, 0, dx, dy});
}

extern "C" EMSCRIPTEN_KEEPALIVE void telemed_on_key(int code, int down, int mods) {
    if (code <= 0 || code >= platform::imgui_backend::key_count) return;
    queue.push_back(Event{Kind::key, 0, 0, code, 0, 0, down != 0, mods});
}
