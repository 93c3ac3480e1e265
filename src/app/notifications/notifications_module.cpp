#include "app/notifications/notifications_module.h"

#include <algorithm>

namespace app {

namespace msg = core::msg;

NotificationsModule::NotificationsModule(Context& ctx) : FeatureModule(ctx) {
    ctx.events.on<msg::NotificationCreated>([this](const msg::NotificationCreated& e) {
        if (!state().user) return;
        NotificationsState& n = state().notifications;
        n.list.insert(n.list.begin(), e.notification);
        ++n.unread;
        ctx_.notify(Notice::Kind::info, e.notification.title + ": " + e.notification.body);
    });
}

void NotificationsModule::apply(const NotificationsAction& action) {
    std::visit(overloaded{
                   [this](const LoadNotifications&) { load(); },
                   [this](const ReadNotification& a) { read(a.notification_id); },
               },
               action);
}

void NotificationsModule::on_tab(Tab tab) {
    if (tab == Tab::notifications) load();
}

void NotificationsModule::load() {
    client().call(msg::ListNotifications{50}, [this](msg::NotificationList& r) {
        state().notifications.list = std::move(r.notifications);
        state().notifications.unread = r.unread;
    });
}

void NotificationsModule::read(std::int64_t id) {
    NotificationsState& n = state().notifications;
    auto it = std::find_if(n.list.begin(), n.list.end(), [&](const msg::NotificationInfo& x) { return x.id == id; });
    if (it == n.list.end()) return;
    if (!it->read) {
        it->read = true;
        n.unread = std::max(0, n.unread - 1);
        client().call(msg::MarkNotificationRead{id}, nullptr);
    }
    if (it->appointment_id) {
        state().tab = state().has_role(core::Role::doctor) ? Tab::schedule : Tab::appointments;
        ctx_.dispatch(OpenAppointment{*it->appointment_id});
    }
}

}  // namespace app
