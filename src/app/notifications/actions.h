// What a person does with notifications.
#pragma once
#include <cstdint>
#include <variant>

#include "core/notifications/model.h"

namespace app {

struct LoadNotifications {};
struct ReadNotification {  // marks it read and opens what it is about (a conversation, a visit)
    std::int64_t notification_id;
};
struct MarkAllRead {};
struct ShowNotificationSettings {
    bool show = true;  // false: back to the list
};
struct SetNotificationChannels {
    core::NotificationCategory category;
    core::ChannelPrefs channels;
};
struct EnableBrowserNotifications {};  // the opt-in button: the browser asks for permission now
struct TestSound {};                   // plays the message sound (also unlocks audio with this click)
using NotificationsAction = std::variant<LoadNotifications, ReadNotification, MarkAllRead, ShowNotificationSettings,
                                         SetNotificationChannels, EnableBrowserNotifications, TestSound>;

}  // namespace app
