// What the accounts domain stores: users, sessions and sign-in attempts. Implemented by every store
// (MemoryStore, SQLite); tests/unit/store/accounts.test.cpp holds each implementation to the rules
// written here.
//
// Rules for every method: the store assigns ids, positive and increasing; an update of an unknown id
// changes nothing and does not throw; lists come in the order stated, ties by id.
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/accounts/model.h"

namespace core {

class AccountsRepository {
public:
    virtual ~AccountsRepository() = default;

    // --- users
    virtual std::optional<User> find_user(UserId id) = 0;
    virtual std::optional<User> find_user_by_email(std::string_view normalized_email) = 0;
    // Assigns the id (positive, increasing). Throws UniqueViolation when the e-mail is taken.
    virtual UserId insert_user(const NewUser& user) = 0;
    // Unknown ids change nothing (as every update below).
    virtual void update_password(UserId id, std::string_view password_hash, Instant changed_at) = 0;
    virtual void set_user_status(UserId id, AccountStatus status) = 0;
    // Name, time zone, country and language, as given (validated by the caller).
    virtual void update_profile(UserId id, const Profile& profile) = 0;
    // Throws UniqueViolation when another account has the e-mail.
    virtual void update_email(UserId id, std::string_view normalized_email) = 0;
    // A deleted account: the e-mail becomes "deleted-<id>@deleted.invalid" (never a real address, and
    // free again for a new sign-up), the name "Deleted account", the password hash and country empty,
    // deleted_at = at. Role, status, time zone and created_at stay (the clinic's records refer to them).
    virtual void erase_personal_data(UserId id, Instant at) = 0;
    virtual std::vector<User> list_users() = 0;  // ordered by id
    virtual std::int64_t count_users() = 0;

    // --- sessions
    // Assigns the id. Throws UniqueViolation when the token hash is taken.
    virtual SessionId insert_session(const Session& session) = 0;
    virtual std::optional<Session> find_session(SessionId id) = 0;
    virtual std::optional<Session> find_session_by_token_hash(std::string_view token_hash) = 0;
    // last_seen_at only moves forward: an older instant than the stored one changes nothing.
    virtual void touch_session(SessionId id, Instant seen_at) = 0;
    // The first revocation stands: revoking a revoked session keeps its first revoked_at.
    virtual void revoke_session(SessionId id, Instant at) = 0;
    // Sessions of the user that are not revoked (expired ones included; the caller judges expiry), by id.
    virtual std::vector<Session> live_sessions_of(UserId user) = 0;
    // Sessions not revoked whose last_seen_at < idle_cutoff or created_at < absolute_cutoff, by id.
    virtual std::vector<Session> stale_sessions(Instant idle_cutoff, Instant absolute_cutoff) = 0;

    // --- sign-in attempts, for the lockout rule (keyed by normalized e-mail, known or not)
    // Returns the attempt's id (positive, increasing).
    virtual std::int64_t record_sign_in_attempt(std::string_view normalized_email, Instant at, bool succeeded) = 0;
    // Marks a recorded attempt as succeeded (an attempt is recorded as failed before the password is
    // checked, so concurrent guesses count at once; the right password settles it). Unknown ids change nothing.
    virtual void mark_sign_in_succeeded(std::int64_t attempt_id) = 0;
    // Failed attempts of this e-mail at or after `since`, oldest first (equal instants in the order recorded).
    virtual std::vector<Instant> failed_sign_ins_since(std::string_view normalized_email, Instant since) = 0;
    // Deletes every attempt (of any e-mail) before `before`; returns how many.
    virtual std::int64_t prune_sign_in_attempts(Instant before) = 0;
};

}  // namespace core
