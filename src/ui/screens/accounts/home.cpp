// The signed-in home: navigation for the role, the header (connection, notifications, who is signed
// in), the doctor's waiting banner, and the panel of the selected tab (screens.cpp).
#include <string>

#include "ui/screens/screens.h"
#include "ui/toolkit/widgets.h"

namespace ui::screens {
namespace {

const char* tab_icon(app::Tab tab) {
    switch (tab) {
        case app::Tab::overview: return ICON_HOME;
        case app::Tab::doctors: return ICON_USER_MD;
        case app::Tab::appointments: return ICON_CALENDAR;
        case app::Tab::credits: return ICON_PLUS;
        case app::Tab::schedule: return ICON_CALENDAR;
        case app::Tab::profile: return ICON_USER_MD;
        case app::Tab::earnings: return ICON_HEARTBEAT;
        case app::Tab::verification: return ICON_SHIELD;
        case app::Tab::accounts: return ICON_USER;
        case app::Tab::staff: return ICON_SHIELD;
        case app::Tab::notifications: return ICON_BELL;
        case app::Tab::messages: return ICON_COMMENTS;
        case app::Tab::account: return ICON_COG;
    }
    return ICON_CIRCLE;
}

void navigation(app::AppState& state, Actions& out) {
    const bool phone = layout().phone;
    begin_nav(phone);
    for (app::Tab tab : app::tabs_for_role(state.user->role))
        if (nav_item(tab_icon(tab), app::tab_label(tab), state.tab == tab, tab == app::Tab::messages ? state.messaging.total_unread : 0))
            out.push_back(app::SelectTab{tab});
    end_nav();
}

void header(app::AppState& state, Actions& out) {
    connection_pill(state);  // says "Offline demo" in the demo
    ImGui::SameLine(0.f, 16.f);
    const int unread = state.notifications.unread;
    const std::string bell = unread > 0 ? std::string(ICON_BELL " ") + std::to_string(unread) : std::string(ICON_BELL);
    const std::string bell_label = unread > 0 ? std::to_string(unread) + (unread == 1 ? " unread notification" : " unread notifications")
                                             : std::string("Notifications");
    if (icon_button(bell.c_str(), bell_label.c_str())) out.push_back(app::SelectTab{app::Tab::notifications});
    muted((std::string(app::role_label(state.user->role)) + " · " + state.user->display_name).c_str());
}

}  // namespace

void draw_home(app::AppState& state, Actions& out) {
    if (!state.user) return draw_starting(state, out);
    begin_screen(app::tab_label(state.tab));
    // A new view starts at the top, not at the previous view's scroll position.
    static std::string last_view;
    const std::string view = std::to_string(int(state.tab)) + "/" +
                             std::to_string(state.booking.doctor ? state.booking.doctor->doctor_id : 0) + "/" +
                             std::to_string(state.visits.detail ? state.visits.detail->id : 0);
    if (view != last_view) ImGui::SetScrollY(0);
    last_view = view;
    navigation(state, out);
    begin_column("home", state.tab == app::Tab::schedule || state.tab == app::Tab::messages ? 1100.f : 760.f);
    header(state, out);
    draw_waiting_banner(state, out);
    spacing(8);
    draw_panel(state, out);
    end_column();
    end_screen();
}

}  // namespace ui::screens
