// The persistence boundary. Services talk to a Repository inside one transaction; the server backs it
// with SQLite (server/store/), the offline demo with MemoryStore (core/store/memory_store.h).
// Nothing here names a database: a PostgreSQL store can implement the same interface.
#pragma once
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/accounts/user.h"

namespace core {

// Thrown by a Repository when a uniqueness rule would break (e.g. the e-mail is taken). Services turn
// it into a clear error; the transaction is rolled back.
struct UniqueViolation : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Every read and write a service may do, within one transaction.
class Repository {
public:
    virtual ~Repository() = default;

    // --- users
    virtual std::optional<User> find_user(UserId id) = 0;
    virtual std::optional<User> find_user_by_email(std::string_view normalized_email) = 0;
    virtual UserId insert_user(const NewUser& user) = 0;  // throws UniqueViolation on a taken e-mail
    virtual void update_password(UserId id, std::string_view password_hash, Instant changed_at) = 0;
    virtual std::vector<User> list_users() = 0;          // ordered by id
    virtual std::int64_t count_users() = 0;

    // --- sessions
    virtual SessionId insert_session(const Session& session) = 0;
    virtual std::optional<Session> find_session(SessionId id) = 0;
    virtual std::optional<Session> find_session_by_token_hash(std::string_view token_hash) = 0;
    virtual void touch_session(SessionId id, Instant seen_at) = 0;
    virtual void revoke_session(SessionId id, Instant at) = 0;
    // Sessions of the user that are not revoked (expired ones included; the caller judges expiry).
    virtual std::vector<Session> live_sessions_of(UserId user) = 0;
    // Sessions not revoked whose last_seen_at < idle_cutoff or created_at < absolute_cutoff.
    virtual std::vector<Session> stale_sessions(Instant idle_cutoff, Instant absolute_cutoff) = 0;

    // --- sign-in attempts, for the lockout rule (keyed by normalized e-mail, known or not)
    virtual void record_sign_in_attempt(std::string_view normalized_email, Instant at, bool succeeded) = 0;
    // Failed attempts at or after `since`, oldest first.
    virtual std::vector<Instant> failed_sign_ins_since(std::string_view normalized_email, Instant since) = 0;
};

class Store {
public:
    virtual ~Store() = default;
    // Runs `work` inside one transaction: committed when it returns, rolled back when it throws
    // (the exception is rethrown). Transactions are serializable with respect to each other.
    virtual void transact(const std::function<void(Repository&)>& work) = 0;
};

}  // namespace core
