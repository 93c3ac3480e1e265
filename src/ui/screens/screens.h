// Every screen of the app, one file each under a folder per domain (the same domains as src/app),
// drawn from AppState. Screens read state, edit the text of the form fields they show, and push
// Actions; they never do I/O. screens.cpp is the one place that picks the screen and, inside the
// signed-in home, the panel of each tab.
//
//   accounts/      starting (connecting, outdated), sign_in, sign_up, home (navigation and header),
//                  overview (per role), accounts (admin: list, staff), account_settings
//   clinic/        doctors (find and book), appointments (visits, the visit detail), schedule (doctor's
//                  requests and week), practice (doctor's profile and hours), verification (admin)
//   credits/       credits (patients), earnings (doctors)
//   notifications/ notifications
//   calls/         call (pre-call check, waiting room, the call), waiting_banner (doctor: who waits)
//   recordings/    recordings (inside the visit detail)
//   invitations/   guest (an invitation link), invite_panel (the doctor's, in the call)
//   messaging/     messages (list + thread), conversation_list (and search), thread (bubbles, composer)
#pragma once
#include <vector>

#include "app/actions.h"
#include "app/state.h"

namespace ui::screens {

using Actions = std::vector<app::Action>;

void draw(app::AppState& state, Actions& out);  // picks the screen for state.screen
// The panel of a tab inside home.
void draw_panel(app::AppState& state, Actions& out);

// accounts/
void draw_starting(app::AppState& state, Actions& out);
void draw_sign_in(app::AppState& state, Actions& out);
void draw_sign_up(app::AppState& state, Actions& out);
void draw_home(app::AppState& state, Actions& out);
void draw_overview(app::AppState& state, Actions& out);
void draw_accounts(app::AppState& state, Actions& out);
void draw_staff(app::AppState& state, Actions& out);
void draw_account_settings(app::AppState& state, Actions& out);

// clinic/
void draw_doctors(app::AppState& state, Actions& out);  // the search, or the open doctor's times
void draw_slot_picker(app::AppState& state, Actions& out, bool reschedule);
void draw_patient_appointments(app::AppState& state, Actions& out);
void draw_appointment_detail(app::AppState& state, Actions& out);
void draw_appointment_list(const app::AppState& state, const std::vector<const core::msg::AppointmentInfo*>& list,
                           bool doctor_view, Actions& out);
void draw_schedule(app::AppState& state, Actions& out);
void draw_doctor_profile(app::AppState& state, Actions& out);
void draw_verification_queue(app::AppState& state, Actions& out);

// credits/, notifications/
void draw_credits(app::AppState& state, Actions& out);
void draw_earnings(app::AppState& state, Actions& out);
void draw_notifications(app::AppState& state, Actions& out);

// messaging/: the conversations list beside the open thread (desktop), one at a time (phone)
void draw_messages(app::AppState& state, Actions& out);
void draw_conversation_list(app::AppState& state, Actions& out);
void draw_thread(app::AppState& state, Actions& out, std::int64_t conversation_id);
// A "Message <name>" button (doctor's profile, a visit): opens the conversation with that person.
void message_button(const app::AppState& state, Actions& out, std::int64_t user_id, const std::string& name);

// calls/, recordings/, invitations/
void draw_call(app::AppState& state, Actions& out);            // while a call is open (state.call.phase != idle)
void draw_waiting_banner(app::AppState& state, Actions& out);  // the doctor: someone is in a waiting room
void draw_recordings(app::AppState& state, Actions& out);      // inside the visit detail
void draw_guest(app::AppState& state, Actions& out);           // opened by an invitation link (/?invite=)
void draw_notes_editor(app::AppState& state, bool with_summary, Actions& out);  // the doctor, a visit's notes
void draw_invite_panel(app::AppState& state, Actions& out);    // the host, in the call

// Shared pieces.
void connection_pill(const app::AppState& state);
void emergency_note();

}  // namespace ui::screens
