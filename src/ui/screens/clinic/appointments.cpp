// Appointments: the patient's visits (upcoming and past) and the visit detail both sides open:
// time in the viewer's zone, status and its history, join-window countdown, cancel and reschedule with
// the policy spelled out, calendar export, and for the doctor the decision, notes and summary.
#include "app/clinic/confirmations.h"
#include "core/time/format.h"
#include "platform/frame.h"
#include "ui/screens/screens.h"
#include "ui/screens/view_helpers.h"
#include "ui/a11y/a11y.h"
#include "ui/toolkit/layout.h"
#include "ui/toolkit/widgets.h"

namespace ui::screens {
namespace {

using namespace std::chrono;
using core::AppointmentAction;
using core::AppointmentStatus;
using core::msg::AppointmentInfo;

// A visit as a card-like row: when, who and the status on their own lines (nothing is cut off on a
// phone), the whole row one button in the accessibility layer.
void appointment_row(const app::AppState& state, const AppointmentInfo& a, bool doctor_view, Actions& out) {
    const std::string who = doctor_view ? a.patient.display_name : a.doctor.display_name + " (" + a.doctor.specialty_name + ")";
    const bool waiting = doctor_view && state.call_waiting.count(a.id);
    const std::string name = when(state, a.starts_at) + " · " + who + " · " + status_label(a.status) + (waiting ? " · Patient waiting" : "");
    ImGui::PushID(int(a.id));
    const ImVec2 start = ImGui::GetCursorScreenPos();
    const float width = content_width();
    ImGui::BeginGroup();
    ImGui::Dummy(ImVec2(width, 6));
    ImGui::Indent(12);
    text(when(state, a.starts_at).c_str());
    muted(who.c_str());
    badge(status_label(a.status), status_colour(a.status));
    if (waiting) {
        ImGui::SameLine();
        badge("Patient waiting", IM_COL32(0xb4, 0x53, 0x09, 0xff));
    }
    ImGui::Unindent(12);
    ImGui::Dummy(ImVec2(width, 6));
    ImGui::EndGroup();
    const ImVec2 size(width, ImGui::GetItemRectMax().y - start.y);
    ImGui::SetCursorScreenPos(start);
    if (ImGui::InvisibleButton("row", size)) out.push_back(app::OpenAppointment{a.id});
    a11y::annotate_last(a11y::Role::button, name);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRect(start, ImVec2(start.x + size.x, start.y + size.y),
                ImGui::GetColorU32(ImGui::IsItemHovered() ? ImGuiCol_ButtonHovered : ImGuiCol_Border), 10.f);
    ImGui::PopID();
    spacing(8);
}

void join_countdown(const app::AppState& state, const AppointmentInfo& a, Actions& out) {
    if (a.status != AppointmentStatus::confirmed && a.status != AppointmentStatus::in_progress) return;
    const core::Instant now = state.now;
    if (now < a.join_opens_at) {
        const auto left = a.join_opens_at - now;
        text(("The video call opens 30 minutes before the start, " + core::format_countdown(left) + ".").c_str());
        platform::request_frame_in(left < minutes(2) ? 1000.0 : 30000.0);  // keep the countdown current
    } else if (now < a.join_closes_at) {
        if (state.call_waiting.count(a.id)) badge("Patient waiting", IM_COL32(0xb4, 0x53, 0x09, 0xff));
        if (button(ICON_VIDEO_CAMERA " Join video call", ButtonKind::primary)) out.push_back(app::OpenCall{a.id});
        // The in-page backend plays the doctor (app/demo_doctor.h) for the patient; say so.
        if (state.demo && state.has_role(core::Role::patient))
            muted("Offline demo: a simulated doctor answers the call, with a made-up picture and sound.");
    } else {
        muted("The time to join this call has passed.");
    }
}

// The second question before an action that costs money or cannot be undone: what it does, in credits,
// with the way back beside the way forward. True when drawn (the buttons that led here are not).
// The question appears where the button was, often below the fold on a phone: brought into view once.
bool confirm_shown = false;

bool confirm_box(app::AppState& state, const AppointmentInfo& a, AppointmentAction action, bool doctor_view, Actions& out) {
    app::VisitsState& c = state.visits;
    if (!c.confirming) confirm_shown = false;
    if (c.confirming != action) return false;
    const auto ask = app::confirmation_for(a, action, doctor_view, state.now);
    if (!ask) return false;
    const bool first_frame = !confirm_shown;
    confirm_shown = true;
    begin_card("confirm");
    heading(ask->question.c_str(), 3);
    if (first_frame) ImGui::SetScrollHereY(0.25f);
    text(ask->consequence.c_str());
    if (action == AppointmentAction::cancel) text_field("Reason (optional)", c.action_message, {.max_chars = 1000});
    if (button(ask->yes.c_str(), ButtonKind::danger, true, !c.form.busy)) out.push_back(app::AppointmentCommand{a.id, action});
    if (!layout().phone) ImGui::SameLine();
    if (button(ask->no.c_str(), ButtonKind::secondary, true, !c.form.busy)) out.push_back(app::DismissConfirm{});
    end_card();
    return true;
}

void cancel_section(app::AppState& state, const AppointmentInfo& a, bool doctor_view, Actions& out) {
    app::VisitsState& c = state.visits;
    if (a.status != AppointmentStatus::requested && a.status != AppointmentStatus::confirmed) return;
    if (state.now >= a.starts_at) return;
    heading("Change or cancel", 3);
    if (!confirm_box(state, a, AppointmentAction::cancel, doctor_view, out)) {
        if (!doctor_view) {
            if (a.status == AppointmentStatus::requested || state.now <= a.free_cancel_until)
                muted(("Cancelling now refunds all " + credits(a.price_credits) + ".").c_str());
            else
                muted(("Cancelling now is late (less than 24 hours before): you get " +
                       credits(a.price_credits * a.late_cancel_refund_percent / 100) + " back.").c_str());
        } else {
            muted("If you cancel, the patient gets all credits back.");
        }
        // Not the first thing on a visit: a quiet button, and a second question before anything happens.
        if (button("Cancel appointment…", ButtonKind::secondary, true, !c.form.busy)) out.push_back(app::AskToConfirm{AppointmentAction::cancel});
    }
    if (!c.rescheduling) {
        if (button("Choose another time", ButtonKind::secondary)) out.push_back(app::BeginReschedule{});
    } else {
        heading("Pick the new time", 3);
        draw_slot_picker(state, out, true);
    }
}

void doctor_section(app::AppState& state, const AppointmentInfo& a, Actions& out) {
    app::VisitsState& c = state.visits;
    if (a.status == AppointmentStatus::requested) {
        heading("Request", 3);
        if (button(ICON_CHECK " Confirm", ButtonKind::primary, true, !c.form.busy))
            out.push_back(app::AppointmentCommand{a.id, AppointmentAction::confirm});
        text_field("Message to the patient when declining", c.action_message,
                   {.placeholder = "Why, and what they could do instead", .max_chars = 1000});
        if (button(ICON_TIMES " Decline", ButtonKind::secondary, true, !c.form.busy))
            out.push_back(app::AppointmentCommand{a.id, AppointmentAction::decline});
    }
    if ((a.status == AppointmentStatus::confirmed || a.status == AppointmentStatus::in_progress) && state.now >= a.starts_at) {
        heading("After the visit", 3);
        const bool asking = confirm_box(state, a, AppointmentAction::complete, true, out) ||
                            confirm_box(state, a, AppointmentAction::no_show, true, out);
        if (!asking) {
            if (button(ICON_CHECK " Mark completed…", ButtonKind::primary, true, !c.form.busy))
                out.push_back(app::AskToConfirm{AppointmentAction::complete});
            if (a.status == AppointmentStatus::confirmed && button("Patient did not attend…", ButtonKind::secondary, true, !c.form.busy))
                out.push_back(app::AskToConfirm{AppointmentAction::no_show});
        }
    }
    draw_notes_editor(state, true, out);
}

void history(const app::AppState& state, const AppointmentInfo& a) {
    if (!a.history || a.history->empty()) return;
    heading("History", 3);
    for (const core::msg::HistoryEntry& h : *a.history) {
        std::string who = h.actor_id == 0                ? "automatically"
                          : h.actor_id == a.doctor.id ? "by " + a.doctor.display_name
                                                        : "by " + a.patient.display_name;
        std::string line = when(state, h.at) + ": " + (!h.from ? std::string("Requested") : status_label(h.to)) + " " + who;
        if (!h.message.empty()) line += " — " + h.message;
        muted(line.c_str());
    }
}

}  // namespace

void draw_appointment_detail(app::AppState& state, Actions& out) {
    app::VisitsState& c = state.visits;
    const AppointmentInfo a = *c.detail;  // a copy: actions below may replace the detail
    const bool doctor_view = state.has_role(core::Role::doctor);
    if (link(ICON_ARROW_LEFT " Back")) out.push_back(app::CloseAppointment{});
    heading(doctor_view ? ("Visit with " + a.patient.display_name).c_str() : ("Visit with " + a.doctor.display_name).c_str());
    status_badge(a.status);
    text(when_with_zone(state, a.starts_at).c_str());
    if (doctor_view && a.patient.time_zone != viewer_zone(state).name()) {
        // Drawn once the zone's data is here (the web app fetches it on first use), never as UTC.
        const core::TimeZone& patient_zone = core::zone_or_utc(a.patient.time_zone);
        if (patient_zone.name() == a.patient.time_zone)
            muted(("Patient's local time: " + core::format_with_zone(a.starts_at, patient_zone)).c_str());
    }
    if (!doctor_view) muted((a.doctor.specialty_name + " · " + credits_and_money(state, a.price_credits)).c_str());
    join_countdown(state, a, out);
    if (a.status != AppointmentStatus::declined)
        doctor_view ? message_button(state, out, a.patient.id, a.patient.display_name) : message_button(state, out, a.doctor.id, a.doctor.display_name);
    spacing(8);
    if (!a.concern.empty()) {
        heading(doctor_view ? "Patient's concern" : "Your concern", 3);
        text(a.concern.c_str());
    }
    if (!doctor_view && !a.visit_summary.empty()) {
        heading("Visit summary", 3);
        text(a.visit_summary.c_str());
    }
    if (!c.form.error.empty()) error_text(c.form.error.c_str());
    if (doctor_view) doctor_section(state, a, out);
    cancel_section(state, a, doctor_view, out);
    spacing(8);
    if (a.status != AppointmentStatus::declined && a.status != AppointmentStatus::expired && button(ICON_CALENDAR " Add to calendar (.ics)", ButtonKind::secondary))
        out.push_back(app::DownloadCalendar{a.id});
    draw_recordings(state, out);
    history(state, a);
}

void draw_patient_appointments(app::AppState& state, Actions& out) {
    app::VisitsState& c = state.visits;
    if (c.rescheduling && c.detail) return draw_appointment_detail(state, out);
    if (c.detail) return draw_appointment_detail(state, out);
    heading("Your visits");
    if (c.loading && c.appointments.empty()) return spinner("Loading your visits…");
    std::vector<const AppointmentInfo*> upcoming, past;
    for (const AppointmentInfo& a : c.appointments) (a.open() && a.ends_at > state.now ? upcoming : past).push_back(&a);
    heading("Upcoming", 2);
    if (upcoming.empty()) {
        muted("No appointments yet.");
        if (button("Find a doctor", ButtonKind::primary)) out.push_back(app::SelectTab{app::Tab::doctors});
    }
    for (const auto* a : upcoming) appointment_row(state, *a, false, out);
    spacing();
    heading("Past and cancelled", 2);
    if (past.empty()) muted("Nothing here yet.");
    for (auto it = past.rbegin(); it != past.rend(); ++it) appointment_row(state, **it, false, out);
}

void draw_appointment_list(const app::AppState& state, const std::vector<const AppointmentInfo*>& list, bool doctor_view,
                           Actions& out) {
    for (const auto* a : list) appointment_row(state, *a, doctor_view, out);
}

}  // namespace ui::screens
