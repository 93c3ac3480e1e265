// SQLite's accounts: users, sessions and sign-in attempts (rules: core/accounts/repository.h), and
// their tables (schema v1).
#include "store/sqlite/repositories.h"
#include "store/sqlite/schema.h"

namespace server {

// [schema] ------------------------------------------------------------------------------------------
// v13: what a person may say about themselves besides the name (country, preferred language), and the
// moment a person deleted their account (the row stays, its personal data erased).
std::string_view schema::accounts_v13() {
    return R"sql(
ALTER TABLE users ADD COLUMN country TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
ALTER TABLE users ADD COLUMN deleted_at INTEGER;
)sql";
}

// E-mails are stored normalized, so a plain unique index enforces "one account per e-mail". Shipped:
// never edit, add a version (migrations.cpp).
std::string_view schema::accounts_v1() {
    return R"sql(
CREATE TABLE users (
    id                  INTEGER PRIMARY KEY,
    email               TEXT    NOT NULL,
    display_name        TEXT    NOT NULL,
    role                TEXT    NOT NULL CHECK (role IN ('patient', 'doctor', 'admin', 'support')),
    status              TEXT    NOT NULL CHECK (status IN ('active', 'pending_verification', 'suspended')),
    time_zone           TEXT    NOT NULL,
    password_hash       TEXT    NOT NULL,
    created_at          INTEGER NOT NULL,
    password_changed_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX users_email ON users (email);

CREATE TABLE sessions (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash   TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    revoked_at   INTEGER
);
CREATE UNIQUE INDEX sessions_token_hash ON sessions (token_hash);
CREATE INDEX sessions_live_by_user ON sessions (user_id) WHERE revoked_at IS NULL;
CREATE INDEX sessions_live_by_last_seen ON sessions (last_seen_at) WHERE revoked_at IS NULL;
CREATE INDEX sessions_live_by_created ON sessions (created_at) WHERE revoked_at IS NULL;

CREATE TABLE sign_in_attempts (
    id        INTEGER PRIMARY KEY,
    email     TEXT    NOT NULL,
    at        INTEGER NOT NULL,
    succeeded INTEGER NOT NULL CHECK (succeeded IN (0, 1))
);
CREATE INDEX sign_in_attempts_by_email_at ON sign_in_attempts (email, at);
)sql";
}

namespace {

// [mapping] -----------------------------------------------------------------------------------------
#define TELEMED_USER_COLUMNS                                                                                   \
    "id, email, display_name, role, status, time_zone, password_hash, created_at, password_changed_at, country," \
    " language, deleted_at"

core::User read_user(const sqlite::Statement& s) {
    core::User u;
    u.id = s.int64(0);
    u.email = s.text(1);
    u.display_name = s.text(2);
    u.role = enum_column<core::Role>(s, 3);
    u.status = enum_column<core::AccountStatus>(s, 4);
    u.time_zone = s.text(5);
    u.password_hash = s.text(6);
    u.created_at = instant(s.int64(7));
    u.password_changed_at = instant(s.int64(8));
    u.country = s.text(9);
    u.language = s.text(10);
    u.deleted_at = optional_instant(s, 11);
    return u;
}

#define TELEMED_SESSION_COLUMNS "id, user_id, token_hash, created_at, last_seen_at, revoked_at"

core::Session read_session(const sqlite::Statement& s) {
    core::Session x;
    x.id = s.int64(0);
    x.user_id = s.int64(1);
    x.token_hash = s.text(2);
    x.created_at = instant(s.int64(3));
    x.last_seen_at = instant(s.int64(4));
    x.revoked_at = optional_instant(s, 5);
    return x;
}

std::vector<core::Session> read_sessions(sqlite::Statement& s) {
    std::vector<core::Session> out;
    while (s.step()) out.push_back(read_session(s));
    return out;
}

}  // namespace

