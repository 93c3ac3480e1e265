#include "core/notifications/routes.h"

#include "core/notifications/messages.h"

namespace core {

void add_notification_routes(Routes& routes, NotificationService& notifications) {
    routes.add<msg::ListNotifications>(Who::signed_in, [&notifications](RequestContext& c, msg::ListNotifications& in)
                                                           -> Result<msg::NotificationList> {
        auto page = notifications.list(c.auth().user.id, in.limit);
        if (!page) return page.error();
        msg::NotificationList out;
        for (const Notification& n : page->notifications) out.notifications.push_back(msg::NotificationInfo::of(n));
        out.unread = page->unread;
        return out;
    });
    routes.add<msg::MarkNotificationRead>(Who::signed_in, [&notifications](RequestContext& c, msg::MarkNotificationRead& in)
                                                              -> Result<protocol::Empty> {
        if (auto r = notifications.mark_read(c.auth().user.id, in.notification_id); !r) return r.error();
        return protocol::Empty{};
    });
}

}  // namespace core
