#include "ui/toolkit/theme.h"

namespace ui {
namespace {

constexpr ImU32 rgb(unsigned hex, unsigned alpha = 255) {
    return IM_COL32((hex >> 16) & 0xff, (hex >> 8) & 0xff, hex & 0xff, alpha);
}

const Palette kLight = {
    .background = rgb(0xf4f7fa),
    .surface = rgb(0xffffff),
    .surface_alt = rgb(0xe8eef4),
    .border = rgb(0xc9d4df),
    .text = rgb(0x1b2733),
    .text_muted = rgb(0x56657a),   // 5.6:1 on the background
    .accent = rgb(0x1d63c7),
    .accent_hover = rgb(0x1956ad),
    .accent_active = rgb(0x144a96),
    .accent_soft = rgb(0xdce9fb),
    .on_accent = rgb(0xffffff),
    .danger = rgb(0xc62828),
    .danger_hover = rgb(0xad2020),
    .danger_soft = rgb(0xfde8e8),
    .success = rgb(0x1e7d45),
    .success_soft = rgb(0xe1f3e8),
    .warning = rgb(0x8a5a00),
    .warning_soft = rgb(0xfff2d6),
    .focus_ring = rgb(0x1d63c7),
};

const Palette kDark = {
    .background = rgb(0x11161c),
    .surface = rgb(0x1a2129),
    .surface_alt = rgb(0x242d37),
    .border = rgb(0x3a4654),
    .text = rgb(0xe6edf3),
    .text_muted = rgb(0xa0aebd),
    .accent = rgb(0x4c8fe8),
    .accent_hover = rgb(0x65a1ef),
    .accent_active = rgb(0x3a7bd5),
    .accent_soft = rgb(0x1d3350),
    .on_accent = rgb(0x0b1118),
    .danger = rgb(0xef5350),
    .danger_hover = rgb(0xf26b69),
    .danger_soft = rgb(0x3b1a1a),
    .success = rgb(0x4caf78),
    .success_soft = rgb(0x17301f),
    .warning = rgb(0xe0a93b),
    .warning_soft = rgb(0x352a12),
    .focus_ring = rgb(0x8bb8f5),
};

Theme current = Theme::light;

ImVec4 v4(ImU32 c) { return ImGui::ColorConvertU32ToFloat4(c); }

void apply_style(const Palette& p) {
    ImGuiStyle& s = ImGui::GetStyle();
    s = ImGuiStyle();
    s.WindowPadding = ImVec2(kPadding, kPadding);
    s.WindowRounding = 0.f;
    s.WindowBorderSize = 0.f;
    s.ChildRounding = kRounding;
    s.ChildBorderSize = 0.f;
    s.FramePadding = ImVec2(12.f, 10.f);
    s.FrameRounding = kRounding;
    s.ItemSpacing = ImVec2(12.f, 12.f);
    s.ItemInnerSpacing = ImVec2(8.f, 6.f);
    s.ScrollbarSize = 10.f;
    s.ScrollbarRounding = 6.f;
    s.GrabRounding = 6.f;
    s.PopupRounding = kRounding;
    s.TabRounding = kRounding;
    s.AntiAliasedLinesUseTex = true;

    ImVec4* c = s.Colors;
    c[ImGuiCol_Text] = v4(p.text);
    c[ImGuiCol_TextDisabled] = v4(p.text_muted);
    c[ImGuiCol_WindowBg] = v4(p.background);
    c[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_PopupBg] = v4(p.surface);
    c[ImGuiCol_Border] = v4(p.border);
    c[ImGuiCol_FrameBg] = v4(p.surface);
    c[ImGuiCol_FrameBgHovered] = v4(p.surface_alt);
    c[ImGuiCol_FrameBgActive] = v4(p.surface_alt);
    c[ImGuiCol_ScrollbarBg] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_ScrollbarGrab] = v4(p.border);
    c[ImGuiCol_ScrollbarGrabHovered] = v4(p.text_muted);
    c[ImGuiCol_ScrollbarGrabActive] = v4(p.text_muted);
    c[ImGuiCol_CheckMark] = v4(p.accent);
    c[ImGuiCol_Button] = v4(p.accent);
    c[ImGuiCol_ButtonHovered] = v4(p.accent_hover);
    c[ImGuiCol_ButtonActive] = v4(p.accent_active);
    c[ImGuiCol_Header] = v4(p.accent_soft);
    c[ImGuiCol_HeaderHovered] = v4(p.surface_alt);
    c[ImGuiCol_HeaderActive] = v4(p.accent_soft);
    c[ImGuiCol_Separator] = v4(p.border);
    c[ImGuiCol_TextSelectedBg] = v4(p.accent_soft);
    c[ImGuiCol_NavHighlight] = v4(p.focus_ring);
    c[ImGuiCol_TableHeaderBg] = v4(p.surface_alt);
    c[ImGuiCol_TableBorderLight] = v4(p.border);
    c[ImGuiCol_TableBorderStrong] = v4(p.border);
    c[ImGuiCol_TableRowBg] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_TableRowBgAlt] = v4(p.surface_alt);
}

}  // namespace

void set_theme(Theme theme) {
    current = theme;
    apply_style(palette());
}

Theme theme() { return current; }

const Palette& palette() { return current == Theme::dark ? kDark : kLight; }

ImU32 with_alpha(ImU32 colour, float alpha) {
    const unsigned a = static_cast<unsigned>(((colour >> IM_COL32_A_SHIFT) & 0xFF) * alpha);
    return (colour & ~IM_COL32_A_MASK) | (a << IM_COL32_A_SHIFT);
}

}  // namespace ui
