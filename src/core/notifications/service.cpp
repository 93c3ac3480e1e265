#include "core/notifications/service.h"

#include <algorithm>

#include "core/notifications/messages.h"
#include "core/notifications/rules.h"

namespace core {
namespace {

std::vector<msg::ChannelPrefsInfo> infos(const std::vector<NotificationPref>& prefs) {
    std::vector<msg::ChannelPrefsInfo> out;
    for (const NotificationPref& p : prefs) out.push_back(msg::ChannelPrefsInfo::of(p));
    return out;
}

void announce_read(Transaction& tx, UserId user, std::vector<NotificationId> ids) {
    tx.effects().to_user(user, msg::NotificationsRead{std::move(ids), tx.notifications().unread_notifications(user)});
}

}  // namespace

Notification notify(Transaction& tx, Instant now, UserId user, std::string kind, std::string title, std::string body,
                    std::optional<AppointmentId> appointment) {
    Notification n;
    n.user_id = user;
    n.kind = std::move(kind);
    n.title = std::move(title);
    n.body = std::move(body);
    n.appointment_id = appointment;
    return notify(tx, now, std::move(n));
}

Notification notify(Transaction& tx, Instant now, Notification n) {
    auto& notifications = tx.notifications();
    const ChannelPrefs channels = channels_for(notifications.notification_prefs(n.user_id), category_of(n.kind));
    if (!channels.in_app && !channels.browser && !channels.sound) return Notification{};
    n.id = 0;
    n.created_at = now;
    n.read_at = channels.in_app ? std::nullopt : std::optional<Instant>(now);  // off in the app: history only
    n.count = std::max(1, n.count);
    std::optional<NotificationId> replaces;
    const NotificationSubject subject{n.kind, n.appointment_id, n.conversation_id};
    if (channels.in_app && coalesces(subject))
        if (auto old = notifications.find_unread_about(n.user_id, subject)) {
            notifications.delete_notification(n.user_id, old->id);
            replaces = old->id;
            if (n.count == 1) n.count = old->count + 1;
        }
    n.id = notifications.insert_notification(n);
    tx.effects().to_user(n.user_id, msg::NotificationCreated{msg::NotificationInfo::of(n), replaces,
                                                             notifications.unread_notifications(n.user_id)});
    return n;
}

void notify_message(Transaction& tx, Instant now, UserId recipient, const std::string& sender_name,
                    ConversationId conversation, int unread, const std::string& text) {
    Notification n;
    n.user_id = recipient;
    n.kind = std::string(kMessageNotification);
    n.title = sender_name;
    n.body = message_notification_body(unread, text);
    n.conversation_id = conversation;
    n.count = std::max(1, unread);
    notify(tx, now, std::move(n));
}

void conversation_read(Transaction& tx, Instant now, UserId user, ConversationId conversation) {
    auto ids = tx.notifications().mark_conversation_notifications_read(user, conversation, now);
    if (!ids.empty()) announce_read(tx, user, std::move(ids));
}

Result<NotificationService::Page> NotificationService::list(UserId viewer, int limit) {
    return store_.transact([&](Transaction& tx) {
                     return Page{tx.notifications().notifications_of(viewer, std::clamp(limit, 1, 200)),
                                 tx.notifications().unread_notifications(viewer)};
                 })
        .value;
}

Result<int> NotificationService::mark_read(UserId viewer, NotificationId id, Effects& out) {
    return store_.transact(
        [&](Transaction& tx) -> Result<int> {
            if (!tx.notifications().mark_notification_read(viewer, id, clock_.now()))
                return Error::of(ErrorCode::not_found, "This notification does not exist.", "notification_id");
            // Every tab hears it, also when it was read already (a tab that missed the first event catches up).
            announce_read(tx, viewer, {id});
            return tx.notifications().unread_notifications(viewer);
        },
        out);
}

Result<int> NotificationService::mark_all_read(UserId viewer, Effects& out) {
    return store_.transact(
        [&](Transaction& tx) -> Result<int> {
            auto ids = tx.notifications().mark_all_notifications_read(viewer, clock_.now());
            if (!ids.empty()) announce_read(tx, viewer, std::move(ids));
            return 0;
        },
        out);
}

std::vector<NotificationPref> NotificationService::prefs(UserId viewer) {
    return store_.transact([&](Transaction& tx) { return effective_prefs(tx.notifications().notification_prefs(viewer)); })
        .value;
}

Result<std::vector<NotificationPref>> NotificationService::set_prefs(UserId viewer,
                                                                     const std::vector<NotificationPref>& update,
                                                                     Effects& out) {
    if (auto e = check_prefs_update(update)) return *e;
    return store_.transact(
        [&](Transaction& tx) -> Result<std::vector<NotificationPref>> {
            for (const NotificationPref& p : update) tx.notifications().save_notification_pref(viewer, p);
            auto now = effective_prefs(tx.notifications().notification_prefs(viewer));
            tx.effects().to_user(viewer, msg::NotificationPrefsChanged{infos(now)});
            return now;
        },
        out);
}

}  // namespace core
