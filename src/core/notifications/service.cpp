#include "core/notifications/service.h"

#include <algorithm>

#include "core/notifications/messages.h"

namespace core {

Notification notify(Transaction& tx, Instant now, UserId user, std::string kind, std::string title, std::string body,
                    std::optional<AppointmentId> appointment) {
    Notification n;
    n.user_id = user;
    n.kind = std::move(kind);
    n.title = std::move(title);
    n.body = std::move(body);
    n.appointment_id = appointment;
    n.created_at = now;
    n.id = tx.notifications().insert_notification(n);
    tx.effects().to_user(user, msg::NotificationCreated{msg::NotificationInfo::of(n)});
    return n;
}

Result<NotificationService::Page> NotificationService::list(UserId viewer, int limit) {
    return store_.transact([&](Transaction& tx) {
                     Page page{tx.notifications().notifications_of(viewer, std::clamp(limit, 1, 200)), 0};
                     for (const Notification& n : page.notifications) page.unread += !n.read_at;
                     return page;
                 })
        .value;
}

Result<Done> NotificationService::mark_read(UserId viewer, NotificationId id) {
    const bool found =
        store_.transact([&](Transaction& tx) { return tx.notifications().mark_notification_read(viewer, id, clock_.now()); }).value;
    if (!found) return Error::of(ErrorCode::not_found, "This notification does not exist.");
    return Done{};
}

}  // namespace core
