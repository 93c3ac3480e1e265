#include "ui/screens/view_helpers.h"

#include <algorithm>
#include <cstdio>

#include "app/clinic/confirmations.h"
#include "app/credits/pricing.h"
#include "core/time/format.h"
#include "core/time/zone_db.h"
#include "ui/a11y/a11y.h"
#include "ui/toolkit/text_shaping.h"
#include "ui/toolkit/theme.h"
#include "ui/toolkit/widgets.h"

namespace ui::screens {

const core::TimeZone& viewer_zone(const app::AppState& state) {
    return core::zone_or_utc(state.user ? state.user->time_zone : state.browser_time_zone);
}

std::string when(const app::AppState& s, core::Instant t) { return core::format_date_time(t, viewer_zone(s)); }
std::string when_with_zone(const app::AppState& s, core::Instant t) { return core::format_with_zone(t, viewer_zone(s)); }
std::string time_of_day(const app::AppState& s, core::Instant t) { return core::format_time(t, viewer_zone(s)); }
std::string day_label(const app::AppState& s, core::Instant t) { return core::format_date(t, viewer_zone(s)); }

const char* status_label(core::AppointmentStatus status) {
    using S = core::AppointmentStatus;
    switch (status) {
        case S::requested: return "Waiting for the doctor";
        case S::confirmed: return "Confirmed";
        case S::declined: return "Declined";
        case S::expired: return "Expired";
        case S::cancelled: return "Cancelled";
        case S::in_progress: return "In progress";
        case S::completed: return "Completed";
        case S::no_show: return "Missed";
    }
    return "Unknown";
}

ImU32 status_colour(core::AppointmentStatus status) {
    using S = core::AppointmentStatus;
    switch (status) {
        case S::confirmed:
        case S::in_progress: return IM_COL32(0x1f, 0x7a, 0x4d, 0xff);
        case S::requested: return IM_COL32(0xa1, 0x5c, 0x00, 0xff);
        case S::completed: return IM_COL32(0x3b, 0x5b, 0xa5, 0xff);
        default: return IM_COL32(0x6b, 0x72, 0x80, 0xff);
    }
}

void status_badge(core::AppointmentStatus status) {
    badge(status_label(status), status_colour(status));
    // A status, not plain text: screen readers announce it when it changes (e.g. "Confirmed" live).
    a11y::annotate_last(a11y::Role::status, status_label(status));
}

bool chip_row(const char* id, int& selected, const std::vector<std::string>& options) {
    ImGui::PushID(id);
    bool changed = false;
    const float right = ImGui::GetCursorScreenPos().x + content_width();
    const ImGuiStyle& style = ImGui::GetStyle();
    for (size_t i = 0; i < options.size(); ++i) {
        const float w = ImGui::CalcTextSize(options[i].c_str()).x + style.FramePadding.x * 2;
        if (i > 0) {
            ImGui::SameLine();
            if (ImGui::GetCursorScreenPos().x + w > right) ImGui::NewLine();
        }
        const std::string label = options[i] + "##chip" + std::to_string(i);
        if (button(label.c_str(), int(i) == selected ? ButtonKind::primary : ButtonKind::secondary, false)) {
            changed = int(i) != selected;
            selected = int(i);
        }
    }
    ImGui::PopID();
    return changed;
}

std::string one_line(const std::string& text, float width) {
    std::string line = text.substr(0, text.find('\n'));
    if (ImGui::CalcTextSize(display_text(line).c_str()).x <= width) return line;
    const auto lines = wrap_lines(line, std::max(40.f, width - ImGui::CalcTextSize("…").x));
    return line.substr(0, lines.empty() ? 0 : lines[0].second) + "…";
}

void begin_card(const char* id) {
    ImGui::PushID(id);
    ImGui::BeginGroup();
    ImGui::Dummy(ImVec2(0, 4));
}

void end_card() {
    ImGui::Dummy(ImVec2(0, 4));
    ImGui::EndGroup();
    // The frame is drawn behind the content after the fact, with the group's rectangle.
    const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float pad = 12.f;
    dl->AddRect(ImVec2(min.x - pad, min.y - 4), ImVec2(min.x + content_width() + pad, max.y + 4),
                ImGui::GetColorU32(ImGuiCol_Border), 10.f, 0, 1.f);
    ImGui::PopID();
    spacing(20);
}

ImU32 presence_colour(core::PresenceState state) {
    const Palette& p = palette();
    switch (state) {
        case core::PresenceState::online: return p.success;
        case core::PresenceState::away: return p.warning;
        case core::PresenceState::in_call: return IM_COL32(0x25, 0x63, 0xeb, 0xff);  // blue: busy, not danger
        case core::PresenceState::offline: break;
    }
    return p.text_muted;
}

void presence_dot(ImDrawList* dl, ImVec2 centre, float radius, const core::msg::PresenceInfo* info) {
    const core::PresenceState state = info ? info->state : core::PresenceState::offline;
    const ImU32 colour = presence_colour(state);
    dl->AddCircleFilled(centre, radius + 1.5f, palette().surface);  // a halo keeps it apart from any ground
    if (state == core::PresenceState::offline) dl->AddCircle(centre, radius - 0.75f, colour, 0, 1.5f);  // hollow
    else dl->AddCircleFilled(centre, radius, colour);
}

std::string presence_words(const core::msg::PresenceInfo* p) {
    return p ? core::presence_label(p->state, p->last_seen) : "Offline";
}

std::string presence_words_short(const core::msg::PresenceInfo* p) {
    const std::string words = presence_words(p);
    constexpr std::string_view kLast = "Last seen ";
    if (words.compare(0, kLast.size(), kLast) == 0) return "Seen " + words.substr(kLast.size());
    return words;
}

void presence_line(const core::msg::PresenceInfo* p) {
    const std::string words = presence_words(p);
    const float h = ImGui::GetTextLineHeight();
    const ImVec2 a = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    presence_dot(dl, ImVec2(a.x + 6.f, a.y + h * 0.5f), 5.f, p);
    dl->AddText(ImVec2(a.x + 18.f, a.y), palette().text_muted, words.c_str());
    ImGui::Dummy(ImVec2(18.f + ImGui::CalcTextSize(words.c_str()).x, h));
    a11y::annotate_last(a11y::Role::status, words);
}

std::string credits(std::int64_t n) { return app::credits_text(n); }  // the app's words, also in its questions

std::string credits_and_money(const app::AppState& state, std::int64_t n) {
    const auto m = app::credits_in_money(n, state.credits.packages);
    return m ? credits(n) + " (" + money(int(m->cents), m->currency) + ")" : credits(n);
}

std::string money(int cents, const std::string& currency) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%s%d.%02d", currency == "EUR" ? "€" : (currency + " ").c_str(), cents / 100, cents % 100);
    return buf;
}

}  // namespace ui::screens
