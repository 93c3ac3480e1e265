#include "net/hub.h"

namespace server {

void Hub::join(const std::shared_ptr<Connection>& c) {
    std::lock_guard lock(mutex_);
    entries_[c.get()] = Entry{c, std::nullopt, std::nullopt};
}

void Hub::leave(const Connection* c) {
    std::lock_guard lock(mutex_);
    unbind_locked(c);
    entries_.erase(c);
}

void Hub::bind(const Connection* c, core::SessionId session, core::UserId user) {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(c);
    if (it == entries_.end()) return;  // already gone
    unbind_locked(c);
    it->second.session = session;
    it->second.user = user;
    by_session_[session].insert(c);
    by_user_[user].insert(c);
}

void Hub::bind_guest(const Connection* c, core::UserId guest) {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(c);
    if (it == entries_.end()) return;  // already gone
    unbind_locked(c);
    it->second.user = guest;
    by_user_[guest].insert(c);
}

void Hub::unbind(const Connection* c) {
    std::lock_guard lock(mutex_);
    unbind_locked(c);
}

void Hub::unbind_locked(const Connection* c) {
    auto it = entries_.find(c);
    if (it == entries_.end()) return;
    auto erase_from = [c](auto& index, auto key) {
        auto found = index.find(key);
        if (found == index.end()) return;
        found->second.erase(c);
        if (found->second.empty()) index.erase(found);
    };
    if (it->second.session) erase_from(by_session_, *it->second.session);
    if (it->second.user) erase_from(by_user_, *it->second.user);
    it->second.session.reset();
    it->second.user.reset();
}

std::vector<std::shared_ptr<Connection>> Hub::session_locked(core::SessionId s) const {
    return audience_locked(core::Audience{core::Audience::Kind::session, s});
}

std::vector<std::shared_ptr<Connection>> Hub::audience_locked(const core::Audience& to) const {
    const auto& index = to.kind == core::Audience::Kind::user ? by_user_ : by_session_;
    std::vector<std::shared_ptr<Connection>> out;
    auto found = index.find(to.id);
    if (found == index.end()) return out;
    for (const Connection* c : found->second)
        if (auto strong = entries_.at(c).connection.lock()) out.push_back(std::move(strong));
    return out;
}

void Hub::deliver(const std::vector<core::Delivery>& deliveries) {
    for (const auto& d : deliveries) {
        std::vector<std::shared_ptr<Connection>> targets;
        {
            std::lock_guard lock(mutex_);
            targets = audience_locked(d.to);
        }
        if (targets.empty()) continue;
        auto frame = std::make_shared<const std::string>(core::protocol::encode_event(d.event));
        for (auto& t : targets) t->send(frame);
    }
}

void Hub::close_sessions(const std::vector<core::SessionId>& sessions, const Connection* keep,
                         const std::string& reason) {
    std::vector<std::shared_ptr<Connection>> targets;
    {
        std::lock_guard lock(mutex_);
        for (core::SessionId s : sessions)
            for (auto& c : session_locked(s)) {
                unbind_locked(c.get());
                if (c.get() != keep) targets.push_back(std::move(c));
            }
    }
    for (auto& t : targets) t->close(CloseCode::normal, reason);
}

void Hub::end_sessions(const std::vector<core::SessionId>& sessions, const core::protocol::Event& event) {
    if (sessions.empty()) return;
    auto frame = std::make_shared<const std::string>(core::protocol::encode_event(event));
    for (core::SessionId s : sessions) {
        std::vector<std::shared_ptr<Connection>> targets;
        {
            std::lock_guard lock(mutex_);
            targets = session_locked(s);
            for (auto& c : targets) unbind_locked(c.get());
        }
        for (auto& t : targets) {
            t->send(frame);
            t->end_session(s);
        }
    }
}

void Hub::close_all(CloseCode code, const std::string& reason) {
    std::vector<std::shared_ptr<Connection>> targets;
    {
        std::lock_guard lock(mutex_);
        for (auto& [ptr, entry] : entries_)
            if (auto strong = entry.connection.lock()) targets.push_back(std::move(strong));
    }
    for (auto& t : targets) t->close(code, reason);
}

std::size_t Hub::connection_count() const {
    std::lock_guard lock(mutex_);
    return entries_.size();
}

}  // namespace server
