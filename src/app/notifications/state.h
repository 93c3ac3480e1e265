// The notifications slice: the person's notifications, newest first, and how many are unread.
#pragma once
#include <vector>

#include "core/notifications/messages.h"

namespace app {

struct NotificationsState {
    std::vector<core::msg::NotificationInfo> list;
    int unread = 0;
};

}  // namespace app
