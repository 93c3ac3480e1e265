// Accounts and sessions: sign up, sign in (with lockout), resume, sign out, change password, staff
// accounts. Pure domain logic over Store, Clock and PasswordHasher; no I/O of its own.
#pragma once
#include <mutex>
#include <string>
#include <vector>

#include "core/accounts/user.h"
#include "core/crypto/password_hasher.h"
#include "core/errors.h"
#include "core/store/store.h"
#include "core/time/clock.h"

namespace core {

struct AccountPolicy {
    Duration session_idle_timeout = std::chrono::minutes(30);
    Duration session_absolute_timeout = std::chrono::hours(12);
    int max_failed_sign_ins = 10;                            // per account ...
    Duration failed_sign_in_window = std::chrono::minutes(15);  // ... within this window
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
    User user;
    Session session;
};

class AccountService {
public:
    AccountService(Store& store, PasswordHasher& hasher, const Clock& clock, AccountPolicy policy = {});

    Result<SignedIn> sign_up(const SignUpInput& in);
    Result<SignedIn> sign_in(std::string_view email, std::string_view password);
    // Checks a token (for resume after reload or reconnect) and marks the session as seen.
    Result<Authenticated> resume(std::string_view token);
    // Checks that a session bound to a connection is still alive, and marks it as seen.
    Result<Authenticated> touch(SessionId session);
    Result<Done> sign_out(SessionId session);
    // Verifies the current password; revokes every other session of the user. Returns their ids.
    Result<std::vector<SessionId>> change_password(SessionId session, std::string_view current_password,
                                                   std::string_view new_password);
    Result<User> create_staff_account(UserId actor, const StaffAccountInput& in);
    Result<std::vector<User>> list_accounts(UserId actor);

    // Sessions that have passed their idle or absolute limit and are not yet revoked, revoked now.
    // The server calls this periodically to close their sockets.
    std::vector<Session> expire_sessions();

    // For seeding: creates the account if the e-mail is free; returns the user either way.
    Result<User> ensure_account(const StaffAccountInput& in, AccountStatus status);

    const AccountPolicy& policy() const { return policy_; }
    const Clock& clock() const { return clock_; }

private:
    std::optional<Error> session_problem(const Session& s, Instant now) const;
    Result<SignedIn> open_session(Repository& repo, const User& user, Instant now);
    Result<User> create_account(const StaffAccountInput& in, AccountStatus status, bool existing_ok);

    const std::string& dummy_hash();  // verified against for unknown e-mails

    Store& store_;
    PasswordHasher& hasher_;
    const Clock& clock_;
    AccountPolicy policy_;
    std::once_flag dummy_once_;
    std::string dummy_hash_;
};

}  // namespace core
