#include "ui/toolkit/layout.h"

#include <algorithm>
#include <string>

#include "platform/page.h"
#include "ui/a11y/a11y.h"
#include "ui/toolkit/fonts.h"
#include "ui/toolkit/icons.h"
#include "ui/toolkit/internal.h"
#include "ui/toolkit/theme.h"

namespace ui {

using detail::state;

Layout layout() {
    const ImVec2 d = ImGui::GetIO().DisplaySize;
    return Layout{d.x, d.y, d.x < kPhoneBreakpoint, state().safe_top, state().safe_bottom};
}

float content_width() {
    auto& w = state().widths;
    if (!w.empty() && w.back() > 0) return w.back();
    return std::max(1.f, ImGui::GetContentRegionAvail().x);
}

void begin_screen(const char* title) {
    platform::set_title(title && *title ? std::string(title) + " \xC2\xB7 Telemed" : std::string("Telemed"));
    const Layout l = layout();
    auto& s = state();
    ImGui::SetNextWindowPos(ImVec2(s.nav_left, 0));
    ImGui::SetNextWindowSize(ImVec2(l.width - s.nav_left, l.height - s.nav_bottom));
    const float pad = l.phone ? kPadding : 32.f;
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding,
                        ImVec2(pad, (l.phone ? 20.f : 32.f) + l.safe_top));
    ImGui::Begin("##screen", nullptr,
                 ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus);
    ImGui::PopStyleVar();
    s.widths.clear();

    // Keyboard scrolling when no widget has DOM focus (ImGui's own keyboard navigation is off: focus
    // lives in the DOM layer).
    if (a11y::focused_id() == 0 && !ImGui::GetIO().KeyCtrl) {
        const float page = ImGui::GetWindowHeight() * 0.8f;
        float dy = 0;
        if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_DownArrow))) dy = 48;
        if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_UpArrow))) dy = -48;
        if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_PageDown))) dy = page;
        if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_PageUp))) dy = -page;
        if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Home))) dy = -1e9f;
        if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_End))) dy = 1e9f;
        if (dy != 0) ImGui::SetScrollY(std::clamp(ImGui::GetScrollY() + dy, 0.f, ImGui::GetScrollMaxY()));
    }
}

void end_screen() { ImGui::End(); }

bool begin_column(const char* id, float max_width) {
    const float avail = ImGui::GetContentRegionAvail().x;
    const float w = layout().phone ? avail : std::min(max_width, avail);
    const float x = ImGui::GetCursorPosX() + std::max(0.f, (avail - w) * 0.5f);
    ImGui::SetCursorPosX(x);
    ImGui::PushID(id);
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(x + w);
    state().widths.push_back(w);
    return true;
}

void end_column() {
    auto& s = state();
    if (!s.widths.empty()) s.widths.pop_back();
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    ImGui::PopID();
}

namespace {
constexpr float kColumnGap = 28.f;

void open_column_group(float width) {
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
    state().widths.push_back(width);
}

void close_column_group() {
    state().widths.pop_back();
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
}
}  // namespace

bool begin_columns(const char* id, float left_width) {
    const float total = content_width();
    const bool side_by_side = !layout().phone && left_width + kColumnGap < total;
    state().columns.push_back({side_by_side, total, left_width});
    ImGui::PushID(id);
    open_column_group(side_by_side ? left_width : total);
    return true;
}

void next_column() {
    auto& s = state();
    if (s.columns.empty() || !s.columns.back().side_by_side) return;
    const auto c = s.columns.back();
    close_column_group();
    ImGui::SameLine(0, kColumnGap);
    open_column_group(c.total - c.left - kColumnGap);
}

void end_columns() {
    auto& s = state();
    if (s.columns.empty()) return;
    close_column_group();
    s.columns.pop_back();
    ImGui::PopID();
}

