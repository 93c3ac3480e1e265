// Accounts and sessions: sign up, sign in (with lockout), resume, sign out, change password, staff
// accounts. Pure domain logic over Store, Clock and PasswordHasher; no I/O of its own.
//
// Live sessions are kept in memory: every signed-in request checks its session against this cache
// (authenticate), not the database. The session's last-seen time is written at most once per
// `last_seen_write_interval` (and by the expiry sweep, which flushes the newer times first), and the
// cached session and user are re-read at that moment, so a revocation made elsewhere is seen within
// that interval. Revocations made here (sign-out, password change, expiry) take effect at once.
//
// Threading: every method may be called from any thread.
#pragma once
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/accounts/model.h"
#include "core/crypto/password_hasher.h"
#include "core/effects.h"
#include "core/errors.h"
#include "core/store/store.h"
#include "core/time/clock.h"

namespace core {

struct AccountPolicy {
    Duration session_idle_timeout = std::chrono::minutes(30);
    Duration session_absolute_timeout = std::chrono::hours(12);
    int max_failed_sign_ins = 10;                               // per account ...
    Duration failed_sign_in_window = std::chrono::minutes(15);  // ... within this window
    Duration last_seen_write_interval = std::chrono::minutes(1);
    // Sign-in attempts older than this are deleted (prune_sign_in_attempts); never less than the window.
    Duration sign_in_attempts_kept = std::chrono::hours(24);
    Duration prune_interval = std::chrono::hours(1);  // how often the timer prunes them
};

struct SignUpInput {
    std::string email;
    std::string password;
    std::string display_name;
    Role role = Role::patient;  // only patient or doctor may sign themselves up
    std::string time_zone = "UTC";
};

struct StaffAccountInput {
    std::string email;
    std::string password;
    std::string display_name;
    Role role = Role::support;  // admin or support
    std::string time_zone = "UTC";
};

// A signed-in session: the bearer token is returned exactly once, at sign-in.
struct SignedIn {
    User user;
    Session session;
    std::string token;
};

struct Authenticated {
    User user;  // without its password hash
    Session session;
};

class AccountService {
public:
    AccountService(Store& store, PasswordHasher& hasher, const Clock& clock, AccountPolicy policy = {});

    Result<SignedIn> sign_up(const SignUpInput& in);
    Result<SignedIn> sign_in(std::string_view email, std::string_view password);
    // Checks a token (for resume after reload or reconnect) and marks the session as seen.
    Result<Authenticated> resume(std::string_view token);
    // Checks that a session bound to a connection is still alive, and marks it as seen (in memory).
    Result<Authenticated> authenticate(SessionId session);
    // The same check answered from memory alone, or nullopt when the store has to decide (the session is
    // not cached, its user changed, its last-seen time is due to be written, or it expired). Never
    // blocks on the store: the transport may call it on its I/O thread.
    std::optional<Authenticated> authenticate_in_memory(SessionId session);
    // Revokes the session; `out` gets session.ended for its sockets and the order to close them.
    Result<Done> sign_out(SessionId session, Effects& out);
    // Verifies the current password; revokes every other session of the user (each gets
    // session.ended and is closed, through `out`). Returns how many were revoked. A wrong current
    // password counts as a failed sign-in of the account and locks it the same way (account_locked).
    Result<std::size_t> change_password(SessionId session, std::string_view current_password,
                                        std::string_view new_password, Effects& out);
    // Name, time zone, country and language of the session's person, checked like sign-up's; returns
    // the account as it is now. Other sessions of the person read it on their next request.
    Result<User> update_profile(SessionId session, const Profile& in);
    // A new e-mail, confirmed by the current password (counted with the sign-in failures, as
    // change_password's). email_taken when another account has it.
    Result<User> change_email(SessionId session, std::string_view password, std::string_view new_email);
    // Deletes the session's own account, confirmed by the password: the personal data is erased
    // (erase_personal_data), every session ends (session.ended account_deleted, through `out`). The
    // clinic's records stay: visits, notes, the ledger, messages (shown as from "Deleted account").
    // Refused (conflict) while the person has a visit requested, confirmed or in progress, and for
    // staff accounts (an administrator closes those).
    Result<Done> delete_account(SessionId session, std::string_view password, Effects& out);
    Result<User> create_staff_account(UserId actor, const StaffAccountInput& in);
    Result<std::vector<User>> list_accounts(UserId actor);

    // Sessions that have passed their idle or absolute limit and are not yet revoked, revoked now.
    // The server calls this periodically to close their sockets.
    std::vector<Session> expire_sessions();
    // Deletes sign-in attempts older than policy().sign_in_attempts_kept, at most once per
    // policy().prune_interval (the clinic timer calls it every few seconds). Returns how many.
    std::int64_t prune_sign_in_attempts();
    // These users' records changed (status, password): cached sessions read them again.
    void forget_users(const std::vector<UserId>& users);

    // For seeding: creates the account if the e-mail is free; returns the user either way.
    Result<User> ensure_account(const StaffAccountInput& in, AccountStatus status);

    const AccountPolicy& policy() const { return policy_; }
    const Clock& clock() const { return clock_; }

private:
    struct Live {
        Session session;        // last_seen_at: the newest, in memory
        std::optional<User> user;  // empty: read it again
        Instant written_at{};   // last_seen_at as the store has it
    };

    std::optional<Error> session_problem(const Session& s, Instant now) const;
    SignedIn open_session(Transaction& tx, const User& user, Instant now);
    Result<SignedIn> remember(Result<SignedIn> signed_in);
    Result<User> create_account(const StaffAccountInput& in, AccountStatus status, bool existing_ok);
    // From the store, into the cache; `seen_here` is the newest last-seen time this process knows.
    Result<Authenticated> load(SessionId id, Instant now, Instant seen_here = {});
    // The cached session if it may be answered from memory; `seen_here` gets its in-memory last-seen.
    std::optional<Authenticated> cached_session(SessionId id, Instant now, Instant& seen_here);
    void forget_session(SessionId id);
    std::optional<Error> locked_out(Transaction& tx, const std::string& email, Instant now) const;
    // Checks the lockout and records the attempt as failed in one transaction (so concurrent guesses
    // all count before any password is checked); the attempt's id, or account_locked. `user` gets the
    // account of the e-mail when found.
    Result<std::int64_t> begin_attempt(const std::string& email, Instant now, std::optional<User>* user);
    // The session's person's password, checked as a sign-in attempt of the account (counted first,
    // locked out the same way); the attempt's id, to be marked succeeded in the change's transaction.
    Result<std::int64_t> confirm_password(const User& person, std::string_view password, const char* field);

    const std::string& dummy_hash();  // verified against for unknown e-mails

    Store& store_;
    PasswordHasher& hasher_;
    const Clock& clock_;
    AccountPolicy policy_;
    std::once_flag dummy_once_;
    std::string dummy_hash_;
    std::mutex live_mutex_;
    std::unordered_map<SessionId, Live> live_;
    std::mutex prune_mutex_;
    Instant pruned_at_{};
};

}  // namespace core
