// The notifications messages (docs/PROTOCOL.md, "Notifications": notification, list_notifications,
// mark_notification_read, mark_all_notifications_read, get_notification_prefs, set_notification_prefs,
// notification.created, notification.read, notification.prefs).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/notifications/model.h"
#include "core/protocol/protocol.h"

namespace core::msg {

struct NotificationInfo {
    NotificationId id = 0;
    std::string kind, title, body;
    Instant created_at{};
    bool read = false;
    std::optional<AppointmentId> appointment_id;
    std::optional<ConversationId> conversation_id;  // kind "message": opens #/messages/<id>
    int count = 1;                                  // events coalesced into this one

    static NotificationInfo of(const Notification& n) {
        return {n.id, n.kind, n.title, n.body, n.created_at, n.read_at.has_value(), n.appointment_id, n.conversation_id, n.count};
    }
    template <typename F>
    void fields(F& f) {
        f("id", id);
        f("kind", kind);
        f("title", title);
        f("body", body);
        f("created_at", created_at);
        f("read", read);
        f("appointment_id", appointment_id);
        f("conversation_id", conversation_id);
        f.optional("count", count);
    }
};

struct NotificationList {
    std::vector<NotificationInfo> notifications;  // newest first
    int unread = 0;                               // all the person's unread notifications, not only these
    template <typename F>
    void fields(F& f) {
        f("notifications", notifications);
        f("unread", unread);
    }
};

struct ListNotifications {
    static constexpr protocol::RequestType type = protocol::RequestType::list_notifications;
    using Reply = NotificationList;
    int limit = 50;  // 1..200
    template <typename F>
    void fields(F& f) {
        f.optional("limit", limit);
    }
};

// The person's unread count after a change (the reply to marking read).
struct UnreadNotifications {
    int unread = 0;
    template <typename F>
    void fields(F& f) {
        f("unread", unread);
    }
};

struct MarkNotificationRead {
    static constexpr protocol::RequestType type = protocol::RequestType::mark_notification_read;
    using Reply = UnreadNotifications;
    NotificationId notification_id = 0;
    template <typename F>
    void fields(F& f) {
        f("notification_id", notification_id);
    }
};

struct MarkAllNotificationsRead {
    static constexpr protocol::RequestType type = protocol::RequestType::mark_all_notifications_read;
    using Reply = UnreadNotifications;
    template <typename F>
    void fields(F&) {}
};

struct ChannelPrefsInfo {
    NotificationCategory category = NotificationCategory::messages;
    bool in_app = true, browser = true, sound = false;

    static ChannelPrefsInfo of(const NotificationPref& p) {
        return {p.category, p.channels.in_app, p.channels.browser, p.channels.sound};
    }
    NotificationPref pref() const { return {category, {in_app, browser, sound}}; }
    template <typename F>
    void fields(F& f) {
        f("category", category);
        f("in_app", in_app);
        f("browser", browser);
        f("sound", sound);
    }
};

// Every category, in order, as it applies now (the person's choices over the defaults).
struct NotificationPrefs {
    std::vector<ChannelPrefsInfo> prefs;
    template <typename F>
    void fields(F& f) {
        f("prefs", prefs);
    }
};

struct GetNotificationPrefs {
    static constexpr protocol::RequestType type = protocol::RequestType::get_notification_prefs;
    using Reply = NotificationPrefs;
    template <typename F>
    void fields(F&) {}
};

// Changes the named categories (each at most once); the others stay as they are.
struct SetNotificationPrefs {
    static constexpr protocol::RequestType type = protocol::RequestType::set_notification_prefs;
    using Reply = NotificationPrefs;
    std::vector<ChannelPrefsInfo> prefs;
    template <typename F>
    void fields(F& f) {
        f("prefs", prefs);
    }
};

// To the notification's owner (every tab) when it is created. `replaces`: the unread notification
// about the same subject it takes the place of (coalescing); that one is gone.
struct NotificationCreated {
    static constexpr std::string_view name = "notification.created";
    NotificationInfo notification;
    std::optional<NotificationId> replaces;
    int unread = 0;  // the owner's unread count now
    template <typename F>
    void fields(F& f) {
        f("notification", notification);
        f("replaces", replaces);
        f("unread", unread);
    }
};

// To the owner (every tab) when notifications became read: one, all, or a conversation's (its
// messages were read).
struct NotificationsRead {
    static constexpr std::string_view name = "notification.read";
    std::vector<NotificationId> notification_ids;
    int unread = 0;  // the owner's unread count now
    template <typename F>
    void fields(F& f) {
        f("notification_ids", notification_ids);
        f("unread", unread);
    }
};

// To the person (every tab) when their preferences changed.
struct NotificationPrefsChanged {
    static constexpr std::string_view name = "notification.prefs";
    std::vector<ChannelPrefsInfo> prefs;
    template <typename F>
    void fields(F& f) {
        f("prefs", prefs);
    }
};

}  // namespace core::msg
