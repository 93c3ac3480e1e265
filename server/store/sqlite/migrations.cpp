#include "store/sqlite/migrations.h"

#include <chrono>
#include <string>

#include "store/sqlite/schema.h"

namespace server {

namespace {

std::int64_t now_unix_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace

std::span<const Migration> schema_migrations() {
    // A version made of several domains' parts runs them as one text, in the order shipped.
    static const std::string v2 = std::string(schema::clinic_v2()) + std::string(schema::credits_v2()) +
                                  std::string(schema::notifications_v2());
    static const std::string v5 = std::string(schema::invitations_v5()) + std::string(schema::calls_v5());
    static const std::string v7 = std::string(schema::clinic_v7()) + std::string(schema::messaging_v7());
    // Append-only. The names are stored in schema_migrations: keep them as they are.
    static const Migration migrations[] = {
        {1, "users, sessions, sign-in attempts", schema::accounts_v1()},
        {2, "clinic: doctors, availability, appointments, ledger, purchases, notifications", v2},
        {3, "calls: call participations (the call log), in-call chat", schema::calls_v3()},
        {4, "call recordings: records, BLOB chunks, access log", schema::recordings_v4()},
        {5, "calls: invitations and guests (call_invites; guests in the call log and chat)", v5},
        {6, "ledger: running totals (ledger_balances, ledger_escrow_by_patient, kept by triggers)", schema::credits_v6()},
        {7, "messaging: conversations, messages, receipts, message audit, full-text search", v7},
        {8, "messaging: attachments, BLOB chunks, access log", schema::messaging_v8()},
        {9, "presence: a doctor's choice to hide when they are online", schema::presence_v9()},
        {10, "notifications: coalescing (conversation, count), per-category preferences", schema::notifications_v10()},
        {11, "messaging: unread counts kept per conversation and member (triggers)", schema::messaging_v11()},
        {12, "messaging: revisions (changes since a client's last look)", schema::messaging_v12()},
        {13, "accounts: country, preferred language, deleted accounts", schema::accounts_v13()},
    };
    return migrations;
}

int schema_version(sqlite::Database& db) {
    auto exists =
        db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'");
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
                    .bind(2, m.name)
                    .bind(3, now_unix_ms())
                    .run();
                ++applied;
            }
            db.exec("COMMIT");
        } catch (...) {
            sqlite::rollback_quietly(db);
            throw;
        }
    }
    return applied;
}

}  // namespace server