// [users] -------------------------------------------------------------------------------------------
std::optional<core::User> SqliteAccounts::find_user(core::UserId id) {
    if (auto seen = users_read_.find(id); seen != users_read_.end()) return seen->second;
    auto& s = c_.sql("SELECT " TELEMED_USER_COLUMNS " FROM users WHERE id = ?1");
    s.bind(1, id);
    auto user = s.step() ? std::optional(read_user(s)) : std::nullopt;
    users_read_.emplace(id, user);
    return user;
}

std::optional<core::User> SqliteAccounts::find_user_by_email(std::string_view normalized_email) {
    auto& s = c_.sql("SELECT " TELEMED_USER_COLUMNS " FROM users WHERE email = ?1");
    s.bind(1, normalized_email);
    return s.step() ? std::optional(read_user(s)) : std::nullopt;
}

core::UserId SqliteAccounts::insert_user(const core::NewUser& u) {
    users_read_.clear();
    auto& s = c_.sql(
        "INSERT INTO users (email, display_name, role, status, time_zone, password_hash, created_at,"
        " password_changed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)");
    s.bind(1, std::string_view(u.email))
        .bind(2, std::string_view(u.display_name))
        .bind(3, core::to_string(u.role))
        .bind(4, core::to_string(u.status))
        .bind(5, std::string_view(u.time_zone))
        .bind(6, std::string_view(u.password_hash))
        .bind(7, ms(u.created_at));
    run_unique(s, "users.email");
    return c_.db.last_insert_rowid();
}

void SqliteAccounts::update_password(core::UserId id, std::string_view password_hash,
                                     core::Instant changed_at) {
    users_read_.clear();
    c_.sql("UPDATE users SET password_hash = ?2, password_changed_at = ?3 WHERE id = ?1")
        .bind(1, id)
        .bind(2, password_hash)
        .bind(3, ms(changed_at))
        .run();
}

void SqliteAccounts::set_user_status(core::UserId id, core::AccountStatus status) {
    users_read_.clear();
    c_.sql("UPDATE users SET status = ?2 WHERE id = ?1").bind(1, id).bind(2, core::to_string(status)).run();
}

void SqliteAccounts::update_profile(core::UserId id, const core::Profile& p) {
    users_read_.clear();
    c_.sql("UPDATE users SET display_name = ?2, time_zone = ?3, country = ?4, language = ?5 WHERE id = ?1")
        .bind(1, id)
        .bind(2, std::string_view(p.display_name))
        .bind(3, std::string_view(p.time_zone))
        .bind(4, std::string_view(p.country))
        .bind(5, std::string_view(p.language))
        .run();
}

void SqliteAccounts::update_email(core::UserId id, std::string_view normalized_email) {
    users_read_.clear();
    auto& s = c_.sql("UPDATE users SET email = ?2 WHERE id = ?1");
    s.bind(1, id).bind(2, normalized_email);
    run_unique(s, "users.email");
}

void SqliteAccounts::erase_personal_data(core::UserId id, core::Instant at) {
    users_read_.clear();
    c_.sql("UPDATE users SET email = ?2, display_name = ?3, password_hash = '', country = '', deleted_at = ?4"
           " WHERE id = ?1")
        .bind(1, id)
        .bind(2, std::string_view(core::deleted_account_email(id)))
        .bind(3, core::kDeletedAccountName)
        .bind(4, ms(at))
        .run();
}

std::vector<core::User> SqliteAccounts::list_users() {
    auto& s = c_.sql("SELECT " TELEMED_USER_COLUMNS " FROM users ORDER BY id");
    std::vector<core::User> out;
    while (s.step()) out.push_back(read_user(s));
    return out;
}

std::int64_t SqliteAccounts::count_users() {
    auto& s = c_.sql("SELECT COUNT(*) FROM users");
    s.step();
    return s.int64(0);
}

// [sessions] ----------------------------------------------------------------------------------------
core::SessionId SqliteAccounts::insert_session(const core::Session& x) {
    auto& s = c_.sql(
        "INSERT INTO sessions (user_id, token_hash, created_at, last_seen_at, revoked_at)"
        " VALUES (?1, ?2, ?3, ?4, ?5)");
    s.bind(1, x.user_id)
        .bind(2, std::string_view(x.token_hash))
        .bind(3, ms(x.created_at))
        .bind(4, ms(x.last_seen_at))
        .bind(5, optional_ms(x.revoked_at));
    run_unique(s, "sessions.token_hash");
    return c_.db.last_insert_rowid();
}

