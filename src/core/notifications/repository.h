// What the notifications domain stores. tests/unit/store/notifications.test.cpp holds every store to
// the rules written here.
#pragma once
#include <optional>
#include <vector>

#include "core/notifications/model.h"

namespace core {

class NotificationsRepository {
public:
    virtual ~NotificationsRepository() = default;

    // Assigns the id (positive, increasing); keeps kind, subject, count and read_at as given.
    virtual NotificationId insert_notification(const Notification& n) = 0;
    // The user's newest `limit` (none when limit <= 0), newest first (by id).
    virtual std::vector<Notification> notifications_of(UserId user, int limit) = 0;
    // False (and nothing changed) when the notification does not exist or is someone else's; marking a
    // read notification again keeps its first read_at and returns true.
    virtual bool mark_notification_read(UserId user, NotificationId id, Instant at) = 0;
    virtual int unread_notifications(UserId user) = 0;

    // The user's newest unread notification of this kind about exactly this subject (both ids equal,
    // absent ones absent), if any.
    virtual std::optional<Notification> find_unread_about(UserId user, const NotificationSubject& subject) = 0;
    // Removes the user's notification (a coalesced one replaced by its newer row); false when it is not theirs.
    virtual bool delete_notification(UserId user, NotificationId id) = 0;
    // Marks every unread notification of the user read at `at`; the ids it changed, ascending.
    virtual std::vector<NotificationId> mark_all_notifications_read(UserId user, Instant at) = 0;
    // Marks the user's unread "message" notifications of this conversation read; the ids it changed.
    virtual std::vector<NotificationId> mark_conversation_notifications_read(UserId user, ConversationId conversation,
                                                                             Instant at) = 0;

    // The categories the user changed (no row: the defaults), in category order.
    virtual std::vector<NotificationPref> notification_prefs(UserId user) = 0;
    // Stores (replaces) the user's channels for one category.
    virtual void save_notification_pref(UserId user, const NotificationPref& pref) = 0;
};

}  // namespace core
