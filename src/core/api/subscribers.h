// Who receives an event: the rule every transport fans out by, written once. The server's hub
// (server/net/hub.h) and the offline demo's page (src/app/demo/) both keep one of these.
//
//   * an event addressed to a user reaches every connection bound to that user (all their tabs);
//   * an event addressed to a session reaches every connection bound to that session;
//   * a guest connection (invite_join) is bound to its guest id like a user, with no session.
//
// After a request, a transport applies its DispatchOutcome in this order: unbind a connection that
// signed out (it must not get its own session.ended), bind one that signed in or became a guest,
// deliver the events, then close the other connections of the sessions to close.
//
// Not thread-safe: the owner guards it (the hub with its mutex; the demo runs on one thread).
#pragma once
#include <cstdint>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/effects.h"

namespace core {

class Subscribers {
public:
    using ConnectionId = std::uint64_t;

    // Replaces whatever the connection was bound to.
    void bind(ConnectionId c, SessionId session, UserId user);
    void bind_guest(ConnectionId c, UserId guest);
    void unbind(ConnectionId c);

    std::vector<ConnectionId> audience(const Audience& to) const;
    std::vector<ConnectionId> of_session(SessionId session) const;
    std::optional<SessionId> session_of(ConnectionId c) const;

private:
    struct Binding {
        std::optional<SessionId> session;
        UserId user = 0;
    };
    std::unordered_map<ConnectionId, Binding> bindings_;
    std::unordered_map<SessionId, std::unordered_set<ConnectionId>> by_session_;
    std::unordered_map<UserId, std::unordered_set<ConnectionId>> by_user_;
};

}  // namespace core
