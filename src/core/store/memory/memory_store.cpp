#include "core/store/memory/memory_store.h"

#include <stdexcept>

#include "core/store/memory/repositories.h"

namespace core {
namespace {

// Every domain's repository over the same data, for one transaction.
class MemoryTransaction final : public Transaction {
public:
    explicit MemoryTransaction(MemoryData& d)
        : accounts_(d),
          clinic_(d),
          credits_(d),
          notifications_(d),
          calls_(d),
          invitations_(d),
          recordings_(d),
          messaging_(d),
          presence_(d) {}

    AccountsRepository& accounts() override { return accounts_; }
    ClinicRepository& clinic() override { return clinic_; }
    CreditsRepository& credits() override { return credits_; }
    NotificationsRepository& notifications() override { return notifications_; }
    CallsRepository& calls() override { return calls_; }
    InvitationsRepository& invitations() override { return invitations_; }
    RecordingsRepository& recordings() override { return recordings_; }
    MessagingRepository& messaging() override { return messaging_; }
    PresenceRepository& presence() override { return presence_; }

private:
    MemoryAccounts accounts_;
    MemoryClinic clinic_;
    MemoryCredits credits_;
    MemoryNotifications notifications_;
    MemoryCalls calls_;
    MemoryInvitations invitations_;
    MemoryRecordings recordings_;
    MemoryMessaging messaging_;
    MemoryPresence presence_;
};

}  // namespace

MemoryStore::MemoryStore() : data_(std::make_unique<MemoryData>()) {}

MemoryStore::~MemoryStore() = default;

void MemoryStore::run_attempt(const std::function<void(Transaction&)>& work) {
    // Only this thread can have stored its own id, so the check needs no lock; without it a nested
    // transact would wait on mutex_ forever.
    if (owner_ == std::this_thread::get_id())
        throw std::logic_error("MemoryStore: a transaction inside a transaction");
    std::lock_guard lock(mutex_);
    owner_ = std::this_thread::get_id();
    struct ClearOwner {
        std::atomic<std::thread::id>& owner;
        ~ClearOwner() { owner = std::thread::id{}; }
    } clear{owner_};

    MemoryData begin = *data_;  // BEGIN: what ROLLBACK restores
    try {
        MemoryTransaction tx(*data_);
        work(tx);
    } catch (...) {
        *data_ = std::move(begin);  // ROLLBACK
        throw;
    }
}

}  // namespace core
