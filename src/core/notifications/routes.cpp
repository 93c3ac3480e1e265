#include "core/notifications/routes.h"

#include "core/notifications/messages.h"

namespace core {
namespace {

msg::NotificationPrefs prefs_reply(const std::vector<NotificationPref>& prefs) {
    msg::NotificationPrefs out;
    for (const NotificationPref& p : prefs) out.prefs.push_back(msg::ChannelPrefsInfo::of(p));
    return out;
}

}  // namespace

void add_notification_routes(Routes& routes, NotificationService& notifications) {
    routes.add<msg::ListNotifications>(Who::signed_in, [&notifications](RequestContext& c, msg::ListNotifications& in)
                                                           -> Result<msg::NotificationList> {
        auto page = notifications.list(c.auth().user.id, in.limit);
        if (!page) return page.error();
        msg::NotificationList out;
        for (const Notification& n : page->notifications) out.notifications.push_back(msg::NotificationInfo::of(n));
        out.unread = page->unread;
        return out;
    }, Work::scan);
    routes.add<msg::MarkNotificationRead>(Who::signed_in, [&notifications](RequestContext& c, msg::MarkNotificationRead& in)
                                                              -> Result<msg::UnreadNotifications> {
        auto r = notifications.mark_read(c.auth().user.id, in.notification_id, c.effects());
        if (!r) return r.error();
        return msg::UnreadNotifications{*r};
    });
    routes.add<msg::MarkAllNotificationsRead>(Who::signed_in, [&notifications](RequestContext& c, msg::MarkAllNotificationsRead&)
                                                                  -> Result<msg::UnreadNotifications> {
        auto r = notifications.mark_all_read(c.auth().user.id, c.effects());
        if (!r) return r.error();
        return msg::UnreadNotifications{*r};
    });
    routes.add<msg::GetNotificationPrefs>(Who::signed_in, [&notifications](RequestContext& c, msg::GetNotificationPrefs&)
                                                              -> Result<msg::NotificationPrefs> {
        return prefs_reply(notifications.prefs(c.auth().user.id));
    });
    routes.add<msg::SetNotificationPrefs>(Who::signed_in, [&notifications](RequestContext& c, msg::SetNotificationPrefs& in)
                                                              -> Result<msg::NotificationPrefs> {
        std::vector<NotificationPref> update;
        for (const msg::ChannelPrefsInfo& p : in.prefs) update.push_back(p.pref());
        auto r = notifications.set_prefs(c.auth().user.id, update, c.effects());
        if (!r) return r.error();
        return prefs_reply(*r);
    });
}

}  // namespace core
