#include "core/api/subscribers.h"

namespace core {
namespace {

template <typename Index, typename Key>
void erase_from(Index& index, Key key, Subscribers::ConnectionId c) {
    auto found = index.find(key);
    if (found == index.end()) return;
    found->second.erase(c);
    if (found->second.empty()) index.erase(found);
}

template <typename Index, typename Key>
std::vector<Subscribers::ConnectionId> members(const Index& index, Key key) {
    auto found = index.find(key);
    if (found == index.end()) return {};
    return {found->second.begin(), found->second.end()};
}

}  // namespace

void Subscribers::bind(ConnectionId c, SessionId session, UserId user) {
    unbind(c);
    bindings_[c] = Binding{session, user};
    by_session_[session].insert(c);
    by_user_[user].insert(c);
}

void Subscribers::bind_guest(ConnectionId c, UserId guest) {
    unbind(c);
    bindings_[c] = Binding{std::nullopt, guest};
    by_user_[guest].insert(c);
}

void Subscribers::unbind(ConnectionId c) {
    auto it = bindings_.find(c);
    if (it == bindings_.end()) return;
    if (it->second.session) erase_from(by_session_, *it->second.session, c);
    erase_from(by_user_, it->second.user, c);
    bindings_.erase(it);
}

std::vector<Subscribers::ConnectionId> Subscribers::audience(const Audience& to) const {
    return to.kind == Audience::Kind::user ? members(by_user_, to.id) : members(by_session_, to.id);
}

std::vector<Subscribers::ConnectionId> Subscribers::of_session(SessionId session) const {
    return members(by_session_, session);
}

std::optional<SessionId> Subscribers::session_of(ConnectionId c) const {
    auto it = bindings_.find(c);
    return it == bindings_.end() ? std::nullopt : it->second.session;
}

}  // namespace core
