#include "net/hub.h"

namespace server {

void Hub::join(const std::shared_ptr<Connection>& c) {
    std::lock_guard lock(mutex_);
    connections_[c->id()] = c;
}

void Hub::leave(const Connection* c) {
    std::lock_guard lock(mutex_);
    subscribers_.unbind(c->id());
    connections_.erase(c->id());
}

void Hub::bind(const Connection* c, core::SessionId session, core::UserId user) {
    std::lock_guard lock(mutex_);
    if (!connections_.count(c->id())) return;  // already gone
    subscribers_.bind(c->id(), session, user);
}

void Hub::bind_guest(const Connection* c, core::UserId guest) {
    std::lock_guard lock(mutex_);
    if (!connections_.count(c->id())) return;  // already gone
    subscribers_.bind_guest(c->id(), guest);
}

void Hub::unbind(const Connection* c) {
    std::lock_guard lock(mutex_);
    subscribers_.unbind(c->id());
}

std::vector<std::shared_ptr<Connection>> Hub::lock_all(const std::vector<core::Subscribers::ConnectionId>& ids) const {
    std::vector<std::shared_ptr<Connection>> out;
    out.reserve(ids.size());
    for (auto id : ids)
        if (auto it = connections_.find(id); it != connections_.end())
            if (auto strong = it->second.lock()) out.push_back(std::move(strong));
    return out;
}

void Hub::deliver(const std::vector<core::Delivery>& deliveries) {
    for (const auto& d : deliveries) {
        std::vector<std::shared_ptr<Connection>> targets;
        {
            std::lock_guard lock(mutex_);
            targets = lock_all(subscribers_.audience(d.to));
        }
        if (targets.empty()) continue;
        auto frame = std::make_shared<const std::string>(core::protocol::encode_event(d.event));  // one copy for all
        for (auto& t : targets) t->send(frame);
    }
}

void Hub::apply(const core::Effects& effects, const Connection* keep) {
    deliver(effects.deliveries);
    if (!effects.sessions_to_close.empty()) close_sessions(effects.sessions_to_close, keep, "signed out");
}

void Hub::close_sessions(const std::vector<core::SessionId>& sessions, const Connection* keep,
                         const std::string& reason) {
    std::vector<std::shared_ptr<Connection>> targets;
    {
        std::lock_guard lock(mutex_);
        for (core::SessionId s : sessions)
            for (auto& c : lock_all(subscribers_.of_session(s))) {
                subscribers_.unbind(c->id());
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
            targets = lock_all(subscribers_.of_session(s));
            for (auto& c : targets) subscribers_.unbind(c->id());
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
        for (auto& [id, weak] : connections_)
            if (auto strong = weak.lock()) targets.push_back(std::move(strong));
    }
    for (auto& t : targets) t->close(code, reason);
}

std::size_t Hub::connection_count() const {
    std::lock_guard lock(mutex_);
    return connections_.size();
}

}  // namespace server
