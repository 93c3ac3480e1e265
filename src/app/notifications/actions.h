// What a person does with notifications.
#pragma once
#include <cstdint>
#include <variant>

namespace app {

struct LoadNotifications {};
struct ReadNotification {  // marks it read and opens its visit, if it has one
    std::int64_t notification_id;
};
using NotificationsAction = std::variant<LoadNotifications, ReadNotification>;

}  // namespace app
