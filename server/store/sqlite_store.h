// core::Store over one SQLite file (WAL mode, foreign keys on, versioned migrations).
//
// Concurrency: one connection guarded by a mutex. SQLite allows a single writer at a time and nearly
// every request writes (a session touch, a sign-in attempt), so a pool of connections would serialize on
// SQLite's file lock anyway, only with BUSY retries and sleeps in place of a fair queue. With one
// connection each transact() is BEGIN IMMEDIATE ... COMMIT under the mutex: serializable by construction.
// busy_timeout still matters for other processes (e.g. `sqlite3 telemed.db .backup`).
#pragma once
#include <atomic>
#include <mutex>
#include <string>
#include <thread>

#include "core/store/store.h"
#include "store/sqlite.h"

namespace server {

class SqliteStore final : public core::Store {
public:
    // Opens or creates the file and applies pending migrations.
    explicit SqliteStore(const std::string& path);

    void transact(const std::function<void(core::Repository&)>& work) override;

    // A trivial query, for /healthz. Never throws.
    bool healthy();
    int schema_version();
    const std::string& path() const { return path_; }

private:
    std::string path_;
    std::mutex mutex_;
    std::atomic<std::thread::id> owner_{};  // thread inside transact(), to refuse nesting instead of deadlocking
    sqlite::Database db_;
    sqlite::StatementCache statements_{db_};  // after db_: finalized before the connection closes
};

}  // namespace server
