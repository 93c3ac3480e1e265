// Doctors: requests to answer, and the week as a calendar grid (a day-by-day list on phones).
#include <algorithm>

#include "app/clinic/requests.h"
#include "core/time/format.h"
#include "ui/a11y/a11y.h"
#include "ui/screens/screens.h"
#include "ui/screens/view_helpers.h"
#include "ui/toolkit/fonts.h"
#include "ui/toolkit/layout.h"
#include "ui/toolkit/text_shaping.h"
#include "ui/toolkit/widgets.h"

namespace ui::screens {
namespace {

using namespace std::chrono;
using core::AppointmentStatus;
using core::msg::AppointmentInfo;

struct Week {
    core::Instant day_start[8];  // local midnights, Monday .. next Monday
    std::string day_name[7];
};

Week week_of(const app::AppState& state, int offset) {
    const core::TimeZone& zone = viewer_zone(state);
    const local_days today = floor<days>(zone.to_local(state.now));
    const local_days monday = today - days((weekday{today}.iso_encoding() - 1)) + days(7 * offset);
    Week w;
    for (int i = 0; i < 8; ++i) w.day_start[i] = zone.to_utc(core::LocalTime{monday + days(i)}).earliest;
    for (int i = 0; i < 7; ++i) {
        const std::string d = day_label(state, w.day_start[i] + hours(12));
        w.day_name[i] = d.substr(0, d.rfind(' '));
    }
    return w;
}

void calendar_grid(const app::AppState& state, const Week& w, const std::vector<const AppointmentInfo*>& items, Actions& out) {
    const core::TimeZone& zone = viewer_zone(state);
    int first_hour = 8, last_hour = 19;
    for (const auto* a : items) {
        const auto p = core::local_parts(a->starts_at, zone);
        first_hour = std::min(first_hour, p.hour);
        last_hour = std::max(last_hour, p.hour + 1);
    }
    const float hour_h = 64.f, gutter = 56.f, header = 28.f;
    const float width = content_width();
    const float col_w = (width - gutter) / 7.f;
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImU32 line = ImGui::GetColorU32(ImGuiCol_Border), label = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    const float height = header + hour_h * float(last_hour - first_hour);
    for (int d = 0; d < 7; ++d) {
        const float x = origin.x + gutter + col_w * float(d);
        dl->AddText(ImVec2(x + 6, origin.y + 4), ImGui::GetColorU32(ImGuiCol_Text), w.day_name[d].c_str());
        dl->AddLine(ImVec2(x, origin.y), ImVec2(x, origin.y + height), line);
    }
    for (int h = first_hour; h <= last_hour; ++h) {
        const float y = origin.y + header + hour_h * float(h - first_hour);
        char buf[8];
        std::snprintf(buf, sizeof buf, "%02d:00", h % 100);
        dl->AddText(ImVec2(origin.x + 4, y - 8), label, buf);
        dl->AddLine(ImVec2(origin.x + gutter, y), ImVec2(origin.x + width, y), line);
    }
    for (const auto* a : items) {
        const int day = int(std::upper_bound(w.day_start, w.day_start + 8, a->starts_at) - w.day_start) - 1;
        if (day < 0 || day > 6) continue;
        const auto p = core::local_parts(a->starts_at, zone);
        const float minutes_from_top = float((p.hour - first_hour) * 60 + p.minute);
        const float length = float(duration_cast<minutes>(a->ends_at - a->starts_at).count());
        ImGui::SetCursorScreenPos(ImVec2(origin.x + gutter + col_w * float(day) + 2, origin.y + header + minutes_from_top * hour_h / 60.f + 1));
        ImGui::PushStyleColor(ImGuiCol_Button, status_colour(a->status));
        ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32_WHITE);
        ImGui::PushStyleVar(ImGuiStyleVar_ButtonTextAlign, ImVec2(0.f, 0.5f));
        ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(6.f, 2.f));
        const std::string& patient = a->patient.display_name;
        const std::string name = time_of_day(state, a->starts_at) + " " + patient;
        // A day column is narrow: the block shows the time and first name; the full name is in its label.
        // Shaped and substituted like all text (Arabic joined and right to left, other scripts drawn by the browser).
        const std::string id = display_text(time_of_day(state, a->starts_at) + " " + patient.substr(0, patient.find(' '))) +
                               "##cal" + std::to_string(a->id);
        if (ImGui::Button(id.c_str(), ImVec2(col_w - 4, std::max(22.f, length * hour_h / 60.f - 2)))) out.push_back(app::OpenAppointment{a->id});
        a11y::annotate_last(a11y::Role::button, name + ", " + status_label(a->status) +
                                                    (state.call_waiting.count(a->id) ? ", patient waiting" : ""));
        ImGui::PopStyleVar(2);
        ImGui::PopStyleColor(2);
    }
    ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + height + 8));
    ImGui::Dummy(ImVec2(width, 1));
}

}  // namespace

