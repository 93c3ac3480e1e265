// What the notifications domain stores. tests/unit/store/notifications.test.cpp holds every store to
// the rules written here.
#pragma once
#include <vector>

#include "core/notifications/model.h"

namespace core {

class NotificationsRepository {
public:
    virtual ~NotificationsRepository() = default;

    virtual NotificationId insert_notification(const Notification& n) = 0;  // assigns the id (positive, increasing)
    // The user's newest `limit` (none when limit <= 0), newest first (by id).
    virtual std::vector<Notification> notifications_of(UserId user, int limit) = 0;
    // False (and nothing changed) when the notification does not exist or is someone else's; marking a
    // read notification again keeps its first read_at and returns true.
    virtual bool mark_notification_read(UserId user, NotificationId id, Instant at) = 0;
    virtual int unread_notifications(UserId user) = 0;
};

}  // namespace core
