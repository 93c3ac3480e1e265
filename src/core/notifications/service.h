// Notifications: the list a person reads and marks as read, and notify(), which every domain uses
// inside its own transaction to store a notification and push it (notification.created) once the
// transaction commits.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/errors.h"
#include "core/notifications/model.h"
#include "core/store/store.h"
#include "core/time/clock.h"

namespace core {

// Stores a notification for `user` and adds notification.created to the transaction's effects.
Notification notify(Transaction& tx, Instant now, UserId user, std::string kind, std::string title, std::string body,
                    std::optional<AppointmentId> appointment = std::nullopt);

class NotificationService {
public:
    NotificationService(Store& store, const Clock& clock) : store_(store), clock_(clock) {}

    struct Page {
        std::vector<Notification> notifications;  // newest first
        int unread = 0;                           // among them
    };
    Result<Page> list(UserId viewer, int limit);  // limit clamped to 1..200
    Result<Done> mark_read(UserId viewer, NotificationId id);

private:
    Store& store_;
    const Clock& clock_;
};

}  // namespace core
