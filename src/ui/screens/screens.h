// Every screen of the app, one file each, drawn from AppState. Screens read state, edit the text of
// the form fields they show, and push Actions; they never do I/O.
//
//   starting.cpp   connecting / fatal (outdated app)
//   sign_in.cpp    sign in, demo accounts, links to sign up and the demo
//   sign_up.cpp    create a patient or doctor account
//   home.cpp       the signed-in shell: navigation per role, header, the selected panel
//   panels.cpp     the panels inside home (overview per role, accounts, staff, account settings…)
//   doctors.cpp    patients: find a doctor, pick a time, book
//   appointments.cpp  visits list and the visit detail both sides open
//   schedule.cpp   doctors: requests and the week calendar
//   credits.cpp    credits and earnings, doctor profile and hours, verification queue, notifications
#pragma once
#include <vector>

#include "app/actions.h"
#include "app/state.h"

namespace ui::screens {

using Actions = std::vector<app::Action>;

void draw(app::AppState& state, Actions& out);  // picks the screen for state.screen

void draw_starting(app::AppState& state, Actions& out);
void draw_sign_in(app::AppState& state, Actions& out);
void draw_sign_up(app::AppState& state, Actions& out);
void draw_home(app::AppState& state, Actions& out);
void draw_call(app::AppState& state, Actions& out);  // while a call is open (state.call.phase != idle)
void draw_guest(app::AppState& state, Actions& out); // opened by an invitation link (/?invite=)
void draw_waiting_banner(app::AppState& state, Actions& out);  // the doctor: someone is in a waiting room

// Panels inside home.
void draw_overview(app::AppState& state, Actions& out);
void draw_accounts(app::AppState& state, Actions& out);
void draw_staff(app::AppState& state, Actions& out);
void draw_account_settings(app::AppState& state, Actions& out);
void draw_notifications(app::AppState& state, Actions& out);

// Clinic panels (doctors.cpp, appointments.cpp, schedule.cpp, credits.cpp).
void draw_doctor_search(app::AppState& state, Actions& out);
void draw_doctor_booking(app::AppState& state, Actions& out);
void draw_slot_picker(app::AppState& state, Actions& out, bool reschedule);
void draw_patient_appointments(app::AppState& state, Actions& out);
void draw_appointment_detail(app::AppState& state, Actions& out);
void draw_recordings(app::AppState& state, Actions& out);  // recordings.cpp: inside the visit detail
void draw_appointment_list(const app::AppState& state, const std::vector<const app::AppointmentItem*>& list,
                           bool doctor_view, Actions& out);
void draw_schedule(app::AppState& state, Actions& out);
void draw_credits(app::AppState& state, Actions& out);
void draw_earnings(app::AppState& state, Actions& out);
void draw_doctor_profile(app::AppState& state, Actions& out);
void draw_verification_queue(app::AppState& state, Actions& out);

// Shared pieces.
void connection_pill(const app::AppState& state);
void emergency_note();

}  // namespace ui::screens
