// SQLite's notifications (rules: core/notifications/repository.h) and their table (the last part of
// schema v2).
#include "store/sqlite/repositories.h"
#include "store/sqlite/schema.h"

namespace server {

// [schema] ------------------------------------------------------------------------------------------
// The third part of schema v2 (after clinic.cpp's and credits.cpp's). Shipped: never edit.
std::string_view schema::notifications_v2() {
    return R"sql(
CREATE TABLE notifications (
    id             INTEGER PRIMARY KEY,
    user_id        INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind           TEXT    NOT NULL,
    title          TEXT    NOT NULL,
    body           TEXT    NOT NULL,
    appointment_id INTEGER REFERENCES appointments (id),
    created_at     INTEGER NOT NULL,
    read_at        INTEGER
);
CREATE INDEX notifications_by_user ON notifications (user_id, id);
CREATE INDEX notifications_unread_by_user ON notifications (user_id) WHERE read_at IS NULL;
)sql";
}

namespace {

#define TELEMED_NOTIFICATION_COLUMNS "id, user_id, kind, title, body, appointment_id, created_at, read_at"

core::Notification read_notification(const sqlite::Statement& s) {
    core::Notification n;
    n.id = s.int64(0);
    n.user_id = s.int64(1);
    n.kind = s.text(2);
    n.title = s.text(3);
    n.body = s.text(4);
    n.appointment_id = s.optional_int64(5);
    n.created_at = instant(s.int64(6));
    n.read_at = optional_instant(s, 7);
    return n;
}

}  // namespace

core::NotificationId SqliteNotifications::insert_notification(const core::Notification& n) {
    c_.sql(
          "INSERT INTO notifications (user_id, kind, title, body, appointment_id, created_at, read_at)"
          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
        .bind(1, n.user_id)
        .bind(2, std::string_view(n.kind))
        .bind(3, std::string_view(n.title))
        .bind(4, std::string_view(n.body))
        .bind(5, n.appointment_id)
        .bind(6, ms(n.created_at))
        .bind(7, optional_ms(n.read_at))
        .run();
    return c_.db.last_insert_rowid();
}

std::vector<core::Notification> SqliteNotifications::notifications_of(core::UserId user, int limit) {
    if (limit <= 0) return {};  // LIMIT -1 would mean "all" to SQLite
    auto& s = c_.sql("SELECT " TELEMED_NOTIFICATION_COLUMNS
                     " FROM notifications WHERE user_id = ?1 ORDER BY id DESC LIMIT ?2");
    s.bind(1, user).bind(2, std::int64_t{limit});
    std::vector<core::Notification> out;
    while (s.step()) out.push_back(read_notification(s));
    return out;
}

bool SqliteNotifications::mark_notification_read(core::UserId user, core::NotificationId id,
                                                 core::Instant at) {
    // Only the owner's; the first reading stands (the row still counts as found).
    c_.sql("UPDATE notifications SET read_at = COALESCE(read_at, ?3) WHERE id = ?1 AND user_id = ?2")
        .bind(1, id)
        .bind(2, user)
        .bind(3, ms(at))
        .run();
    return c_.db.changes() > 0;
}

int SqliteNotifications::unread_notifications(core::UserId user) {
    auto& s = c_.sql("SELECT COUNT(*) FROM notifications WHERE user_id = ?1 AND read_at IS NULL");
    s.bind(1, user);
    s.step();
    return static_cast<int>(s.int64(0));
}

#undef TELEMED_NOTIFICATION_COLUMNS

}  // namespace server
