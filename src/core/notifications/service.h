// Notifications: the list a person reads and marks as read, their preferences, and notify(), which
// every domain uses inside its own transaction to store a notification and push it
// (notification.created) once the transaction commits.
//
// notify() applies the person's preferences (in_app off: stored already read, so the bell does not
// count it; every channel off: nothing stored or sent) and coalesces: a notification about the same
// subject as an unread one (core/notifications/rules.h, coalesces()) replaces it. Every change of the
// unread count reaches all the person's connections with the new count (notification.created,
// notification.read), so every tab shows the same number.
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
// The returned notification has id 0 when the person's preferences turned every channel off.
Notification notify(Transaction& tx, Instant now, UserId user, std::string kind, std::string title, std::string body,
                    std::optional<AppointmentId> appointment = std::nullopt);
// The same for a prepared notification (user, kind, title, body, subject, count set by the caller;
// count 1 means "one more than the one it replaces").
Notification notify(Transaction& tx, Instant now, Notification n);

// A new message for `recipient`: one unread notification per conversation, "<sender>" / the text (or
// "N new messages" when `unread` > 1).
void notify_message(Transaction& tx, Instant now, UserId recipient, const std::string& sender_name,
                    ConversationId conversation, int unread, const std::string& text);
// The recipient read the conversation: its notification is read too (notification.read to every tab).
void conversation_read(Transaction& tx, Instant now, UserId user, ConversationId conversation);

class NotificationService {
public:
    NotificationService(Store& store, const Clock& clock) : store_(store), clock_(clock) {}

    struct Page {
        std::vector<Notification> notifications;  // newest first
        int unread = 0;                           // all of the viewer's unread notifications
    };
    Result<Page> list(UserId viewer, int limit);  // limit clamped to 1..200
    // The viewer's unread count afterwards. not_found for someone else's or a missing notification.
    Result<int> mark_read(UserId viewer, NotificationId id, Effects& out);
    Result<int> mark_all_read(UserId viewer, Effects& out);
    std::vector<NotificationPref> prefs(UserId viewer);  // every category, in order
    Result<std::vector<NotificationPref>> set_prefs(UserId viewer, const std::vector<NotificationPref>& update,
                                                    Effects& out);

private:
    Store& store_;
    const Clock& clock_;
};

}  // namespace core