bool begin_split(const char* id, float left_width) {
    const bool side_by_side = !layout().phone;
    auto& s = state();
    s.splits.push_back(side_by_side);
    ImGui::PushID(id);
    if (side_by_side) {
        const float h = ImGui::GetContentRegionAvail().y;
        ImGui::PushStyleColor(ImGuiCol_ChildBg, palette().surface);
        ImGui::BeginChild("##left", ImVec2(left_width, h), false, ImGuiWindowFlags_AlwaysUseWindowPadding);
        ImGui::PopStyleColor();
        s.widths.push_back(0);
    } else {
        ImGui::BeginGroup();
    }
    return true;
}

void next_split_pane() {
    auto& s = state();
    if (s.splits.empty()) return;
    if (s.splits.back()) {
        s.widths.pop_back();
        ImGui::EndChild();
        ImGui::SameLine(0, 24.f);
        ImGui::BeginChild("##right", ImVec2(0, ImGui::GetContentRegionAvail().y), false,
                          ImGuiWindowFlags_AlwaysUseWindowPadding);
        s.widths.push_back(0);
    } else {
        ImGui::EndGroup();
        ImGui::Dummy(ImVec2(0, 8.f));
        ImGui::BeginGroup();
    }
}

void end_split() {
    auto& s = state();
    if (s.splits.empty()) return;
    if (s.splits.back()) {
        s.widths.pop_back();
        ImGui::EndChild();
    } else {
        ImGui::EndGroup();
    }
    s.splits.pop_back();
    ImGui::PopID();
}

bool begin_scroll_area(const char* id, float height) {
    ImGui::BeginChild(id, ImVec2(content_width(), height), false, ImGuiWindowFlags_AlwaysUseWindowPadding);
    state().widths.push_back(0);
    return true;
}

void end_scroll_area() {
    state().widths.pop_back();
    ImGui::EndChild();
}

void begin_nav(bool phone) {
    const Layout l = layout();
    auto& s = state();
    s.nav_phone = phone;
    s.nav_index = 0;
    s.nav_count = 0;
    const Palette& p = palette();
    if (phone) {
        const float h = 64.f + l.safe_bottom;  // tabs stay above the home indicator
        s.nav_bottom_next = h;
        ImGui::SetNextWindowPos(ImVec2(0, l.height - h));
        ImGui::SetNextWindowSize(ImVec2(l.width, h));
    } else {
        const float w = 232.f;
        s.nav_left_next = w;
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(ImVec2(w, l.height));
    }
    ImGui::PushStyleColor(ImGuiCol_WindowBg, p.surface);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, phone ? ImVec2(0, 0) : ImVec2(12.f, 20.f));
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, phone ? ImVec2(0, 0) : ImVec2(0, 4.f));
    ImGui::Begin("##nav", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
    ImGui::PopStyleVar(2);
    ImGui::PopStyleColor();
    // A hairline towards the content.
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 pos = ImGui::GetWindowPos(), size = ImGui::GetWindowSize();
    if (phone) {
        dl->AddLine(pos, ImVec2(pos.x + size.x, pos.y), p.border);
    } else {
        dl->AddLine(ImVec2(pos.x + size.x - 1, pos.y), ImVec2(pos.x + size.x - 1, pos.y + size.y), p.border);
        // Brand, so the sidebar says where you are.
        ImGui::PushFont(fonts().h3);
        ImGui::PushStyleColor(ImGuiCol_Text, p.accent);
        ImGui::SetCursorPosX(ImGui::GetCursorPosX() + 8.f);
        ImGui::TextUnformatted(ICON_HEARTBEAT " Telemed");
        ImGui::PopStyleColor();
        ImGui::PopFont();
        ImGui::Dummy(ImVec2(0, 16.f));
    }
    s.widths.push_back(0);
}

void end_nav() {
    auto& s = state();
    s.widths.pop_back();
    s.nav_count_last = std::max(1, s.nav_count);
    ImGui::End();
}

}  // namespace ui
