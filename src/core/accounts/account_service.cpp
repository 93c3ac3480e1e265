#include "core/accounts/account_service.h"

#include "core/accounts/validation.h"
#include "core/crypto/random.h"
#include "core/crypto/sha256.h"

namespace core {
namespace {

Error locked_error(Duration retry_after) {
    const auto seconds = std::max<std::int64_t>(1, std::chrono::ceil<std::chrono::seconds>(retry_after).count());
    const auto minutes = (seconds + 59) / 60;
    Error e = Error::of(ErrorCode::account_locked,
                        "Too many failed sign-ins. Try again in " + std::to_string(minutes) +
                            (minutes == 1 ? " minute." : " minutes."));
    e.retry_after_s = int(seconds);
    return e;
}

Error expired() { return Error::of(ErrorCode::session_expired); }

}  // namespace

AccountService::AccountService(Store& store, PasswordHasher& hasher, const Clock& clock, AccountPolicy policy)
    : store_(store), hasher_(hasher), clock_(clock), policy_(policy) {}

std::optional<Error> AccountService::session_problem(const Session& s, Instant now) const {
    if (s.revoked_at) return expired();
    if (now - s.last_seen_at >= policy_.session_idle_timeout) return expired();
    if (now - s.created_at >= policy_.session_absolute_timeout) return expired();
    return std::nullopt;
}

Result<SignedIn> AccountService::open_session(Repository& repo, const User& user, Instant now) {
    SignedIn out{user, Session{}, new_session_token()};
    out.session.user_id = user.id;
    out.session.token_hash = sha256_hex(out.token);
    out.session.created_at = now;
    out.session.last_seen_at = now;
    out.session.id = repo.insert_session(out.session);
    return out;
}

const std::string& AccountService::dummy_hash() {
    std::call_once(dummy_once_, [&] { dummy_hash_ = hasher_.hash(new_session_token()); });
    return dummy_hash_;
}

Result<SignedIn> AccountService::sign_up(const SignUpInput& in) {
    const std::string email = normalize_email(in.email);
    if (in.role != Role::patient && in.role != Role::doctor)
        return Error::of(ErrorCode::invalid_field, "Choose whether you are a patient or a doctor.", "role");
    if (auto e = check_display_name(in.display_name)) return *e;
    if (auto e = check_email(email)) return *e;
    if (auto e = check_password(in.password, email)) return *e;
    if (auto e = check_time_zone(in.time_zone)) return *e;

    NewUser user{email, trim(in.display_name), in.role,
                 in.role == Role::doctor ? AccountStatus::pending_verification : AccountStatus::active,
                 in.time_zone, hasher_.hash(in.password), clock_.now()};
    std::optional<Result<SignedIn>> result;
    try {
        store_.transact([&](Repository& repo) {
            const UserId id = repo.insert_user(user);
            result = open_session(repo, *repo.find_user(id), user.created_at);
        });
    } catch (const UniqueViolation&) {
        return Error::of(ErrorCode::email_taken, "An account with this e-mail already exists. Sign in instead.",
                         "email");
    }
    return std::move(*result);
}

Result<SignedIn> AccountService::sign_in(std::string_view raw_email, std::string_view password) {
    const std::string email = normalize_email(raw_email);
    if (email.empty()) return Error::of(ErrorCode::invalid_field, "Enter your e-mail address.", "email");
    if (password.empty()) return Error::of(ErrorCode::invalid_field, "Enter your password.", "password");

    const Instant now = clock_.now();
    std::optional<User> user;
    std::optional<Error> locked;
    store_.transact([&](Repository& repo) {
        // A failure counts for exactly one window: from its instant up to (not including) instant + window.
        const auto failures = repo.failed_sign_ins_since(email, now - policy_.failed_sign_in_window + Duration(1));
        const auto max = size_t(policy_.max_failed_sign_ins);
        if (failures.size() >= max) {
            locked = locked_error(failures[failures.size() - max] + policy_.failed_sign_in_window - now);
            return;
        }
        user = repo.find_user_by_email(email);
    });
    if (locked) return *locked;

    // Unknown e-mails cost a hash too, so timing does not tell which accounts exist.
    const bool password_ok = user ? hasher_.verify(user->password_hash, password)
                                  : (hasher_.verify(dummy_hash(), password), false);
    const bool suspended = password_ok && user->status == AccountStatus::suspended;
    std::optional<Result<SignedIn>> result;
    store_.transact([&](Repository& repo) {
        repo.record_sign_in_attempt(email, now, password_ok);
        if (password_ok && !suspended) result = open_session(repo, *user, now);
    });
    if (!password_ok) return Error::of(ErrorCode::invalid_credentials, {}, "password");
    if (suspended) return Error::of(ErrorCode::forbidden, "This account is suspended. Contact support.");
    return std::move(*result);
}

Result<Authenticated> AccountService::resume(std::string_view token) {
    if (token.empty()) return expired();
    const std::string hash = sha256_hex(token);
    std::optional<Session> session;
    store_.transact([&](Repository& repo) { session = repo.find_session_by_token_hash(hash); });
    if (!session) return expired();
    return touch(session->id);
}

Result<Authenticated> AccountService::touch(SessionId id) {
    const Instant now = clock_.now();
    std::optional<Result<Authenticated>> result;
    store_.transact([&](Repository& repo) {
        auto session = repo.find_session(id);
        if (!session) {
            result = expired();
            return;
        }
        if (auto problem = session_problem(*session, now)) {
            if (!session->revoked_at) repo.revoke_session(id, now);
            result = *problem;
            return;
        }
        repo.touch_session(id, now);
        session->last_seen_at = now;
        auto user = repo.find_user(session->user_id);
        if (!user) {
            result = expired();
            return;
        }
        result = Authenticated{*user, *session};
    });
    return std::move(*result);
}

Result<Done> AccountService::sign_out(SessionId id) {
    store_.transact([&](Repository& repo) {
        auto session = repo.find_session(id);
        if (session && !session->revoked_at) repo.revoke_session(id, clock_.now());
    });
    return Done{};
}

Result<std::vector<SessionId>> AccountService::change_password(SessionId session_id, std::string_view current,
                                                               std::string_view replacement) {
    auto auth = touch(session_id);
    if (!auth) return auth.error();
    const User& user = auth->user;
    if (!hasher_.verify(user.password_hash, current))
        return Error::of(ErrorCode::invalid_credentials, "Your current password is not correct.", "current_password");
    if (auto e = check_password(replacement, user.email)) {
        Error err = *e;
        err.field = "new_password";
        return err;
    }
    if (current == replacement)
        return Error::of(ErrorCode::weak_password, "Choose a password different from the current one.", "new_password");

    const std::string hash = hasher_.hash(replacement);
    const Instant now = clock_.now();
    std::vector<SessionId> revoked;
    store_.transact([&](Repository& repo) {
        repo.update_password(user.id, hash, now);
        for (const Session& s : repo.live_sessions_of(user.id)) {
            if (s.id == session_id) continue;
            repo.revoke_session(s.id, now);
            revoked.push_back(s.id);
        }
    });
    return revoked;
}

Result<User> AccountService::create_staff_account(UserId actor, const StaffAccountInput& in) {
    std::optional<User> admin;
    store_.transact([&](Repository& repo) { admin = repo.find_user(actor); });
    if (!admin || admin->role != Role::admin)
        return Error::of(ErrorCode::forbidden, "Only an administrator can create staff accounts.");
    if (in.role != Role::admin && in.role != Role::support)
        return Error::of(ErrorCode::invalid_field, "Staff accounts are administrators or support agents.", "role");
    return create_account(in, AccountStatus::active, /*existing_ok=*/false);
}

Result<std::vector<User>> AccountService::list_accounts(UserId actor) {
    std::vector<User> users;
    bool allowed = false;
    store_.transact([&](Repository& repo) {
        auto me = repo.find_user(actor);
        allowed = me && me->role == Role::admin;
        if (allowed) users = repo.list_users();
    });
    if (!allowed) return Error::of(ErrorCode::forbidden, "Only an administrator can list accounts.");
    for (User& u : users) u.password_hash.clear();
    return users;
}

std::vector<Session> AccountService::expire_sessions() {
    const Instant now = clock_.now();
    std::vector<Session> stale;
    store_.transact([&](Repository& repo) {
        stale = repo.stale_sessions(now - policy_.session_idle_timeout, now - policy_.session_absolute_timeout);
        for (Session& s : stale) {
            repo.revoke_session(s.id, now);
            s.revoked_at = now;
        }
    });
    return stale;
}

Result<User> AccountService::ensure_account(const StaffAccountInput& in, AccountStatus status) {
    return create_account(in, status, /*existing_ok=*/true);
}

Result<User> AccountService::create_account(const StaffAccountInput& in, AccountStatus status, bool existing_ok) {
    const std::string email = normalize_email(in.email);
    if (auto e = check_display_name(in.display_name)) return *e;
    if (auto e = check_email(email)) return *e;
    if (auto e = check_password(in.password, email)) return *e;
    if (auto e = check_time_zone(in.time_zone)) return *e;
    NewUser user{email, trim(in.display_name), in.role, status, in.time_zone, hasher_.hash(in.password), clock_.now()};
    std::optional<User> out;
    try {
        store_.transact([&](Repository& repo) {
            if (auto existing = repo.find_user_by_email(email); existing && existing_ok) {
                out = *existing;
                return;
            }
            out = repo.find_user(repo.insert_user(user));
        });
    } catch (const UniqueViolation&) {
        return Error::of(ErrorCode::email_taken, "An account with this e-mail already exists.", "email");
    }
    return *out;
}

}  // namespace core
