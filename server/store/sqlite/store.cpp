#include "store/sqlite/store.h"

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
          messaging_(c) {}

    core::AccountsRepository& accounts() override { return accounts_; }
    core::ClinicRepository& clinic() override { return clinic_; }
    core::CreditsRepository& credits() override { return credits_; }
    core::NotificationsRepository& notifications() override { return notifications_; }
    core::CallsRepository& calls() override { return calls_; }
    core::InvitationsRepository& invitations() override { return invitations_; }
    core::RecordingsRepository& recordings() override { return recordings_; }
    core::MessagingRepository& messaging() override { return messaging_; }

private:
    SqliteAccounts accounts_;
    SqliteClinic clinic_;
    SqliteCredits credits_;
    SqliteNotifications notifications_;
    SqliteCalls calls_;
    SqliteInvitations invitations_;
    SqliteRecordings recordings_;
    SqliteMessaging messaging_;
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
}

}  // namespace

SqliteStore::SqliteStore(const std::string& path) : path_(path), db_(path) {
    configure(db_);
    apply_migrations(db_);
}

void SqliteStore::run_attempt(const std::function<void(core::Transaction&)>& work) {
    // Only this thread can have stored its own id, so the check needs no lock.
    if (owner_ == std::this_thread::get_id())
        throw std::logic_error("SqliteStore: a transaction inside a transaction");
    ++queued_;
    std::unique_lock lock(mutex_);
    --queued_;

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
        lock.unlock();
        batch->done.wait(false);
    } else {
        commit(*batch);
    }
    if (failed) std::rethrow_exception(failed);
    if (batch->commit_error) std::rethrow_exception(batch->commit_error);
}

void SqliteStore::commit(Batch& batch) {
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
