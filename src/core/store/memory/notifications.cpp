// MemoryStore's notifications (rules: core/notifications/repository.h).
#include "core/store/memory/repositories.h"

namespace core {

NotificationId MemoryNotifications::insert_notification(const Notification& n) {
    Notification copy = n;
    copy.id = d_.take_id();
    d_.notifications.emplace(copy.id, copy);
    return copy.id;
}

std::vector<Notification> MemoryNotifications::notifications_of(UserId user, int limit) {
    std::vector<Notification> out;
    for (auto it = d_.notifications.rbegin();
         it != d_.notifications.rend() && static_cast<int>(out.size()) < limit; ++it)
        if (it->second.user_id == user) out.push_back(it->second);
    return out;
}

bool MemoryNotifications::mark_notification_read(UserId user, NotificationId id, Instant at) {
    Notification* n = row(d_.notifications, id);
    if (!n || n->user_id != user) return false;
    if (!n->read_at) n->read_at = at;  // the first reading stands
    return true;
}

int MemoryNotifications::unread_notifications(UserId user) {
    int unread = 0;
    for (const auto& [id, n] : d_.notifications) unread += n.user_id == user && !n.read_at;
    return unread;
}

}  // namespace core
