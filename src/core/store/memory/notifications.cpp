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

namespace core {

std::optional<Notification> MemoryNotifications::find_unread_about(UserId user, const NotificationSubject& subject) {
    for (auto it = d_.notifications.rbegin(); it != d_.notifications.rend(); ++it) {
        const Notification& n = it->second;
        if (n.user_id == user && !n.read_at && n.kind == subject.kind && n.appointment_id == subject.appointment_id &&
            n.conversation_id == subject.conversation_id)
            return n;
    }
    return std::nullopt;
}

bool MemoryNotifications::delete_notification(UserId user, NotificationId id) {
    const Notification* n = row(d_.notifications, id);
    if (!n || n->user_id != user) return false;
    d_.notifications.erase(id);
    return true;
}

std::vector<NotificationId> MemoryNotifications::mark_all_notifications_read(UserId user, Instant at) {
    std::vector<NotificationId> changed;
    for (auto& [id, n] : d_.notifications)
        if (n.user_id == user && !n.read_at) {
            n.read_at = at;
            changed.push_back(id);
        }
    return changed;
}

std::vector<NotificationId> MemoryNotifications::mark_conversation_notifications_read(UserId user,
                                                                                      ConversationId conversation,
                                                                                      Instant at) {
    std::vector<NotificationId> changed;
    for (auto& [id, n] : d_.notifications)
        if (n.user_id == user && !n.read_at && n.kind == "message" && n.conversation_id == conversation) {
            n.read_at = at;
            changed.push_back(id);
        }
    return changed;
}

std::vector<NotificationPref> MemoryNotifications::notification_prefs(UserId user) {
    std::vector<NotificationPref> out;
    for (const auto& [key, channels] : d_.notification_prefs)
        if (key.first == user) out.push_back({key.second, channels});
    return out;
}

void MemoryNotifications::save_notification_pref(UserId user, const NotificationPref& pref) {
    d_.notification_prefs[{user, pref.category}] = pref.channels;
}

}  // namespace core
