#include "core/store/memory_store.h"

#include <algorithm>

namespace core {
namespace {

class MemoryRepository final : public Repository {
public:
    explicit MemoryRepository(MemoryStore::Data& d) : d_(d) {}

    std::optional<User> find_user(UserId id) override {
        auto it = d_.users.find(id);
        return it == d_.users.end() ? std::nullopt : std::optional<User>(it->second);
    }
    std::optional<User> find_user_by_email(std::string_view email) override {
        for (const auto& [id, u] : d_.users)
            if (u.email == email) return u;
        return std::nullopt;
    }
    UserId insert_user(const NewUser& n) override {
        if (find_user_by_email(n.email)) throw UniqueViolation("users.email");
        User u;
        u.id = d_.next_id++;
        u.email = n.email;
        u.display_name = n.display_name;
        u.role = n.role;
        u.status = n.status;
        u.time_zone = n.time_zone;
        u.password_hash = n.password_hash;
        u.created_at = n.created_at;
        u.password_changed_at = n.created_at;
        d_.users[u.id] = u;
        return u.id;
    }
    void update_password(UserId id, std::string_view hash, Instant at) override {
        auto& u = d_.users.at(id);
        u.password_hash = std::string(hash);
        u.password_changed_at = at;
    }
    std::vector<User> list_users() override {
        std::vector<User> out;
        for (const auto& [id, u] : d_.users) out.push_back(u);
        return out;
    }
    std::int64_t count_users() override { return std::int64_t(d_.users.size()); }

    SessionId insert_session(const Session& s) override {
        Session copy = s;
        copy.id = d_.next_id++;
        d_.sessions[copy.id] = copy;
        return copy.id;
    }
    std::optional<Session> find_session(SessionId id) override {
        auto it = d_.sessions.find(id);
        return it == d_.sessions.end() ? std::nullopt : std::optional<Session>(it->second);
    }
    std::optional<Session> find_session_by_token_hash(std::string_view hash) override {
        for (const auto& [id, s] : d_.sessions)
            if (s.token_hash == hash) return s;
        return std::nullopt;
    }
    void touch_session(SessionId id, Instant at) override { d_.sessions.at(id).last_seen_at = at; }
    void revoke_session(SessionId id, Instant at) override { d_.sessions.at(id).revoked_at = at; }
    std::vector<Session> live_sessions_of(UserId user) override {
        std::vector<Session> out;
        for (const auto& [id, s] : d_.sessions)
            if (s.user_id == user && !s.revoked_at) out.push_back(s);
        return out;
    }
    std::vector<Session> stale_sessions(Instant idle_cutoff, Instant absolute_cutoff) override {
        std::vector<Session> out;
        for (const auto& [id, s] : d_.sessions)
            if (!s.revoked_at && (s.last_seen_at < idle_cutoff || s.created_at < absolute_cutoff)) out.push_back(s);
        return out;
    }

    void record_sign_in_attempt(std::string_view email, Instant at, bool ok) override {
        d_.attempts.push_back({std::string(email), at, ok});
    }
    std::vector<Instant> failed_sign_ins_since(std::string_view email, Instant since) override {
        std::vector<Instant> out;
        for (const auto& a : d_.attempts)
            if (a.email == email && !a.succeeded && a.at >= since) out.push_back(a.at);
        std::sort(out.begin(), out.end());
        return out;
    }

private:
    MemoryStore::Data& d_;
};

}  // namespace

void MemoryStore::transact(const std::function<void(Repository&)>& work) {
    std::lock_guard lock(mutex_);
    Data working = data_;  // rollback = dropping the working copy
    MemoryRepository repo(working);
    work(repo);
    data_ = std::move(working);
}

}  // namespace core
