#include "core/accounts/service.h"

#include "core/accounts/messages.h"
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

User without_secret(User u) {
    u.password_hash.clear();
    return u;
}

// Every socket of these sessions hears why, then closes.
void end_sessions(Effects& out, const std::vector<SessionId>& sessions, SessionEndReason reason) {
    for (SessionId s : sessions) {
        out.to_session(s, msg::SessionEnded{reason});
        out.sessions_to_close.push_back(s);
    }
}

}  // namespace

AccountService::AccountService(Store& store, PasswordHasher& hasher, const Clock& clock, AccountPolicy policy)
    : store_(store), hasher_(hasher), clock_(clock), policy_(policy) {}

std::optional<Error> AccountService::session_problem(const Session& s, Instant now) const {
    if (s.revoked_at) return expired();
    if (now - s.last_seen_at >= policy_.session_idle_timeout) return expired();
    if (now - s.created_at >= policy_.session_absolute_timeout) return expired();
    return std::nullopt;
}

SignedIn AccountService::open_session(Transaction& tx, const User& user, Instant now) {
    SignedIn out{without_secret(user), Session{}, new_session_token()};
    out.session.user_id = user.id;
    out.session.token_hash = sha256_hex(out.token);
    out.session.created_at = now;
    out.session.last_seen_at = now;
    out.session.id = tx.accounts().insert_session(out.session);
    return out;
}

// After the session's transaction committed: the next request on it needs no database read.
Result<SignedIn> AccountService::remember(Result<SignedIn> signed_in) {
    if (signed_in) {
        std::lock_guard lock(live_mutex_);
        live_[signed_in->session.id] = Live{signed_in->session, signed_in->user, signed_in->session.last_seen_at};
    }
    return signed_in;
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
    try {
        return remember(store_.transact([&](Transaction& tx) {
                                  const UserId id = tx.accounts().insert_user(user);
                                  return open_session(tx, *tx.accounts().find_user(id), user.created_at);
                              })
                            .value);
    } catch (const UniqueViolation&) {
        return Error::of(ErrorCode::email_taken, "An account with this e-mail already exists. Sign in instead.", "email");
    }
}

// A failure counts for exactly one window: from its instant up to (not including) instant + window.
std::optional<Error> AccountService::locked_out(Transaction& tx, const std::string& email, Instant now) const {
    const auto failures = tx.accounts().failed_sign_ins_since(email, now - policy_.failed_sign_in_window + Duration(1));
    const auto max = size_t(policy_.max_failed_sign_ins);
    if (failures.size() < max) return std::nullopt;
    return locked_error(failures[failures.size() - max] + policy_.failed_sign_in_window - now);
}

Result<SignedIn> AccountService::sign_in(std::string_view raw_email, std::string_view password) {
    const std::string email = normalize_email(raw_email);
    if (email.empty()) return Error::of(ErrorCode::invalid_field, "Enter your e-mail address.", "email");
    if (password.empty()) return Error::of(ErrorCode::invalid_field, "Enter your password.", "password");

    // Check the lockout and record the attempt as failed in one transaction, then hash with no
    // transaction open (a hash takes tens of milliseconds), then settle the attempt if the password was
    // right. Concurrent guesses thus count before any of them is evaluated: at most
    // max_failed_sign_ins wrong passwords are ever checked per window, however many arrive at once.
    const Instant now = clock_.now();
    std::optional<User> user;
    const auto attempt = begin_attempt(email, now, &user);
    if (!attempt) return attempt.error();

    // Unknown e-mails cost a hash too, so timing does not tell which accounts exist.
    const bool password_ok = user ? hasher_.verify(user->password_hash, password)
                                  : (hasher_.verify(dummy_hash(), password), false);
    if (!password_ok) return Error::of(ErrorCode::invalid_credentials, {}, "password");
    const bool suspended = user->status == AccountStatus::suspended;
    return remember(store_.transact([&](Transaction& tx) -> Result<SignedIn> {
                              tx.accounts().mark_sign_in_succeeded(attempt.value());
                              if (suspended) return Error::of(ErrorCode::forbidden, "This account is suspended. Contact support.");
                              return open_session(tx, *user, now);
                          })
                        .value);
}

