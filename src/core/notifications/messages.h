// The notifications messages (docs/PROTOCOL.md, "Clinic": notification, list_notifications,
// mark_notification_read, notification.created).
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

    static NotificationInfo of(const Notification& n) {
        return {n.id, n.kind, n.title, n.body, n.created_at, n.read_at.has_value(), n.appointment_id};
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
    }
};

struct NotificationList {
    std::vector<NotificationInfo> notifications;  // newest first
    int unread = 0;                               // among these
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

struct MarkNotificationRead {
    static constexpr protocol::RequestType type = protocol::RequestType::mark_notification_read;
    using Reply = protocol::Empty;
    NotificationId notification_id = 0;
    template <typename F>
    void fields(F& f) {
        f("notification_id", notification_id);
    }
};

// To the notification's owner when it is created.
struct NotificationCreated {
    static constexpr std::string_view name = "notification.created";
    NotificationInfo notification;
    template <typename F>
    void fields(F& f) {
        f("notification", notification);
    }
};

}  // namespace core::msg
