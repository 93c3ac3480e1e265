// MemoryStore's accounts: users, sessions, sign-in attempts (rules: core/accounts/repository.h).
#include <algorithm>

#include "core/store/memory/repositories.h"

namespace core {

// --- users
std::optional<User> MemoryAccounts::find_user(UserId id) {
    return find_row(d_.users, id);
}

std::optional<User> MemoryAccounts::find_user_by_email(std::string_view normalized_email) {
    for (const auto& [id, u] : d_.users)
        if (u.email == normalized_email) return u;
    return std::nullopt;
}

UserId MemoryAccounts::insert_user(const NewUser& n) {
    if (find_user_by_email(n.email)) throw UniqueViolation("users.email");
    User u;
    u.id = d_.take_id();
    u.email = n.email;
    u.display_name = n.display_name;
    u.role = n.role;
    u.status = n.status;
    u.time_zone = n.time_zone;
    u.password_hash = n.password_hash;
    u.created_at = n.created_at;
    u.password_changed_at = n.created_at;
    d_.users.emplace(u.id, u);
    return u.id;
}

void MemoryAccounts::update_password(UserId id, std::string_view password_hash, Instant changed_at) {
    if (User* u = row(d_.users, id)) {
        u->password_hash = std::string(password_hash);
        u->password_changed_at = changed_at;
    }
}

void MemoryAccounts::set_user_status(UserId id, AccountStatus status) {
    if (User* u = row(d_.users, id)) u->status = status;
}

void MemoryAccounts::update_profile(UserId id, const Profile& p) {
    if (User* u = row(d_.users, id)) {
        u->display_name = p.display_name;
        u->time_zone = p.time_zone;
        u->country = p.country;
        u->language = p.language;
    }
}

void MemoryAccounts::update_email(UserId id, std::string_view normalized_email) {
    User* u = row(d_.users, id);
    if (!u) return;
    if (auto other = find_user_by_email(normalized_email); other && other->id != id) throw UniqueViolation("users.email");
    u->email = std::string(normalized_email);
}

void MemoryAccounts::erase_personal_data(UserId id, Instant at) {
    if (User* u = row(d_.users, id)) {
        u->email = deleted_account_email(id);
        u->display_name = std::string(kDeletedAccountName);
        u->password_hash.clear();
        u->country.clear();
        u->deleted_at = at;
    }
}

std::vector<User> MemoryAccounts::list_users() {
    std::vector<User> out;
    for (const auto& [id, u] : d_.users) out.push_back(u);
    return out;
}

std::int64_t MemoryAccounts::count_users() {
    return static_cast<std::int64_t>(d_.users.size());
}

// --- sessions
SessionId MemoryAccounts::insert_session(const Session& s) {
    if (find_session_by_token_hash(s.token_hash)) throw UniqueViolation("sessions.token_hash");
    Session copy = s;
    copy.id = d_.take_id();
    d_.sessions.emplace(copy.id, copy);
    return copy.id;
}

std::optional<Session> MemoryAccounts::find_session(SessionId id) {
    return find_row(d_.sessions, id);
}

std::optional<Session> MemoryAccounts::find_session_by_token_hash(std::string_view token_hash) {
    for (const auto& [id, s] : d_.sessions)
        if (s.token_hash == token_hash) return s;
    return std::nullopt;
}

void MemoryAccounts::touch_session(SessionId id, Instant seen_at) {
    if (Session* s = row(d_.sessions, id)) s->last_seen_at = std::max(s->last_seen_at, seen_at);
}

void MemoryAccounts::revoke_session(SessionId id, Instant at) {
    if (Session* s = row(d_.sessions, id); s && !s->revoked_at) s->revoked_at = at;
}

std::vector<Session> MemoryAccounts::live_sessions_of(UserId user) {
    std::vector<Session> out;
    for (const auto& [id, s] : d_.sessions)
        if (s.user_id == user && !s.revoked_at) out.push_back(s);
    return out;
}

std::vector<Session> MemoryAccounts::stale_sessions(Instant idle_cutoff, Instant absolute_cutoff) {
    std::vector<Session> out;
    for (const auto& [id, s] : d_.sessions)
        if (!s.revoked_at && (s.last_seen_at < idle_cutoff || s.created_at < absolute_cutoff))
            out.push_back(s);
    return out;
}

// --- sign-in attempts
std::int64_t MemoryAccounts::record_sign_in_attempt(std::string_view normalized_email, Instant at, bool succeeded) {
    const std::int64_t id = d_.take_id();
    d_.sign_in_attempts.push_back({id, std::string(normalized_email), at, succeeded});
    return id;
}

void MemoryAccounts::mark_sign_in_succeeded(std::int64_t attempt_id) {
    for (auto& a : d_.sign_in_attempts)
        if (a.id == attempt_id) a.succeeded = true;
}

std::int64_t MemoryAccounts::prune_sign_in_attempts(Instant before) {
    const auto n = std::erase_if(d_.sign_in_attempts, [&](const auto& a) { return a.at < before; });
    return std::int64_t(n);
}

std::vector<Instant> MemoryAccounts::failed_sign_ins_since(std::string_view normalized_email, Instant since) {
    std::vector<Instant> out;
    for (const auto& a : d_.sign_in_attempts)
        if (a.email == normalized_email && !a.succeeded && a.at >= since) out.push_back(a.at);
    std::stable_sort(out.begin(), out.end());  // recorded order for equal instants, like SQLite's "at, id"
    return out;
}

}  // namespace core
