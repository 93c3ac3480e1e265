// A store for tests that look at transactions themselves: a MemoryStore behind a Store that counts
// every attempt and can fail one the way a database does.
//
//   TestStore store;
//   Services services(store, …);
//   const int before = store.attempts;
//   services.clinic.book(…);
//   CHECK(store.attempts - before == 1);          // one operation, one transaction
//
//   store.conflicts = 1;      // the next attempt runs its work, rolls back and throws RetryTransaction
//                             // (a lost serialization conflict): Store::transact runs the work again
//   store.failing_commits = 1;  // the next attempt runs its work, rolls back and throws
//                               // std::runtime_error (COMMIT failed): the operation throws
//   store.broken = "clinic";  // every use of tx.clinic() throws std::runtime_error (the database went
//                             // away in the middle of a transaction); "" mends it
//
// Counting: `attempts` grows once per attempt, retries included, so an operation that retried once
// shows 2. Work done in a failed attempt is rolled back by the MemoryStore, and its effects (collected
// in the Transaction this store hands out) are dropped by Store::transact.
#pragma once
#include <atomic>
#include <stdexcept>
#include <string>

#include "core/store/memory/memory_store.h"

namespace test_store {

class TestStore final : public core::Store {
public:
    std::atomic<int> attempts{0};
    int conflicts = 0;
    int failing_commits = 0;
    std::string broken;  // the repository that throws: accounts, clinic, credits, notifications, calls, invitations, recordings, messaging

protected:
    void run_attempt(const std::function<void(core::Transaction&)>& work) override {
        ++attempts;
        const bool conflict = take(conflicts);
        const bool commit_fails = !conflict && take(failing_commits);
        try {
            memory_.transact([&](core::Transaction& inner) {
                Faulty tx(inner, broken);
                work(tx);
                if (conflict || commit_fails) throw Abandon{};  // after the work: the MemoryStore rolls it back
            });
        } catch (const Abandon&) {
            if (conflict) throw core::RetryTransaction("could not serialize access (injected by the test)");
            throw std::runtime_error("COMMIT failed: disk I/O error (injected by the test)");
        }
    }

private:
    struct Abandon {};

    static bool take(int& n) {
        if (n <= 0) return false;
        --n;
        return true;
    }

    // The MemoryStore's repositories, with one of them broken. Effects are collected here (in this
    // Transaction), which is what Store::transact hands out after a commit.
    class Faulty final : public core::Transaction {
    public:
        Faulty(core::Transaction& inner, const std::string& broken) : inner_(inner), broken_(broken) {}

        core::AccountsRepository& accounts() override { return use("accounts", inner_.accounts()); }
        core::ClinicRepository& clinic() override { return use("clinic", inner_.clinic()); }
        core::CreditsRepository& credits() override { return use("credits", inner_.credits()); }
        core::NotificationsRepository& notifications() override { return use("notifications", inner_.notifications()); }
        core::CallsRepository& calls() override { return use("calls", inner_.calls()); }
        core::InvitationsRepository& invitations() override { return use("invitations", inner_.invitations()); }
        core::RecordingsRepository& recordings() override { return use("recordings", inner_.recordings()); }
        core::MessagingRepository& messaging() override { return use("messaging", inner_.messaging()); }
        core::PresenceRepository& presence() override { return use("presence", inner_.presence()); }

    private:
        template <typename Repository>
        Repository& use(const char* name, Repository& repository) const {
            if (broken_ == name) throw std::runtime_error(std::string(name) + ": database disk image is malformed");
            return repository;
        }
        core::Transaction& inner_;
        const std::string& broken_;
    };

    core::MemoryStore memory_;
};

}  // namespace test_store
