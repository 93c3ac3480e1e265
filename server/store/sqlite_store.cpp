#include "store/sqlite_store.h"

#include <sqlite3.h>

#include "store/migrations.h"
#include "store/sqlite_repository.h"

namespace server {

namespace {

// Index: [mapping] [SqliteRepository: users | sessions | sign-in attempts] [SqliteStore]
// (the clinic part of SqliteRepository is in sqlite_clinic.cpp)

// [mapping] -----------------------------------------------------------------------------------------
constexpr const char* kUserColumns =
    "id, email, display_name, role, status, time_zone, password_hash, created_at, password_changed_at";

core::User read_user(const sqlite::Statement& s) {
    core::User u;
    u.id = s.int64(0);
    u.email = s.text(1);
    u.display_name = s.text(2);
    u.role = core::role_from_string(s.text(3)).value_or(core::Role::patient);
    u.status = core::account_status_from_string(s.text(4)).value_or(core::AccountStatus::suspended);
    u.time_zone = s.text(5);
    u.password_hash = s.text(6);
    u.created_at = instant(s.int64(7));
    u.password_changed_at = instant(s.int64(8));
    return u;
}

constexpr const char* kSessionColumns = "id, user_id, token_hash, created_at, last_seen_at, revoked_at";

core::Session read_session(const sqlite::Statement& s) {
    core::Session x;
    x.id = s.int64(0);
    x.user_id = s.int64(1);
    x.token_hash = s.text(2);
    x.created_at = instant(s.int64(3));
    x.last_seen_at = instant(s.int64(4));
    if (auto revoked = s.optional_int64(5)) x.revoked_at = instant(*revoked);
    return x;
}

std::string select(const char* columns, const char* from_where) {
    return std::string("SELECT ") + columns + " " + from_where;
}

// [SqliteRepository] --------------------------------------------------------------------------------
std::vector<core::Session> read_sessions(sqlite::Statement& s) {
    std::vector<core::Session> out;
    while (s.step()) out.push_back(read_session(s));
    return out;
}

}  // namespace

// [SqliteRepository: users | sessions | sign-in attempts] ----------------------------------------
// --- users
std::optional<core::User> SqliteRepository::find_user(core::UserId id) {
    auto& s = sql(select(kUserColumns, "FROM users WHERE id = ?1"));
    s.bind(1, id);
    return s.step() ? std::optional(read_user(s)) : std::nullopt;
}

std::optional<core::User> SqliteRepository::find_user_by_email(std::string_view normalized_email) {
    auto& s = sql(select(kUserColumns, "FROM users WHERE email = ?1"));
    s.bind(1, normalized_email);
    return s.step() ? std::optional(read_user(s)) : std::nullopt;
}

core::UserId SqliteRepository::insert_user(const core::NewUser& u) {
    auto& s = sql(
        "INSERT INTO users (email, display_name, role, status, time_zone, password_hash, created_at,"
        " password_changed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)");
    s.bind(1, std::string_view(u.email))
        .bind(2, std::string_view(u.display_name))
        .bind(3, core::to_string(u.role))
        .bind(4, core::to_string(u.status))
        .bind(5, std::string_view(u.time_zone))
        .bind(6, std::string_view(u.password_hash))
        .bind(7, ms(u.created_at));
    try {
        s.run();
    } catch (const sqlite::Error& e) {
        if (e.code == SQLITE_CONSTRAINT_UNIQUE) throw core::UniqueViolation("users.email");
        throw;
    }
    return db_.last_insert_rowid();
}

void SqliteRepository::update_password(core::UserId id, std::string_view password_hash, core::Instant changed_at) {
    sql("UPDATE users SET password_hash = ?2, password_changed_at = ?3 WHERE id = ?1")
        .bind(1, id)
        .bind(2, password_hash)
        .bind(3, ms(changed_at))
        .run();
}

std::vector<core::User> SqliteRepository::list_users() {
    auto& s = sql(select(kUserColumns, "FROM users ORDER BY id"));
    std::vector<core::User> out;
    while (s.step()) out.push_back(read_user(s));
    return out;
}

std::int64_t SqliteRepository::count_users() {
    auto& s = sql("SELECT COUNT(*) FROM users");
    s.step();
    return s.int64(0);
}

// --- sessions
core::SessionId SqliteRepository::insert_session(const core::Session& x) {
    sql(
           "INSERT INTO sessions (user_id, token_hash, created_at, last_seen_at, revoked_at)"
           " VALUES (?1, ?2, ?3, ?4, ?5)")
        .bind(1, x.user_id)
        .bind(2, std::string_view(x.token_hash))
        .bind(3, ms(x.created_at))
        .bind(4, ms(x.last_seen_at))
        .bind(5, x.revoked_at ? std::optional(ms(*x.revoked_at)) : std::nullopt)
        .run();
    return db_.last_insert_rowid();
}

std::optional<core::Session> SqliteRepository::find_session(core::SessionId id) {
    auto& s = sql(select(kSessionColumns, "FROM sessions WHERE id = ?1"));
    s.bind(1, id);
    return s.step() ? std::optional(read_session(s)) : std::nullopt;
}

std::optional<core::Session> SqliteRepository::find_session_by_token_hash(std::string_view token_hash) {
    auto& s = sql(select(kSessionColumns, "FROM sessions WHERE token_hash = ?1"));
    s.bind(1, token_hash);
    return s.step() ? std::optional(read_session(s)) : std::nullopt;
}

void SqliteRepository::touch_session(core::SessionId id, core::Instant seen_at) {
    sql("UPDATE sessions SET last_seen_at = MAX(last_seen_at, ?2) WHERE id = ?1")
        .bind(1, id)
        .bind(2, ms(seen_at))
        .run();
}

void SqliteRepository::revoke_session(core::SessionId id, core::Instant at) {
    // The first revocation wins: it is the moment the session really ended.
    sql("UPDATE sessions SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL")
        .bind(1, id)
        .bind(2, ms(at))
        .run();
}

std::vector<core::Session> SqliteRepository::live_sessions_of(core::UserId user) {
    auto& s = sql(
        select(kSessionColumns, "FROM sessions WHERE user_id = ?1 AND revoked_at IS NULL ORDER BY id"));
    s.bind(1, user);
    return read_sessions(s);
}

std::vector<core::Session> SqliteRepository::stale_sessions(core::Instant idle_cutoff, core::Instant absolute_cutoff) {
    auto& s = sql(select(kSessionColumns,
                                "FROM sessions WHERE revoked_at IS NULL"
                                " AND (last_seen_at < ?1 OR created_at < ?2) ORDER BY id"));
    s.bind(1, ms(idle_cutoff)).bind(2, ms(absolute_cutoff));
    return read_sessions(s);
}

// --- sign-in attempts
void SqliteRepository::record_sign_in_attempt(std::string_view normalized_email, core::Instant at, bool succeeded) {
    sql("INSERT INTO sign_in_attempts (email, at, succeeded) VALUES (?1, ?2, ?3)")
        .bind(1, normalized_email)
        .bind(2, ms(at))
        .bind(3, std::int64_t{succeeded ? 1 : 0})
        .run();
}

std::vector<core::Instant> SqliteRepository::failed_sign_ins_since(std::string_view normalized_email, core::Instant since) {
    auto& s = sql(
        "SELECT at FROM sign_in_attempts WHERE email = ?1 AND at >= ?2 AND succeeded = 0 ORDER BY at, id");
    s.bind(1, normalized_email).bind(2, ms(since));
    std::vector<core::Instant> out;
    while (s.step()) out.push_back(instant(s.int64(0)));
    return out;
}

namespace {

// Pragmas run on every open (they are per connection, except journal_mode which the file remembers).
void configure(sqlite::Database& db) {
    db.exec("PRAGMA busy_timeout = 5000");
    db.exec("PRAGMA foreign_keys = ON");
    auto mode = db.prepare("PRAGMA journal_mode = WAL");
    if (!mode.step() || mode.text(0) != "wal")
        throw std::runtime_error("SQLite refused WAL mode (is the data dir on a network file system?)");
    // In WAL mode NORMAL never corrupts the database; a power cut (not a crash of the process) may lose
    // the last commits, each as a whole: a session touch, but also a booking or a ledger posting just
    // answered. That is the trade for no fsync per request; FULL closes it (see docs/OPERATIONS.md).
    db.exec("PRAGMA synchronous = NORMAL");
}

}  // namespace

SqliteStore::SqliteStore(const std::string& path) : path_(path), db_(path) {
    configure(db_);
    apply_migrations(db_);
}

void SqliteStore::transact(const std::function<void(core::Repository&)>& work) {
    if (owner_ == std::this_thread::get_id())
        throw std::logic_error("SqliteStore::transact called inside a transaction");
    std::lock_guard lock(mutex_);
    owner_ = std::this_thread::get_id();
    struct ClearOwner {
        std::atomic<std::thread::id>& owner;
        ~ClearOwner() { owner = std::thread::id{}; }
    } clear{owner_};
    db_.exec("BEGIN IMMEDIATE");
    try {
        SqliteRepository repo(db_, statements_);
        work(repo);
        statements_.reset_used();  // no statement may keep a read open past the end
        db_.exec("COMMIT");
    } catch (...) {
        statements_.reset_used();
        rollback_quietly(db_);
        throw;
    }
}

bool SqliteStore::healthy() {
    try {
        std::lock_guard lock(mutex_);
        auto s = db_.prepare("SELECT 1");
        return s.step() && s.int64(0) == 1;
    } catch (...) {
        return false;
    }
}

int SqliteStore::schema_version() {
    std::lock_guard lock(mutex_);
    return server::schema_version(db_);
}

}  // namespace server
