// Notifications: what a person should know about even when they were not looking (a request, a
// decision, a reminder, someone in the waiting room, a new message). Stored per person, pushed live
// when created, read in the notification centre behind the bell.
//
// Coalescing: a notification with a subject (a conversation, or the visit of a waiting room) stays one
// entry while it is unread; a newer event about the same subject replaces it (a new row, the old one
// gone) with `count` events behind it ("Dr. Okafor: 3 new messages").
//
// Preferences: per category (messages, visit changes, reminders, calls, helpline) three channels: in
// the app (the bell and a toast), a browser notification (when the tab is hidden and the person opted
// in) and a sound. Rows are stored only for categories the person changed; the rest use the defaults.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/enums.h"
#include "core/ids.h"
#include "core/time/clock.h"

namespace core {

struct Notification {
    NotificationId id = 0;
    UserId user_id = 0;
    std::string kind;  // "appointment.requested", "reminder.24h", "call.waiting", "message", …
    std::string title;
    std::string body;
    std::optional<AppointmentId> appointment_id;
    Instant created_at{};
    std::optional<Instant> read_at;
    std::optional<ConversationId> conversation_id;  // kind "message": the conversation it is about
    int count = 1;  // events coalesced into this entry (1 when none were)
};

// What a notification is about, for coalescing: same user, same kind, same subject, still unread.
struct NotificationSubject {
    std::string kind;
    std::optional<AppointmentId> appointment_id;
    std::optional<ConversationId> conversation_id;
};

#define CORE_NOTIFICATION_CATEGORIES(X) X(messages) X(visits) X(reminders) X(calls) X(helpline)
CORE_ENUM(NotificationCategory, CORE_NOTIFICATION_CATEGORIES)

struct ChannelPrefs {
    bool in_app = true;   // listed unread behind the bell, and a toast
    bool browser = true;  // a system notification while the tab is hidden (after the person opted in)
    bool sound = false;   // a short sound (a ring for calls)
    bool operator==(const ChannelPrefs&) const = default;
};

struct NotificationPref {
    NotificationCategory category = NotificationCategory::messages;
    ChannelPrefs channels;
    bool operator==(const NotificationPref&) const = default;
};

}  // namespace core
