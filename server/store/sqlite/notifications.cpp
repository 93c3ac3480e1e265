// SQLite's notifications (rules: core/notifications/repository.h) and their tables (the last part of
// schema v2; v10: coalescing subject and count, per-category preferences).
#include "store/sqlite/repositories.h"
#include "store/sqlite/schema.h"

#include <algorithm>

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

// Schema v10: a notification may be about a conversation and stand for `count` coalesced events; the
// unread ones are found by subject; each person's channels per category (rows only for those changed).
// Shipped: never edit.
std::string_view schema::notifications_v10() {
    return R"sql(
ALTER TABLE notifications ADD COLUMN conversation_id INTEGER REFERENCES conversations (id) ON DELETE CASCADE;
ALTER TABLE notifications ADD COLUMN count INTEGER NOT NULL DEFAULT 1 CHECK (count >= 1);
CREATE INDEX notifications_unread_by_subject ON notifications (user_id, kind, conversation_id, appointment_id)
    WHERE read_at IS NULL;
CREATE TABLE notification_prefs (
    user_id  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    category TEXT    NOT NULL,
    in_app   INTEGER NOT NULL CHECK (in_app IN (0, 1)),
    browser  INTEGER NOT NULL CHECK (browser IN (0, 1)),
    sound    INTEGER NOT NULL CHECK (sound IN (0, 1)),
    PRIMARY KEY (user_id, category)
) WITHOUT ROWID;
)sql";
}

namespace {

#define TELEMED_NOTIFICATION_COLUMNS \
    "id, user_id, kind, title, body, appointment_id, created_at, read_at, conversation_id, count"

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
    n.conversation_id = s.optional_int64(8);
    n.count = static_cast<int>(s.int64(9));
    return n;
}

}  // namespace

core::NotificationId SqliteNotifications::insert_notification(const core::Notification& n) {
    c_.sql(
          "INSERT INTO notifications (user_id, kind, title, body, appointment_id, created_at, read_at,"
          " conversation_id, count) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")
        .bind(1, n.user_id)
        .bind(2, std::string_view(n.kind))
        .bind(3, std::string_view(n.title))
        .bind(4, std::string_view(n.body))
        .bind(5, n.appointment_id)
        .bind(6, ms(n.created_at))
        .bind(7, optional_ms(n.read_at))
        .bind(8, n.conversation_id)
        .bind(9, std::int64_t{std::max(1, n.count)})
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

std::optional<core::Notification> SqliteNotifications::find_unread_about(core::UserId user,
                                                                       const core::NotificationSubject& subject) {
    auto& s = c_.sql("SELECT " TELEMED_NOTIFICATION_COLUMNS
                     " FROM notifications WHERE user_id = ?1 AND kind = ?2 AND conversation_id IS ?3"
                     " AND appointment_id IS ?4 AND read_at IS NULL ORDER BY id DESC LIMIT 1");
    s.bind(1, user).bind(2, std::string_view(subject.kind)).bind(3, subject.conversation_id).bind(4, subject.appointment_id);
    if (!s.step()) return std::nullopt;
    return read_notification(s);
}

bool SqliteNotifications::delete_notification(core::UserId user, core::NotificationId id) {
    c_.sql("DELETE FROM notifications WHERE id = ?1 AND user_id = ?2").bind(1, id).bind(2, user).run();
    return c_.db.changes() > 0;
}

namespace {
std::vector<core::NotificationId> ids_of(sqlite::Statement& s) {
    std::vector<core::NotificationId> ids;
    while (s.step()) ids.push_back(s.int64(0));
    return ids;
}
}  // namespace

std::vector<core::NotificationId> SqliteNotifications::mark_all_notifications_read(core::UserId user, core::Instant at) {
    auto& select = c_.sql("SELECT id FROM notifications WHERE user_id = ?1 AND read_at IS NULL ORDER BY id");
    select.bind(1, user);
    auto ids = ids_of(select);
    if (!ids.empty())
        c_.sql("UPDATE notifications SET read_at = ?2 WHERE user_id = ?1 AND read_at IS NULL")
            .bind(1, user)
            .bind(2, ms(at))
            .run();
    return ids;
}

std::vector<core::NotificationId> SqliteNotifications::mark_conversation_notifications_read(
    core::UserId user, core::ConversationId conversation, core::Instant at) {
    auto& select = c_.sql(
        "SELECT id FROM notifications WHERE user_id = ?1 AND kind = 'message' AND conversation_id = ?2"
        " AND read_at IS NULL ORDER BY id");
    select.bind(1, user).bind(2, conversation);
    auto ids = ids_of(select);
    if (!ids.empty())
        c_.sql("UPDATE notifications SET read_at = ?3 WHERE user_id = ?1 AND kind = 'message' AND conversation_id = ?2"
               " AND read_at IS NULL")
            .bind(1, user)
            .bind(2, conversation)
            .bind(3, ms(at))
            .run();
    return ids;
}

std::vector<core::NotificationPref> SqliteNotifications::notification_prefs(core::UserId user) {
    auto& s = c_.sql("SELECT category, in_app, browser, sound FROM notification_prefs WHERE user_id = ?1");
    s.bind(1, user);
    std::vector<core::NotificationPref> out;
    while (s.step()) {
        const auto category = core::from_string<core::NotificationCategory>(s.text(0));
        if (!category) continue;  // a category this server no longer knows: its defaults apply
        out.push_back({*category, {s.int64(1) != 0, s.int64(2) != 0, s.int64(3) != 0}});
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.category < b.category; });
    return out;
}

void SqliteNotifications::save_notification_pref(core::UserId user, const core::NotificationPref& pref) {
    c_.sql("INSERT INTO notification_prefs (user_id, category, in_app, browser, sound) VALUES (?1, ?2, ?3, ?4, ?5)"
           " ON CONFLICT (user_id, category) DO UPDATE SET in_app = excluded.in_app, browser = excluded.browser,"
           " sound = excluded.sound")
        .bind(1, user)
        .bind(2, core::to_string(pref.category))
        .bind(3, std::int64_t{pref.channels.in_app})
        .bind(4, std::int64_t{pref.channels.browser})
        .bind(5, std::int64_t{pref.channels.sound})
        .run();
}

#undef TELEMED_NOTIFICATION_COLUMNS

}  // namespace server