Result<std::int64_t> AccountService::begin_attempt(const std::string& email, Instant now, std::optional<User>* user) {
    return store_.transact([&](Transaction& tx) -> Result<std::int64_t> {
                     if (auto locked = locked_out(tx, email, now)) return *locked;
                     if (user) *user = tx.accounts().find_user_by_email(email);
                     return tx.accounts().record_sign_in_attempt(email, now, /*succeeded=*/false);
                 })
        .value;
}

Result<Authenticated> AccountService::resume(std::string_view token) {
    if (token.empty()) return expired();
    const std::string hash = sha256_hex(token);
    auto session = store_.transact([&](Transaction& tx) { return tx.accounts().find_session_by_token_hash(hash); }).value;
    if (!session) return expired();
    return authenticate(session->id);
}

Result<Authenticated> AccountService::load(SessionId id, Instant now, Instant seen_here) {
    struct Loaded {
        std::optional<Session> session;
        std::optional<User> user;
    };
    const Loaded found = store_.transact([&](Transaction& tx) {
                                   Loaded l{tx.accounts().find_session(id), std::nullopt};
                                   if (!l.session) return l;
                                   // This process may have seen it more recently than the store knows.
                                   l.session->last_seen_at = std::max(l.session->last_seen_at, seen_here);
                                   if (auto problem = session_problem(*l.session, now)) {
                                       if (!l.session->revoked_at) tx.accounts().revoke_session(id, now);
                                       l.session.reset();
                                       return l;
                                   }
                                   tx.accounts().touch_session(id, now);
                                   l.session->last_seen_at = now;
                                   l.user = tx.accounts().find_user(l.session->user_id);
                                   return l;
                               })
                             .value;
    if (!found.session || !found.user) {
        forget_session(id);
        return expired();
    }
    Authenticated auth{without_secret(*found.user), *found.session};
    std::lock_guard lock(live_mutex_);
    live_[id] = Live{auth.session, auth.user, now};
    return auth;
}

Result<Authenticated> AccountService::authenticate(SessionId id) {
    const Instant now = clock_.now();
    Instant seen_here{};
    if (auto cached = cached_session(id, now, seen_here)) return std::move(*cached);
    // Not cached, its user changed, its last-seen time is due to be written, or it has expired (the
    // store revokes it once): the store decides.
    return load(id, now, seen_here);
}

std::optional<Authenticated> AccountService::authenticate_in_memory(SessionId id) {
    Instant seen_here{};
    return cached_session(id, clock_.now(), seen_here);
}

std::optional<Authenticated> AccountService::cached_session(SessionId id, Instant now, Instant& seen_here) {
    std::lock_guard lock(live_mutex_);
    auto it = live_.find(id);
    if (it == live_.end()) return std::nullopt;
    Live& live = it->second;
    seen_here = live.session.last_seen_at;
    const bool fresh = live.user && now - live.written_at < policy_.last_seen_write_interval;
    if (!fresh || session_problem(live.session, now)) return std::nullopt;
    live.session.last_seen_at = std::max(live.session.last_seen_at, now);
    return Authenticated{*live.user, live.session};
}

void AccountService::forget_session(SessionId id) {
    std::lock_guard lock(live_mutex_);
    live_.erase(id);
}

void AccountService::forget_users(const std::vector<UserId>& users) {
    if (users.empty()) return;
    std::lock_guard lock(live_mutex_);
    for (auto& [id, live] : live_)
        if (std::find(users.begin(), users.end(), live.session.user_id) != users.end()) live.user.reset();
}

Result<Done> AccountService::sign_out(SessionId id, Effects& out) {
    forget_session(id);
    store_.transact(
        [&](Transaction& tx) {
            auto session = tx.accounts().find_session(id);
            if (session && !session->revoked_at) tx.accounts().revoke_session(id, clock_.now());
            end_sessions(tx.effects(), {id}, SessionEndReason::signed_out);
        },
        out);
    return Done{};
}