std::optional<core::Session> SqliteAccounts::find_session(core::SessionId id) {
    auto& s = c_.sql("SELECT " TELEMED_SESSION_COLUMNS " FROM sessions WHERE id = ?1");
    s.bind(1, id);
    return s.step() ? std::optional(read_session(s)) : std::nullopt;
}

std::optional<core::Session> SqliteAccounts::find_session_by_token_hash(std::string_view token_hash) {
    auto& s = c_.sql("SELECT " TELEMED_SESSION_COLUMNS " FROM sessions WHERE token_hash = ?1");
    s.bind(1, token_hash);
    return s.step() ? std::optional(read_session(s)) : std::nullopt;
}

void SqliteAccounts::touch_session(core::SessionId id, core::Instant seen_at) {
    c_.sql("UPDATE sessions SET last_seen_at = MAX(last_seen_at, ?2) WHERE id = ?1")
        .bind(1, id)
        .bind(2, ms(seen_at))
        .run();
}

void SqliteAccounts::revoke_session(core::SessionId id, core::Instant at) {
    // The first revocation stands: it is the moment the session really ended.
    c_.sql("UPDATE sessions SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL")
        .bind(1, id)
        .bind(2, ms(at))
        .run();
}

std::vector<core::Session> SqliteAccounts::live_sessions_of(core::UserId user) {
    auto& s = c_.sql("SELECT " TELEMED_SESSION_COLUMNS
                     " FROM sessions WHERE user_id = ?1 AND revoked_at IS NULL ORDER BY id");
    s.bind(1, user);
    return read_sessions(s);
}

std::vector<core::Session> SqliteAccounts::stale_sessions(core::Instant idle_cutoff,
                                                          core::Instant absolute_cutoff) {
    auto& s = c_.sql(
        "SELECT " TELEMED_SESSION_COLUMNS
        " FROM sessions WHERE revoked_at IS NULL AND (last_seen_at < ?1 OR created_at < ?2) ORDER BY id");
    s.bind(1, ms(idle_cutoff)).bind(2, ms(absolute_cutoff));
    return read_sessions(s);
}

// [sign-in attempts] --------------------------------------------------------------------------------
std::int64_t SqliteAccounts::record_sign_in_attempt(std::string_view normalized_email, core::Instant at,
                                                    bool succeeded) {
    c_.sql("INSERT INTO sign_in_attempts (email, at, succeeded) VALUES (?1, ?2, ?3)")
        .bind(1, normalized_email)
        .bind(2, ms(at))
        .bind(3, flag(succeeded))
        .run();
    return c_.db.last_insert_rowid();
}

void SqliteAccounts::mark_sign_in_succeeded(std::int64_t attempt_id) {
    c_.sql("UPDATE sign_in_attempts SET succeeded = 1 WHERE id = ?1").bind(1, attempt_id).run();
}

// Uses no index on `at` alone: run rarely (the clinic timer, once an hour), it scans the table once.
std::int64_t SqliteAccounts::prune_sign_in_attempts(core::Instant before) {
    c_.sql("DELETE FROM sign_in_attempts WHERE at < ?1").bind(1, ms(before)).run();
    return c_.db.changes();
}

std::vector<core::Instant> SqliteAccounts::failed_sign_ins_since(std::string_view normalized_email,
                                                                 core::Instant since) {
    auto& s = c_.sql(
        "SELECT at FROM sign_in_attempts WHERE email = ?1 AND at >= ?2 AND succeeded = 0 ORDER BY at, id");
    s.bind(1, normalized_email).bind(2, ms(since));
    std::vector<core::Instant> out;
    while (s.step()) out.push_back(instant(s.int64(0)));
    return out;
}

#undef TELEMED_USER_COLUMNS
#undef TELEMED_SESSION_COLUMNS

}  // namespace server
