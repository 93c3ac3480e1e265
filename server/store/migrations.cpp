#include "store/migrations.h"

#include <chrono>
#include <string>

namespace server {

namespace {

// Instants are INTEGER unix milliseconds (UTC). E-mails are stored normalized, so a plain unique index
// enforces "one account per e-mail".
constexpr const char* kV1 = R"sql(
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

constexpr Migration kMigrations[] = {
    {1, "users, sessions, sign-in attempts", kV1},
};

std::int64_t now_unix_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace

void rollback_quietly(sqlite::Database& db) noexcept {
    // SQLite may already have rolled back (e.g. after SQLITE_FULL); the original error is what matters.
    try {
        db.exec("ROLLBACK");
    } catch (...) {
    }
}

std::span<const Migration> schema_migrations() { return kMigrations; }

int schema_version(sqlite::Database& db) {
    auto exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'");
    if (!exists.step()) return 0;
    auto max = db.prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    max.step();
    return static_cast<int>(max.int64(0));
}

int apply_migrations(sqlite::Database& db, std::span<const Migration> migrations) {
    db.exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)");
    const int known = migrations.empty() ? 0 : migrations.back().version;
    int applied = 0;
    for (const Migration& m : migrations) {
        // Read the version inside the write lock, so two processes starting at once do not both migrate.
        db.exec("BEGIN IMMEDIATE");
        try {
            const int current = schema_version(db);
            if (current > known)
                throw std::runtime_error("the database has schema version " + std::to_string(current) +
                                         ", newer than this server knows (" + std::to_string(known) + ")");
            if (m.version > current) {
                db.exec(m.sql);
                db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)")
                    .bind(1, std::int64_t{m.version})
                    .bind(2, std::string_view(m.name))
                    .bind(3, now_unix_ms())
                    .run();
                ++applied;
            }
            db.exec("COMMIT");
        } catch (...) {
            rollback_quietly(db);
            throw;
        }
    }
    return applied;
}

}  // namespace server
