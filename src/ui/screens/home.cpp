#include "ui/screens/screens.h"
#include "ui/toolkit/widgets.h"

namespace ui::screens {
namespace {

const char* tab_icon(app::Tab tab) {
    switch (tab) {
        case app::Tab::overview: return ICON_HOME;
        case app::Tab::appointments: return ICON_CALENDAR;
        case app::Tab::messages: return ICON_COMMENTS;
        case app::Tab::schedule: return ICON_CALENDAR;
        case app::Tab::patients: return ICON_USER;
        case app::Tab::accounts: return ICON_USER;
        case app::Tab::staff: return ICON_SHIELD;
        case app::Tab::tickets: return ICON_LIFE_RING;
        case app::Tab::account: return ICON_COG;
    }
    return ICON_CIRCLE;
}

void navigation(app::AppState& state, Actions& out) {
    const bool phone = layout().phone;
    begin_nav(phone);
    for (app::Tab tab : app::tabs_for_role(state.user->role))
        if (nav_item(tab_icon(tab), app::tab_label(tab), state.tab == tab)) out.push_back(app::SelectTab{tab});
    end_nav();
}

void header(app::AppState& state) {
    connection_pill(state);
    if (state.demo) {
        ImGui::SameLine();
        badge("Offline demo", IM_COL32(0x6b, 0x4f, 0xbb, 0xff));
    }
    muted((std::string(app::role_label(state.user->role)) + " · " + state.user->display_name).c_str());
}

}  // namespace

void draw_home(app::AppState& state, Actions& out) {
    if (!state.user) return draw_starting(state, out);
    begin_screen(app::tab_label(state.tab));
    navigation(state, out);
    begin_column("home", 760);
    header(state);
    spacing(8);
    switch (state.tab) {
        case app::Tab::overview: draw_overview(state, out); break;
        case app::Tab::accounts: draw_accounts(state, out); break;
        case app::Tab::staff: draw_staff(state, out); break;
        case app::Tab::account: draw_account_settings(state, out); break;
        default: draw_empty_panel(state, out); break;
    }
    end_column();
    end_screen();
}

}  // namespace ui::screens
