// The persistence boundary. Each domain declares its own repository interface beside its rules
// (src/core/<domain>/repository.h); a Transaction hands out all of them over one database
// transaction, and a Store runs transactions. The server backs it with SQLite (server/store/sqlite/),
// the offline demo and the tests with MemoryStore (src/core/store/memory/); both pass the same
// contract suite (tests/unit/store/). Nothing here names a database.
//
// One operation, one transaction:
//
//   auto done = store.transact([&](Transaction& tx) -> Result<Appointment> {
//       ...reads and writes through tx.clinic(), tx.credits()...
//       tx.effects().to_user(patient, AppointmentUpdated{...});   // released only after COMMIT
//       return appointment;
//   });
//   out.append(std::move(done.effects));   // or: store.transact(work, out)
//
// `work` may run more than once: a store may roll a transaction back and retry it (a serialization
// failure in PostgreSQL, say). Everything it did is undone and its effects are thrown away, so work
// must not change anything outside the transaction (keep in-memory changes until transact returns).
//
// Rules every store keeps (tests/unit/store/transactions.test.cpp): a transaction started inside
// another on the same thread is refused with std::logic_error (never a deadlock); an exception leaves
// nothing behind, effects included. Rows must name rows that exist (a session's user, an appointment's
// doctor): the services see to that. SQLite's foreign keys refuse an orphan as well; MemoryStore does
// not check.
#pragma once
#include <functional>
#include <optional>
#include <stdexcept>
#include <type_traits>
#include <utility>

#include "core/accounts/repository.h"
#include "core/calls/repository.h"
#include "core/clinic/repository.h"
#include "core/credits/repository.h"
#include "core/effects.h"
#include "core/invitations/repository.h"
#include "core/messaging/repository.h"
#include "core/notifications/repository.h"
#include "core/presence/repository.h"
#include "core/recordings/repository.h"

namespace core {

// Thrown by a repository when a uniqueness rule would break (e.g. the e-mail is taken). The
// transaction rolls back; the service turns it into a clear error.
struct UniqueViolation : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Thrown by a store when the database could not serialize this transaction with a concurrent one:
// Store::transact rolls back and runs the work again (up to kMaxAttempts times).
struct RetryTransaction : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Every domain's repository, within one transaction.
class Transaction {
public:
    virtual ~Transaction() = default;

    virtual AccountsRepository& accounts() = 0;
    virtual ClinicRepository& clinic() = 0;
    virtual CreditsRepository& credits() = 0;
    virtual NotificationsRepository& notifications() = 0;
    virtual CallsRepository& calls() = 0;
    virtual InvitationsRepository& invitations() = 0;
    virtual RecordingsRepository& recordings() = 0;
    virtual MessagingRepository& messaging() = 0;
    virtual PresenceRepository& presence() = 0;

    // Events and sessions to close, released only if the transaction commits (encoded after it).
    Effects& effects() { return effects_; }

private:
    Effects effects_ = [] {
        Effects e;
        e.defer_encoding();
        return e;
    }();
};

template <typename T>
struct Committed {
    T value;
    Effects effects;
};
template <>
struct Committed<void> {
    Effects effects;
};

class Store {
public:
    static constexpr int kMaxAttempts = 5;

    virtual ~Store() = default;

    // Runs `work(tx)` in one transaction: committed when it returns, rolled back when it throws (the
    // exception is rethrown), retried on RetryTransaction. Transactions are serializable with
    // respect to each other. Returns work's value and the effects it collected.
    template <typename Work>
    auto transact(Work&& work) -> Committed<std::invoke_result_t<Work&, Transaction&>> {
        using T = std::invoke_result_t<Work&, Transaction&>;
        for (int attempt = 1;; ++attempt) {
            Effects pending;
            std::conditional_t<std::is_void_v<T>, bool, std::optional<T>> value{};
            try {
                run_attempt([&](Transaction& tx) {
                    if constexpr (std::is_void_v<T>) work(tx);
                    else value.emplace(work(tx));
                    pending = std::move(tx.effects());
                });
            } catch (const RetryTransaction&) {
                if (attempt < kMaxAttempts) continue;
                throw;
            }
            pending.encode_deferred();  // committed, and the store is free for the next operation
            if constexpr (std::is_void_v<T>) return Committed<void>{std::move(pending)};
            else return Committed<T>{std::move(*value), std::move(pending)};
        }
    }

    // The same, appending the effects to `out` and returning only the value.
    template <typename Work>
    auto transact(Work&& work, Effects& out) -> std::invoke_result_t<Work&, Transaction&> {
        auto done = transact(std::forward<Work>(work));
        out.append(std::move(done.effects));
        if constexpr (!std::is_void_v<std::invoke_result_t<Work&, Transaction&>>) return std::move(done.value);
    }

protected:
    // One attempt: BEGIN, work, COMMIT; ROLLBACK and rethrow when anything throws. A store throws
    // RetryTransaction (after rolling back) when the attempt lost a serialization conflict.
    virtual void run_attempt(const std::function<void(Transaction&)>& work) = 0;
};

}  // namespace core
