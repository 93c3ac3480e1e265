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
          recordings_(c) {}

    core::AccountsRepository& accounts() override { return accounts_; }
    core::ClinicRepository& clinic() override { return clinic_; }
    core::CreditsRepository& credits() override { return credits_; }
    core::NotificationsRepository& notifications() override { return notifications_; }
    core::CallsRepository& calls() override { return calls_; }
    core::InvitationsRepository& invitations() override { return invitations_; }
    core::RecordingsRepository& recordings() override { return recordings_; }

private:
    SqliteAccounts accounts_;
    SqliteClinic clinic_;
    SqliteCredits credits_;
    SqliteNotifications notifications_;
    SqliteCalls calls_;
    SqliteInvitations invitations_;
    SqliteRecordings recordings_;
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
    std::lock_guard lock(mutex_);
    owner_ = std::this_thread::get_id();
    struct ClearOwner {
        std::atomic<std::thread::id>& owner;
        ~ClearOwner() { owner = std::thread::id{}; }
    } clear{owner_};

    db_.exec("BEGIN IMMEDIATE");
    try {
        Connection connection{db_, statements_};
        SqliteTransaction tx(connection);
        work(tx);
        statements_.reset_used();  // no statement may keep a read open past the end
        db_.exec("COMMIT");
    } catch (...) {
        statements_.reset_used();
        sqlite::rollback_quietly(db_);
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
