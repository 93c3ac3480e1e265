// The doctor, anywhere in the app: who is in a waiting room now, with a button into that call (from
// call.waiting events, kept by the call module).
#include "ui/a11y/a11y.h"
#include "ui/screens/screens.h"
#include "ui/screens/view_helpers.h"
#include "ui/toolkit/widgets.h"

namespace ui::screens {

// The doctor, anywhere in the app: who is in a waiting room now, with a button into that call.
void draw_waiting_banner(app::AppState& state, Actions& out) {
    if (!state.has_role(core::Role::doctor) || state.call_waiting.empty()) return;
    for (const auto& [id, names] : state.call_waiting) {
        std::string who;
        for (const std::string& n : names) who += (who.empty() ? "" : ", ") + n;
        std::string visit;
        for (const core::msg::AppointmentInfo& a : state.visits.appointments)
            if (a.id == id) visit = " of the video visit at " + time_of_day(state, a.starts_at);
        spacing(8);
        badge(names.size() == 1 ? "Patient waiting" : "People waiting", IM_COL32(0xb4, 0x53, 0x09, 0xff));
        text((who + (names.size() == 1 ? " is" : " are") + " in the waiting room" + visit + ".").c_str());
        a11y::annotate_last(a11y::Role::status, who + " waiting for the video visit");
        if (button((ICON_VIDEO_CAMERA " Open the call##waiting" + std::to_string(id)).c_str(), ButtonKind::primary, false))
            out.push_back(app::OpenCall{id});
    }
}

}  // namespace ui::screens
