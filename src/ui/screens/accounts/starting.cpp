// Before the app can show anything: connecting (or retrying), or the app is outdated (reload).
#include "ui/screens/screens.h"
#include "ui/toolkit/widgets.h"

namespace ui::screens {

void draw_starting(app::AppState& state, Actions& out) {
    begin_screen(state.fatal.empty() ? "Connecting" : "Update needed");
    begin_column("starting", 440);
    spacing(layout().height * 0.25f);
    heading("Telemed");
    if (!state.fatal.empty()) {
        error_text(state.fatal.c_str());
        spacing();
        if (button(ICON_REFRESH " Reload the page")) out.push_back(app::ReloadPage{});
    } else if (state.connection == app::ConnectionStatus::reconnecting) {
        spinner("Cannot reach the server. Retrying…");
        muted("Check your internet connection. The app keeps trying by itself.");
    } else {
        spinner("Connecting…");
    }
    end_column();
    end_screen();
}

}  // namespace ui::screens