namespace {

using View = app::VisitsState::ScheduleView;

// One request: tick, when, who and why on one line on a desktop (two on a phone), its two answers at
// the end. The time and name open the visit.
void request_row(const app::AppState& state, const AppointmentInfo& a, bool busy, Actions& out) {
    const app::VisitsState& c = state.visits;
    const bool phone = layout().phone;
    ImGui::PushID(int(a.id));
    const float row_x = ImGui::GetCursorScreenPos().x, row_w = content_width();
    bool ticked = c.selected.count(a.id) > 0;
    if (checkbox(("##tick-" + std::to_string(a.id)).c_str(), ticked, "Select " + a.patient.display_name + ", " + when(state, a.starts_at)))
        out.push_back(app::ToggleRequest{a.id});
    ImGui::SameLine();
    // The two answers' width, as the toolkit sizes a button: its text plus padding, at least 96 px.
    auto button_w = [](const char* label) { return std::max(ImGui::CalcTextSize(display_text(label).c_str()).x + 40.f, 96.f); };
    ImGui::PushFont(fonts().body);
    const float answers_w = phone ? 0.f : button_w(ICON_CHECK " Confirm") + button_w(ICON_TIMES " Decline") + ImGui::GetStyle().ItemSpacing.x;
    ImGui::PopFont();
    const float line_w = std::max(120.f, row_w - (ImGui::GetCursorScreenPos().x - row_x) - answers_w);
    // "Mon 7 Dec, 23:15": the year only adds width to a list of the coming days.
    const std::string day = day_label(state, a.starts_at);
    const std::string at = day.substr(0, day.rfind(' ')) + ", " + time_of_day(state, a.starts_at);
    // A desktop row: when · who · why. A phone: who (the link), then when · why below.
    std::string line = phone ? a.patient.display_name : at + " · " + a.patient.display_name;
    if (!phone && !a.concern.empty()) line += " · " + a.concern;
    if (link(display_text(one_line(line, line_w - 8.f)).c_str())) out.push_back(app::OpenAppointment{a.id});
    if (phone) muted(one_line(a.concern.empty() ? at : at + " · " + a.concern, row_w).c_str());
    if (!phone) {
        ImGui::SameLine();
        ImGui::SetCursorScreenPos(ImVec2(row_x + row_w - answers_w, ImGui::GetCursorScreenPos().y));
    }
    if (button((ICON_CHECK " Confirm##" + std::to_string(a.id)).c_str(), ButtonKind::primary, false, !busy))
        out.push_back(app::AnswerRequests{{a.id}, core::AppointmentAction::confirm});
    ImGui::SameLine();
    if (button((ICON_TIMES " Decline##" + std::to_string(a.id)).c_str(), ButtonKind::secondary, false, !busy))
        out.push_back(app::AnswerRequests{{a.id}, core::AppointmentAction::decline});
    ImGui::PopID();
    ImGui::Separator();
}

void requests_view(app::AppState& state, Actions& out) {
    const app::VisitsState& c = state.visits;
    int filter = int(c.request_filter);
    if (segmented("Show", filter, {app::kRequestFilterLabels[0], app::kRequestFilterLabels[1], app::kRequestFilterLabels[2],
                                   app::kRequestFilterLabels[3]}))
        out.push_back(app::FilterRequests{app::RequestFilter(filter)});
    const auto requests = app::requests_to_answer(c.appointments, state.now, viewer_zone(state), c.request_filter);
    if (requests.empty()) {
        muted(c.request_filter == app::RequestFilter::all ? "No open requests." : "No open requests on these days.");
        return;
    }
    // One answer to many: the ticked ones among those shown.
    std::vector<std::int64_t> shown, ticked;
    for (const auto* a : requests) {
        shown.push_back(a->id);
        if (c.selected.count(a->id)) ticked.push_back(a->id);
    }
    const bool busy = c.answers_in_flight > 0;
    bool all = ticked.size() == shown.size();
    if (checkbox(("Select all " + std::to_string(shown.size()) + " shown").c_str(), all))
        out.push_back(app::SelectRequests{all ? shown : std::vector<std::int64_t>{}});
    if (!ticked.empty()) {
        if (!layout().phone) ImGui::SameLine();
        const std::string n = std::to_string(ticked.size());
        if (button((ICON_CHECK " Confirm " + n + " selected").c_str(), ButtonKind::primary, false, !busy))
            out.push_back(app::AnswerRequests{ticked, core::AppointmentAction::confirm});
        ImGui::SameLine();
        if (button(("Clear selection##" + n).c_str(), ButtonKind::ghost, false)) out.push_back(app::SelectRequests{});
    }
    if (busy) muted(("Sending " + std::to_string(c.answers_in_flight) + " answers…").c_str());
    spacing(8);
    for (const auto* a : requests) request_row(state, *a, busy, out);
}

void calendar_view(app::AppState& state, Actions& out) {
    const app::VisitsState& c = state.visits;
    const Week w = week_of(state, c.agenda_week);
    heading(("Week of " + w.day_name[0]).c_str(), 2);
    if (button(ICON_CHEVRON_LEFT " Previous", ButtonKind::ghost, false)) out.push_back(app::ShiftAgendaWeek{-1});
    ImGui::SameLine();
    if (button("This week", ButtonKind::ghost, false)) out.push_back(app::ShiftAgendaWeek{0});
    ImGui::SameLine();
    if (button("Next " ICON_CHEVRON_RIGHT, ButtonKind::ghost, false)) out.push_back(app::ShiftAgendaWeek{1});
    muted(("Times in " + std::string(viewer_zone(state).name()) + ".").c_str());
    std::vector<const AppointmentInfo*> week;
    for (const auto& a : c.appointments)
        if (a.starts_at >= w.day_start[0] && a.starts_at < w.day_start[7] && a.status != AppointmentStatus::declined &&
            a.status != AppointmentStatus::expired && a.status != AppointmentStatus::cancelled)
            week.push_back(&a);
    if (!layout().phone) return calendar_grid(state, w, week, out);
    if (week.empty()) muted("Nothing booked this week.");
    for (int d = 0; d < 7; ++d) {
        std::vector<const AppointmentInfo*> today;
        for (const auto* a : week)
            if (a->starts_at >= w.day_start[d] && a->starts_at < w.day_start[d + 1]) today.push_back(a);
        if (today.empty()) continue;
        heading(w.day_name[d].c_str(), 3);
        draw_appointment_list(state, today, true, out);
    }
}

}  // namespace

// Requests in a compact table (answer each, or tick many and confirm them at once, narrowed by day) and
// the week's calendar, one click apart: a doctor with 200 open requests still sees the calendar at once.
void draw_schedule(app::AppState& state, Actions& out) {
    app::VisitsState& c = state.visits;
    if (c.detail) return draw_appointment_detail(state, out);
    heading("Schedule");
    const std::size_t open = app::requests_to_answer(c.appointments, state.now, viewer_zone(state), app::RequestFilter::all).size();
    int view = int(c.schedule_view);
    if (segmented("View", view, {"Requests (" + std::to_string(open) + ")", "Calendar"}))
        out.push_back(app::ShowScheduleView{View(view)});
    spacing(8);
    if (c.schedule_view == View::calendar) return calendar_view(state, out);
    requests_view(state, out);
}

}  // namespace ui::screens
