// The hub: which open WebSocket connection is bound to which session and user, and the fan-out of
// events to them. Events are addressed to users or sessions (core::Audience), never to sockets; which
// connections an audience reaches is core::Subscribers' rule, shared with the offline demo.
//
// Threading: every method may be called from any thread. The hub copies weak_ptrs under its lock and
// calls the connections outside it; each Connection method only posts to that connection's strand, so
// no socket is touched here. One encoded frame is shared by every recipient.
#pragma once
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/api/subscribers.h"
#include "core/effects.h"

namespace server {

using SharedText = std::shared_ptr<const std::string>;

// WebSocket close codes the server sends itself (RFC 6455 section 7.4.1).
enum class CloseCode : std::uint16_t { normal = 1000, going_away = 1001, policy = 1008 };

// What the hub needs from a connection. Implementations are thread-safe and never block.
class Connection {
public:
    virtual ~Connection() = default;
    virtual std::uint64_t id() const = 0;  // from Hub::next_connection_id(), fixed for its life
    virtual void send(SharedText frame) = 0;
    // Sends what is already queued, then closes with this code and reason.
    virtual void close(CloseCode code, std::string reason) = 0;
    // The session ended elsewhere (expiry): forget it, keep the socket open for a new sign-in.
    virtual void end_session(core::SessionId session) = 0;
};

class Hub {
public:
    std::uint64_t next_connection_id() { return ++last_id_; }

    void join(const std::shared_ptr<Connection>& c);
    void leave(const Connection* c);  // idempotent
    void bind(const Connection* c, core::SessionId session, core::UserId user);
    void unbind(const Connection* c);
    // A guest connection (invite_join): events addressed to the guest's (negative) user id; no session.
    void bind_guest(const Connection* c, core::UserId guest);

    // Delivers each event to every connection bound to its audience.
    void deliver(const std::vector<core::Delivery>& deliveries);
    // The events, then the sockets of the sessions to close (except `keep`).
    void apply(const core::Effects& effects, const Connection* keep = nullptr);
    // Unbinds and closes (code 1000) every connection of these sessions, except `keep`, which is only
    // unbound (the connection that asked for the sign-out receives its reply and stays open).
    void close_sessions(const std::vector<core::SessionId>& sessions, const Connection* keep,
                        const std::string& reason);
    // Sessions ended by the sweep: send `event` to their connections and unbind them (sockets stay open).
    void end_sessions(const std::vector<core::SessionId>& sessions, const core::protocol::Event& event);
    // Closes every connection (shutdown).
    void close_all(CloseCode code, const std::string& reason);

    std::size_t connection_count() const;

private:
    // Requires mutex_ held.
    std::vector<std::shared_ptr<Connection>> lock_all(const std::vector<core::Subscribers::ConnectionId>& ids) const;

    std::atomic<std::uint64_t> last_id_{0};
    mutable std::mutex mutex_;
    std::unordered_map<core::Subscribers::ConnectionId, std::weak_ptr<Connection>> connections_;
    core::Subscribers subscribers_;
};

}  // namespace server
