#include "ui/screens/screens.h"

#include "ui/toolkit/theme.h"
#include "ui/toolkit/widgets.h"

namespace ui::screens {

namespace {

using PanelFn = void (*)(app::AppState&, Actions&);

// The panel each tab of the signed-in home shows.
PanelFn panel_of(app::Tab tab) {
    switch (tab) {
        case app::Tab::overview: return draw_overview;
        case app::Tab::accounts: return draw_accounts;
        case app::Tab::staff: return draw_staff;
        case app::Tab::account: return draw_account_settings;
        case app::Tab::notifications: return draw_notifications;
        case app::Tab::messages: return draw_messages;
        case app::Tab::doctors: return draw_doctors;
        case app::Tab::appointments: return draw_patient_appointments;
        case app::Tab::credits: return draw_credits;
        case app::Tab::schedule: return draw_schedule;
        case app::Tab::profile: return draw_doctor_profile;
        case app::Tab::earnings: return draw_earnings;
        case app::Tab::verification: return draw_verification_queue;
    }
    return draw_overview;
}

}  // namespace

void draw(app::AppState& state, Actions& out) {
    const Theme wanted = app::wants_dark(state.accounts) ? Theme::dark : Theme::light;
    if (theme() != wanted) set_theme(wanted);  // the person's choice, or the device's dark mode
    if (!state.fatal.empty()) return draw_starting(state, out);
    switch (state.screen) {
        case app::Screen::starting: return draw_starting(state, out);
        case app::Screen::sign_in: return draw_sign_in(state, out);
        case app::Screen::sign_up: return draw_sign_up(state, out);
        case app::Screen::home:
            if (state.call.phase != app::CallPhase::idle) return draw_call(state, out);
            return draw_home(state, out);
        case app::Screen::guest: return draw_guest(state, out);
    }
}

void draw_panel(app::AppState& state, Actions& out) { panel_of(state.tab)(state, out); }

void connection_pill(const app::AppState& state) {
    switch (state.connection) {
        case app::ConnectionStatus::connecting: return connection_indicator(Connection::connecting);
        case app::ConnectionStatus::online: return connection_indicator(Connection::online);
        case app::ConnectionStatus::reconnecting: return connection_indicator(Connection::reconnecting);
        case app::ConnectionStatus::outdated: return connection_indicator(Connection::offline);
        case app::ConnectionStatus::demo: return connection_indicator(Connection::demo);
    }
}

void emergency_note() {
    muted(ICON_EXCLAMATION_TRIANGLE " In a medical emergency, call your local emergency number (112 in Europe, "
                                    "911 in North America) now. Do not wait for an online consultation.");
}

}  // namespace ui::screens
