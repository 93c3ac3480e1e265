// Every screen of the app, one file each, drawn from AppState. Screens read state, edit the text of
// the form fields they show, and push Actions; they never do I/O.
//
//   starting.cpp   connecting / fatal (outdated app)
//   sign_in.cpp    sign in, demo accounts, links to sign up and the demo
//   sign_up.cpp    create a patient or doctor account
//   home.cpp       the signed-in shell: navigation per role, header, the selected panel
//   panels.cpp     the panels inside home (overview per role, accounts, staff, account settings…)
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

// Panels inside home.
void draw_overview(app::AppState& state, Actions& out);
void draw_accounts(app::AppState& state, Actions& out);
void draw_staff(app::AppState& state, Actions& out);
void draw_account_settings(app::AppState& state, Actions& out);
void draw_empty_panel(app::AppState& state, Actions& out);

// Shared pieces.
void connection_pill(const app::AppState& state);
void emergency_note();

}  // namespace ui::screens
