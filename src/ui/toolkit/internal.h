// Toolkit state shared between layout.cpp and widgets.cpp (not for screens).
#pragma once
#include <imgui.h>
#include <imgui_internal.h>

#include <vector>

namespace ui::detail {

struct State {
    std::vector<float> widths;   // column widths; 0 = use the window's available width
    std::vector<bool> splits;    // per open split: true = side by side (desktop)
    struct Columns {
        bool side_by_side = false;
        float total = 0, left = 0;  // widths at begin_columns
    };
    std::vector<Columns> columns;  // open begin_columns blocks
    // Navigation insets: begin_nav records this frame's, begin_screen uses last frame's.
    float nav_left = 0, nav_bottom = 0;
    float nav_left_next = 0, nav_bottom_next = 0;
    bool nav_phone = false;
    int nav_count = 0, nav_count_last = 4, nav_index = 0;
    float safe_top = 0, safe_bottom = 0;
    bool animating = false;
    bool settle = false;         // layout changed: draw one more frame
};
State& state();

float target_height();  // 48 px on phones, 40 on desktop
void draw_focus_ring(const ImRect& r, ImGuiID id, bool always = false, float rounding = -1.f);

}  // namespace ui::detail
