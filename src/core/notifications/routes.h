// Registers the notification requests (list_notifications, mark_notification_read).
#pragma once
#include "core/api/routes.h"
#include "core/notifications/service.h"

namespace core {

void add_notification_routes(Routes& routes, NotificationService& notifications);

}  // namespace core
