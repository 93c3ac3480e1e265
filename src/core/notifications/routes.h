// Registers the notification requests (list_notifications, mark_notification_read,
// mark_all_notifications_read, get_notification_prefs, set_notification_prefs): any signed-in person,
// about their own notifications only.
#pragma once
#include "core/api/routes.h"
#include "core/notifications/service.h"

namespace core {

void add_notification_routes(Routes& routes, NotificationService& notifications);

}  // namespace core