Result<std::size_t> AccountService::change_password(SessionId session_id, std::string_view current,
                                                    std::string_view replacement, Effects& out) {
    auto auth = authenticate(session_id);
    if (!auth) return auth.error();
    const UserId user_id = auth->user.id;
    const std::string email = auth->user.email;
    if (current.empty()) return Error::of(ErrorCode::invalid_field, "Enter your current password.", "current_password");
    // The new password is judged first: that tells nothing about the current one and costs no hash.
    if (auto e = check_password(replacement, email)) {
        Error err = *e;
        err.field = "new_password";
        return err;
    }
    if (current == replacement)
        return Error::of(ErrorCode::weak_password, "Choose a password different from the current one.", "new_password");

    const auto attempt = confirm_password(auth->user, current, "current_password");
    if (!attempt) return attempt.error();

    const std::string hash = hasher_.hash(replacement);
    const Instant now = clock_.now();
    const auto revoked = store_.transact(
        [&](Transaction& tx) {
            tx.accounts().mark_sign_in_succeeded(attempt.value());
            tx.accounts().update_password(user_id, hash, now);
            std::vector<SessionId> ended;
            for (const Session& s : tx.accounts().live_sessions_of(user_id)) {
                if (s.id == session_id) continue;
                tx.accounts().revoke_session(s.id, now);
                ended.push_back(s.id);
            }
            end_sessions(tx.effects(), ended, SessionEndReason::password_changed);
            return ended;
        },
        out);
    for (SessionId s : revoked) forget_session(s);
    return revoked.size();
}

// A guess at the password is a sign-in attempt of the account: it counts with the sign-in failures
// (recorded before it is checked) and the same lockout refuses it.
Result<std::int64_t> AccountService::confirm_password(const User& person, std::string_view password, const char* field) {
    if (password.empty()) return Error::of(ErrorCode::invalid_field, "Enter your current password.", field);
    std::optional<User> user;
    const auto attempt = begin_attempt(person.email, clock_.now(), &user);
    if (!attempt) return attempt.error();
    if (!user || user->id != person.id || !hasher_.verify(user->password_hash, password))
        return Error::of(ErrorCode::invalid_credentials, "Your current password is not correct.", field);
    return attempt;
}

Result<User> AccountService::update_profile(SessionId session, const Profile& in) {
    auto auth = authenticate(session);
    if (!auth) return auth.error();
    Profile p{trim(in.display_name), in.time_zone, in.country, in.language};
    if (auto e = check_display_name(p.display_name)) return *e;
    if (auto e = check_time_zone(p.time_zone)) return *e;
    if (auto e = check_country(p.country)) return *e;
    if (auto e = check_language(p.language)) return *e;
    const UserId id = auth->user.id;
    auto user = store_.transact([&](Transaction& tx) {
                          tx.accounts().update_profile(id, p);
                          return without_secret(*tx.accounts().find_user(id));
                      })
                    .value;
    forget_users({id});
    return user;
}

Result<User> AccountService::change_email(SessionId session, std::string_view password, std::string_view new_email) {
    auto auth = authenticate(session);
    if (!auth) return auth.error();
    const std::string email = normalize_email(new_email);
    if (auto e = check_email(email)) return *e;
    if (email == auth->user.email)
        return Error::of(ErrorCode::invalid_field, "This is already your e-mail address.", "email");
    const auto attempt = confirm_password(auth->user, password, "password");
    if (!attempt) return attempt.error();
    const UserId id = auth->user.id;
    try {
        auto user = store_.transact([&](Transaction& tx) {
                              tx.accounts().mark_sign_in_succeeded(attempt.value());
                              tx.accounts().update_email(id, email);
                              return without_secret(*tx.accounts().find_user(id));
                          })
                        .value;
        forget_users({id});
        return user;
    } catch (const UniqueViolation&) {
        return Error::of(ErrorCode::email_taken, "Another account already uses this e-mail address.", "email");
    }
}

