// core::Store over one SQLite file (WAL mode, foreign keys on, versioned migrations). Each domain's
// repository and the tables it owns live in their own file beside this one (sqlite/<domain>.cpp).
//
// Concurrency: one connection guarded by a mutex. SQLite allows a single writer at a time and nearly
// every operation writes, so a pool of connections would serialize on SQLite's file lock anyway, only
// with BUSY retries and sleeps in place of a fair queue. Operations run one at a time under the
// mutex: serializable by construction, and never retried.
//
// Group commit: a COMMIT costs more than most operations (it writes every page the operation touched
// to the WAL), so operations that queue up for the mutex share one. Each runs inside SAVEPOINT ...
// RELEASE within the batch's BEGIN IMMEDIATE; one that fails rolls back to its savepoint alone. The
// operation that finds nobody queued behind it (or the batch full) commits the batch; the others wait
// for that COMMIT before they return, so nothing is announced before it is durable in the WAL, and a
// failed COMMIT fails every operation of the batch (nothing of any of them stays). A transaction
// started inside another on the same thread is refused with std::logic_error (it would deadlock).
// busy_timeout still matters for other processes (`sqlite3 telemed.db .backup`).
// WAL checkpoints run on a thread of their own (checkpointer.h), not inside a COMMIT.
#pragma once
#include <atomic>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "core/store/store.h"
#include "store/sqlite/checkpointer.h"
#include "store/sqlite/database.h"

namespace server {

class SqliteStore final : public core::Store {
public:
    // Opens or creates the file and applies pending migrations. Throws when the file's schema is newer
    // than this binary knows.
    explicit SqliteStore(const std::string& path);
    ~SqliteStore() override;

    // A trivial query, for /healthz. Never throws.
    bool healthy();
    int schema_version();
    const std::string& path() const { return path_; }

    // Counters for /metrics: operations, COMMITs (batches), and the time the connection was held —
    // CPU time of the holding thread and wall time. Operations run one at a time, so the held time per
    // operation bounds the store's rate (1 s / held time), whatever the number of cores.
    std::string prometheus_text() const;

protected:
    void run_attempt(const std::function<void(core::Transaction&)>& work) override;

    // At most this many operations share one COMMIT.
    static constexpr int kMaxBatch = 64;

private:
    struct Batch {
        int operations = 0;                // under mutex_
        std::exception_ptr commit_error;   // set when the COMMIT failed, before `done`
        std::atomic<bool> done{false};     // waited on without the mutex
        void finish() {
            done.store(true);
            done.notify_all();
        }
    };
    void commit(Batch& batch);
    // Adds the time since `held_from` (CPU of this thread, wall) to the counters; under mutex_.
    struct HeldSince {
        std::int64_t cpu_ns, wall_ns;
    };
    static HeldSince now();
    void count_held(const HeldSince& held_from);

    std::string path_;
    std::mutex mutex_;
    std::atomic<int> queued_{0};    // operations waiting for the mutex
    std::shared_ptr<Batch> batch_;  // the open batch (BEGIN run), under mutex_
    std::atomic<std::thread::id> owner_{};  // the thread inside a transaction, to refuse nesting
    std::atomic<std::uint64_t> operations_{0}, commits_{0}, held_cpu_ns_{0}, held_wall_ns_{0};
    sqlite::Database db_;
    sqlite::StatementCache statements_{db_};  // after db_: finalized before the connection closes
    Checkpointer checkpointer_;  // after db_: its connection closes first, so db_'s close is the last
};

}  // namespace server
