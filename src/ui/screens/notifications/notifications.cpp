// Everyone's notifications, newest first; unread ones are marked, and opening one opens its visit.
#include "ui/screens/screens.h"
#include "ui/screens/view_helpers.h"
#include "ui/toolkit/widgets.h"

namespace ui::screens {

void draw_notifications(app::AppState& state, Actions& out) {
    const app::NotificationsState& c = state.notifications;
    heading("Notifications");
    if (c.list.empty()) return muted("No notifications yet.");
    for (const core::msg::NotificationInfo& n : c.list) {
        const std::string label = std::string(n.read ? "" : "● ") + n.title + " — " + n.body + " · " + when(state, n.created_at) +
                                  "##n" + std::to_string(n.id);
        if (button(label.c_str(), ButtonKind::ghost)) out.push_back(app::ReadNotification{n.id});
    }
}

}  // namespace ui::screens
