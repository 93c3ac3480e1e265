// The home tab, per role: a patient's next visits and credits, a doctor's verification and requests,
// an administrator's verification queue and accounts, a support agent's helpline (coming).
#include <imgui.h>

#include "ui/screens/screens.h"
#include "ui/screens/view_helpers.h"
#include "ui/toolkit/icons.h"
#include "ui/toolkit/widgets.h"

namespace ui::screens {
namespace {

using core::AppointmentStatus;
using core::msg::AppointmentInfo;

std::string first_name(const std::string& display_name) {
    const std::string name = display_name.rfind("Dr. ", 0) == 0 ? display_name.substr(4) : display_name;
    return name.substr(0, name.find(' '));
}

void upcoming(app::AppState& state, Actions& out, bool doctor_view, size_t max) {
    std::vector<const AppointmentInfo*> next;
    for (const auto& a : state.visits.appointments)
        if (a.open() && a.ends_at > state.now && next.size() < max) next.push_back(&a);
    if (next.empty()) return muted(doctor_view ? "Nothing booked yet." : "No appointments yet.");
    draw_appointment_list(state, next, doctor_view, out);
}

// The visit whose call can be joined now, first thing on Home: "Join now", and for the doctor who is
// waiting. The first such visit; there is seldom more than one.
void join_now_card(app::AppState& state, Actions& out, bool doctor_view) {
    for (const AppointmentInfo& a : state.visits.appointments) {
        if (a.status != AppointmentStatus::confirmed && a.status != AppointmentStatus::in_progress) continue;
        if (state.now < a.join_opens_at || state.now >= a.join_closes_at) continue;
        const std::string& with = doctor_view ? a.patient.display_name : a.doctor.display_name;
        const bool waiting = doctor_view && state.call_waiting.count(a.id);
        begin_card("join-now");
        heading((a.starts_at > state.now ? "Your visit with " + with + " at " + time_of_day(state, a.starts_at)
                                         : "Your visit with " + with + " is now")
                    .c_str(),
                2);
        if (waiting) text((with + " is in the waiting room.").c_str());
        else muted(a.status == AppointmentStatus::in_progress ? "The call is open." : "The call is open for joining.");
        if (button(ICON_VIDEO_CAMERA " Join now", ButtonKind::primary)) {
            out.push_back(app::OpenAppointment{a.id});
            out.push_back(app::OpenCall{a.id});
        }
        if (button("Open the visit", ButtonKind::secondary)) out.push_back(app::OpenAppointment{a.id});
        end_card();
        return;
    }
}

void patient_overview(app::AppState& state, Actions& out) {
    heading(("Welcome, " + first_name(state.user->display_name)).c_str());
    spacing(8);
    join_now_card(state, out, false);
    heading("Upcoming visits", 2);
    upcoming(state, out, false, 3);
    if (button(ICON_USER_MD " Find a doctor", ButtonKind::primary)) out.push_back(app::SelectTab{app::Tab::doctors});
    spacing(8);
    muted(("You have " + credits(state.credits.wallet.available) + ".").c_str());
    spacing();
    heading("Feeling unwell right now?", 3);
    emergency_note();
}

void doctor_overview(app::AppState& state, Actions& out) {
    heading(("Welcome, " + state.user->display_name).c_str());
    spacing(8);
    join_now_card(state, out, true);
    if (state.practice.verification != core::Verification::verified) {
        heading(ICON_SHIELD " Verification pending", 3);
        text("Our team checks your licence before patients can find and book you. Fill in your profile and "
             "weekly hours meanwhile; you will be notified here as soon as your account is verified.");
        if (button("Complete your profile", ButtonKind::secondary)) out.push_back(app::SelectTab{app::Tab::profile});
        spacing();
    }
    int requests = 0;
    for (const auto& a : state.visits.appointments) requests += a.status == AppointmentStatus::requested && a.starts_at > state.now;
    if (requests > 0) {
        text((std::to_string(requests) + (requests == 1 ? " request waits" : " requests wait") + " for your answer.").c_str());
        if (button("Answer requests", ButtonKind::primary)) out.push_back(app::SelectTab{app::Tab::schedule});
    }
    heading("Next visits", 2);
    upcoming(state, out, true, 5);
}

void admin_overview(app::AppState& state, Actions& out) {
    heading(("Welcome, " + first_name(state.user->display_name)).c_str());
    spacing(8);
    int pending = 0;
    for (const auto& d : state.verification.queue) pending += d.profile.verification == core::Verification::pending;
    text((std::to_string(pending) + (pending == 1 ? " doctor waits" : " doctors wait") + " for verification.").c_str());
    if (button(ICON_SHIELD " Verify doctors", ButtonKind::primary)) out.push_back(app::SelectTab{app::Tab::verification});
    if (button(ICON_USER " See all accounts", ButtonKind::secondary)) out.push_back(app::SelectTab{app::Tab::accounts});
    if (button(ICON_PLUS " Create a staff account", ButtonKind::secondary)) out.push_back(app::SelectTab{app::Tab::staff});
}

void support_overview(app::AppState& state) {
    heading(("Welcome, " + first_name(state.user->display_name)).c_str());
    spacing(8);
    text("The helpline opens here: patients' and doctors' requests will appear on this page.");
}

}  // namespace

void draw_overview(app::AppState& state, Actions& out) {
    switch (state.user->role) {
        case core::Role::doctor: return doctor_overview(state, out);
        case core::Role::admin: return admin_overview(state, out);
        case core::Role::support: return support_overview(state);
        case core::Role::patient: return patient_overview(state, out);
    }
}

}  // namespace ui::screens
