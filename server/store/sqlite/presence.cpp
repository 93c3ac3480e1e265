// SQLite's presence: a doctor's "show when I'm online" setting (rules: core/presence/repository.h), its
// table (schema v9), and the last-seen time read from the sessions the accounts domain keeps.
//
// Presence itself (online, away, in a call) is never stored: it lives in memory, computed from the
// connections (core/presence/service.h). Nothing here is written per connection or per change.
#include "store/sqlite/repositories.h"
#include "store/sqlite/schema.h"

namespace server {

// [schema] ------------------------------------------------------------------------------------------
// v9. A row only for a user who chose (hidden 0 or 1); no row means shown. The index on sessions lets
// last_active read one user's newest last_seen_at, ended sessions included (the sessions_live_* indexes
// of v1 cover live sessions only). Shipped: never edit.
std::string_view schema::presence_v9() {
    return R"sql(
CREATE TABLE presence_settings (
    user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    hidden  INTEGER NOT NULL CHECK (hidden IN (0, 1))
);
CREATE INDEX sessions_by_user_last_seen ON sessions (user_id, last_seen_at);
)sql";
}

// [settings] ----------------------------------------------------------------------------------------
bool SqlitePresence::is_hidden(core::UserId user) {
    auto& s = c_.sql("SELECT hidden FROM presence_settings WHERE user_id = ?1");
    s.bind(1, user);
    return s.step() && s.int64(0) != 0;
}

void SqlitePresence::set_hidden(core::UserId user, bool hidden) {
    c_.sql("INSERT INTO presence_settings (user_id, hidden) SELECT id, ?2 FROM users WHERE id = ?1"
           " ON CONFLICT (user_id) DO UPDATE SET hidden = excluded.hidden")
        .bind(1, user)
        .bind(2, std::int64_t{hidden ? 1 : 0})
        .run();
}

// [last seen] ---------------------------------------------------------------------------------------
std::optional<core::Instant> SqlitePresence::last_active(core::UserId user) {
    auto& s = c_.sql("SELECT MAX(last_seen_at) FROM sessions WHERE user_id = ?1");
    s.bind(1, user);
    if (!s.step()) return std::nullopt;
    return optional_instant(s, 0);
}

}  // namespace server
