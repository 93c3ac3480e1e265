// core::Store over one SQLite file (WAL mode, foreign keys on, versioned migrations). Each domain's
// repository and the tables it owns live in their own file beside this one (sqlite/<domain>.cpp).
//
// Concurrency: one connection guarded by a mutex. SQLite allows a single writer at a time and nearly
// every operation writes, so a pool of connections would serialize on SQLite's file lock anyway, only
// with BUSY retries and sleeps in place of a fair queue. With one connection each transaction is
// BEGIN IMMEDIATE ... COMMIT under the mutex: serializable by construction, and never retried. A
// transaction started inside another on the same thread is refused with std::logic_error (it would
// deadlock on the mutex). busy_timeout still matters for other processes (`sqlite3 telemed.db .backup`).
#pragma once
#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "core/store/store.h"
#include "store/sqlite/database.h"

namespace server {

class SqliteStore final : public core::Store {
public:
    // Opens or creates the file and applies pending migrations. Throws when the file's schema is newer
    // than this binary knows.
    explicit SqliteStore(const std::string& path);

    // A trivial query, for /healthz. Never throws.
    bool healthy();
    int schema_version();
    const std::string& path() const { return path_; }

protected:
    void run_attempt(const std::function<void(core::Transaction&)>& work) override;

private:
    std::string path_;
    std::mutex mutex_;
    std::atomic<std::thread::id> owner_{};  // the thread inside a transaction, to refuse nesting
    sqlite::Database db_;
    sqlite::StatementCache statements_{db_};  // after db_: finalized before the connection closes
};

}  // namespace server
