#include "store/sqlite/store.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <stdexcept>

#include "store/sqlite/migrations.h"
#include "store/sqlite/repositories.h"

namespace server {

namespace {

// Every domain's repository over the one connection, for one transaction.
class SqliteTransaction final : public core::Transaction {
public:
    explicit SqliteTransaction(Connection& c)
        : accounts_(c),
          clinic_(c),
          credits_(c),
          notifications_(c),
          calls_(c),
          invitations_(c),
          recordings_(c),
          messaging_(c),
          presence_(c) {}

    core::AccountsRepository& accounts() override { return accounts_; }
    core::ClinicRepository& clinic() override { return clinic_; }
    core::CreditsRepository& credits() override { return credits_; }
    core::NotificationsRepository& notifications() override { return notifications_; }
    core::CallsRepository& calls() override { return calls_; }
    core::InvitationsRepository& invitations() override { return invitations_; }
    core::RecordingsRepository& recordings() override { return recordings_; }
    core::MessagingRepository& messaging() override { return messaging_; }
    core::PresenceRepository& presence() override { return presence_; }

private:
    SqliteAccounts accounts_;
    SqliteClinic clinic_;
    SqliteCredits credits_;
    SqliteNotifications notifications_;
    SqliteCalls calls_;
    SqliteInvitations invitations_;
    SqliteRecordings recordings_;
    SqliteMessaging messaging_;
    SqlitePresence presence_;
};

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
    // 64 MiB of page cache instead of SQLite's 2 MiB: the indexes a booking walks stay in memory as the
    // clinic's history grows, instead of being read back from the OS on every transaction.
    db.exec("PRAGMA cache_size = -65536");
    // Each operation of a batch runs in a savepoint, whose sub-journal (the pages it changed, to roll
    // back to) SQLite otherwise opens as a temporary file per operation: pwrite calls and a pager set up
    // while the connection is held. In memory they are a few pages per operation.
    db.exec("PRAGMA temp_store = MEMORY");
}

}  // namespace

namespace {
int on_wal_commit(void* checkpointer, sqlite3*, const char*, int wal_pages) {
    static_cast<Checkpointer*>(checkpointer)->committed(wal_pages);
    return SQLITE_OK;
}

// The file and its schema ready before the checkpointer opens its own connection to it.
const std::string& prepared(sqlite::Database& db, const std::string& path) {
    configure(db);
    apply_migrations(db);
    return path;
}
}  // namespace

SqliteStore::SqliteStore(const std::string& path)
    : path_(path), db_(path), checkpointer_(prepared(db_, path)) {
    db_.exec("PRAGMA wal_autocheckpoint = 0");  // checkpointer_ does it, off this connection
    sqlite3_wal_hook(db_.handle(), on_wal_commit, &checkpointer_);
}

SqliteStore::~SqliteStore() {
    sqlite3_wal_hook(db_.handle(), nullptr, nullptr);
}

void SqliteStore::run_attempt(const std::function<void(core::Transaction&)>& work) {
    // Only this thread can have stored its own id, so the check needs no lock.
    if (owner_ == std::this_thread::get_id())
        throw std::logic_error("SqliteStore: a transaction inside a transaction");
    ++queued_;
    std::unique_lock lock(mutex_);
    --queued_;
    const HeldSince held_from = now();
    ++operations_;

    if (!batch_) {
        try {
            statements_.get("BEGIN IMMEDIATE").run();
        } catch (...) {
            statements_.reset_used();
            throw;
        }
        batch_ = std::make_shared<Batch>();
    }
    const std::shared_ptr<Batch> batch = batch_;
    ++batch->operations;

    // The operation, alone within the batch: its failure undoes only its own changes.
    std::exception_ptr failed;
    owner_ = std::this_thread::get_id();
    try {
        statements_.get("SAVEPOINT operation").run();
        try {
            Connection connection{db_, statements_};
            SqliteTransaction tx(connection);
            work(tx);
            statements_.reset_used();  // no statement may keep a read open past the end
            statements_.get("RELEASE operation").run();
        } catch (...) {
            failed = std::current_exception();
            statements_.reset_used();
            statements_.get("ROLLBACK TO operation").run();
            statements_.get("RELEASE operation").run();
        }
    } catch (...) {
        // The savepoint itself failed: SQLite may have ended the transaction. End the batch here.
        if (!failed) failed = std::current_exception();
        statements_.reset_used();
        owner_ = std::thread::id{};
        batch->commit_error = failed;
        sqlite::rollback_quietly(db_);
        batch_.reset();
        batch->finish();
        std::rethrow_exception(failed);
    }
    owner_ = std::thread::id{};

    // Whoever finds nobody queued behind it commits for everyone; the others wait for that.
    if (queued_ > 0 && batch->operations < kMaxBatch) {
        // Wait without the mutex, so the batch's operations wake together, not one by one behind it.
        count_held(held_from);
        lock.unlock();
        batch->done.wait(false);
    } else {
        commit(*batch);
        count_held(held_from);
    }
    if (failed) std::rethrow_exception(failed);
    if (batch->commit_error) std::rethrow_exception(batch->commit_error);
}

SqliteStore::HeldSince SqliteStore::now() {
    timespec cpu{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu);
    const auto wall = std::chrono::steady_clock::now().time_since_epoch();
    return {std::int64_t{cpu.tv_sec} * 1'000'000'000 + cpu.tv_nsec,
            std::chrono::duration_cast<std::chrono::nanoseconds>(wall).count()};
}

void SqliteStore::count_held(const HeldSince& held_from) {
    const HeldSince t = now();
    held_cpu_ns_ += static_cast<std::uint64_t>(std::max<std::int64_t>(0, t.cpu_ns - held_from.cpu_ns));
    held_wall_ns_ += static_cast<std::uint64_t>(std::max<std::int64_t>(0, t.wall_ns - held_from.wall_ns));
}

std::string SqliteStore::prometheus_text() const {
    char text[1024];
    std::snprintf(text, sizeof text,
                  "# HELP telemed_store_operations_total Store operations (transactions) run, failed ones included.\n"
                  "# TYPE telemed_store_operations_total counter\n"
                  "telemed_store_operations_total %llu\n"
                  "# HELP telemed_store_commits_total COMMITs: batches of operations sharing one (group commit).\n"
                  "# TYPE telemed_store_commits_total counter\n"
                  "telemed_store_commits_total %llu\n"
                  "# HELP telemed_store_held_seconds_total Time the store's one connection was held by operations "
                  "(their SQL, their rules, COMMIT): clock=\"cpu\" is CPU time of the holding thread, clock=\"wall\" "
                  "includes waiting for the disk and for a core.\n"
                  "# TYPE telemed_store_held_seconds_total counter\n"
                  "telemed_store_held_seconds_total{clock=\"cpu\"} %.9f\n"
                  "telemed_store_held_seconds_total{clock=\"wall\"} %.9f\n",
                  static_cast<unsigned long long>(operations_.load()), static_cast<unsigned long long>(commits_.load()),
                  static_cast<double>(held_cpu_ns_.load()) / 1e9, static_cast<double>(held_wall_ns_.load()) / 1e9);
    return text;
}

void SqliteStore::commit(Batch& batch) {
    ++commits_;
    try {
        statements_.get("COMMIT").run();
    } catch (...) {
        batch.commit_error = std::current_exception();
        statements_.reset_used();
        sqlite::rollback_quietly(db_);
    }
    statements_.reset_used();
    batch_.reset();
    batch.finish();
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