Result<Done> AccountService::delete_account(SessionId session, std::string_view password, Effects& out) {
    auto auth = authenticate(session);
    if (!auth) return auth.error();
    const User& person = auth->user;
    if (person.role == Role::admin || person.role == Role::support)
        return Error::of(ErrorCode::forbidden, "Staff accounts are closed by an administrator.");
    const auto attempt = confirm_password(person, password, "password");
    if (!attempt) return attempt.error();
    const Instant now = clock_.now();
    auto ended = store_.transact(
        [&](Transaction& tx) -> Result<std::vector<SessionId>> {
            tx.accounts().mark_sign_in_succeeded(attempt.value());
            // Bookings reach a year ahead at most; ten years is "any time".
            const auto open = tx.clinic().active_appointments_overlapping(person.id, person.role == Role::doctor, now,
                                                                          now + std::chrono::days(3650));
            if (!open.empty()) {
                const std::string n = std::to_string(open.size());
                return Error::of(ErrorCode::open_visits,
                                 open.size() == 1 ? "You have a visit that is not over yet. Cancel it or let it take place first."
                                                  : "You have " + n + " visits that are not over yet. Cancel them or let them take place first.");
            }
            tx.accounts().erase_personal_data(person.id, now);
            std::vector<SessionId> sessions;
            for (const Session& s : tx.accounts().live_sessions_of(person.id)) {
                tx.accounts().revoke_session(s.id, now);
                sessions.push_back(s.id);
            }
            end_sessions(tx.effects(), sessions, SessionEndReason::account_deleted);
            return sessions;
        },
        out);
    if (!ended) return ended.error();
    for (SessionId s : ended.value()) forget_session(s);
    forget_users({person.id});
    return Done{};
}

Result<User> AccountService::create_staff_account(UserId actor, const StaffAccountInput& in) {
    const auto is_admin = [&](Transaction& tx) {
        auto me = tx.accounts().find_user(actor);
        return me && me->role == Role::admin;
    };
    if (!store_.transact(is_admin).value)  // before spending a hash on it
        return Error::of(ErrorCode::forbidden, "Only an administrator can create staff accounts.");
    if (in.role != Role::admin && in.role != Role::support)
        return Error::of(ErrorCode::invalid_field, "Staff accounts are administrators or support agents.", "role");
    return create_account(in, AccountStatus::active, /*existing_ok=*/false);
}

Result<std::vector<User>> AccountService::list_accounts(UserId actor) {
    return store_.transact([&](Transaction& tx) -> Result<std::vector<User>> {
                     auto me = tx.accounts().find_user(actor);
                     if (!me || me->role != Role::admin)
                         return Error::of(ErrorCode::forbidden, "Only an administrator can list accounts.");
                     std::vector<User> users = tx.accounts().list_users();
                     for (User& u : users) u.password_hash.clear();
                     return users;
                 })
        .value;
}

std::vector<Session> AccountService::expire_sessions() {
    const Instant now = clock_.now();
    std::vector<std::pair<SessionId, Instant>> seen;  // newer last-seen times than the store has
    {
        std::lock_guard lock(live_mutex_);
        for (auto& [id, live] : live_)
            if (live.session.last_seen_at > live.written_at) seen.emplace_back(id, live.session.last_seen_at);
    }
    auto stale = store_.transact([&](Transaction& tx) {
                           for (const auto& [id, at] : seen) tx.accounts().touch_session(id, at);
                           auto list = tx.accounts().stale_sessions(now - policy_.session_idle_timeout,
                                                                    now - policy_.session_absolute_timeout);
                           for (Session& s : list) {
                               tx.accounts().revoke_session(s.id, now);
                               s.revoked_at = now;
                           }
                           return list;
                       })
                     .value;
    std::lock_guard lock(live_mutex_);
    for (const auto& [id, at] : seen)
        if (auto it = live_.find(id); it != live_.end()) it->second.written_at = std::max(it->second.written_at, at);
    for (const Session& s : stale) live_.erase(s.id);
    return stale;
}

std::int64_t AccountService::prune_sign_in_attempts() {
    const Instant now = clock_.now();
    {
        std::lock_guard lock(prune_mutex_);
        if (pruned_at_ != Instant{} && now - pruned_at_ < policy_.prune_interval) return 0;
        pruned_at_ = now;
    }
    const Duration keep = std::max(policy_.sign_in_attempts_kept, policy_.failed_sign_in_window);
    return store_.transact([&](Transaction& tx) { return tx.accounts().prune_sign_in_attempts(now - keep); }).value;
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
    try {
        return store_.transact([&](Transaction& tx) {
                         if (auto existing = tx.accounts().find_user_by_email(email); existing && existing_ok)
                             return without_secret(*existing);
                         return without_secret(*tx.accounts().find_user(tx.accounts().insert_user(user)));
                     })
            .value;
    } catch (const UniqueViolation&) {
        return Error::of(ErrorCode::email_taken, "An account with this e-mail already exists.", "email");
    }
}

}  // namespace core
