// Colours and metrics. Light clinical theme by default (white and soft blue-grey surfaces, one accent
// blue, red only for danger/emergency); dark as an option. Widgets read palette() every frame, so a
// theme switch takes effect on the next frame.
#pragma once
#include <imgui.h>

namespace ui {

enum class Theme { light, dark };

struct Palette {
    ImU32 background;    // screen
    ImU32 surface;       // cards, fields
    ImU32 surface_alt;   // nav, secondary buttons, hovered rows
    ImU32 border;
    ImU32 text;
    ImU32 text_muted;
    ImU32 accent;        // the one action colour
    ImU32 accent_hover;
    ImU32 accent_active;
    ImU32 accent_soft;   // selected nav item, focus halo
    ImU32 on_accent;     // text on accent
    ImU32 danger;
    ImU32 danger_hover;
    ImU32 danger_soft;
    ImU32 success;
    ImU32 success_soft;
    ImU32 warning;
    ImU32 warning_soft;
    ImU32 focus_ring;
};

void set_theme(Theme theme);
Theme theme();
const Palette& palette();
ImU32 with_alpha(ImU32 colour, float alpha);  // its own opacity times alpha (fading, disabled)

// Metrics in CSS px.
inline constexpr float kRounding = 10.f;
inline constexpr float kPadding = 16.f;        // screen edge on phones, card padding
inline constexpr float kTouchTarget = 44.f;    // minimum interactive height on phones
inline constexpr float kDesktopTarget = 40.f;  // buttons and fields on desktop
inline constexpr float kPhoneBreakpoint = 720.f;

}  // namespace ui
