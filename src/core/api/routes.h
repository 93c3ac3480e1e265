// The request table: for each request type, who may send it and the handler that answers it, plus
// the timers and disconnect hooks of the domains. Each domain registers its part in its own
// routes.cpp (`void add_clinic_routes(Routes&, ClinicService&)`), and the composition root
// (core/services.cpp) calls them in one list. The Dispatcher runs the table.
//
//   routes.add<msg::Book>(Who::signed_in, [&clinic](RequestContext& c, msg::Book& in) -> Result<msg::AppointmentReply> {
//       return ...;   // the reply struct, or an Error
//   });
//
// A handler gets its request already decoded (a malformed field is answered with invalid_field before
// it runs) and returns the typed reply; the table encodes it. Effects go to c.effects().
#pragma once
#include <array>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/accounts/service.h"
#include "core/effects.h"
#include "core/protocol/protocol.h"

namespace core {

// Per-connection state the transport keeps and hands back on every call.
struct ConnectionState {
    std::uint64_t id = 0;                // the transport's connection number (for logs)
    bool greeted = false;                // hello accepted
    std::optional<SessionId> session;    // signed in on this connection
    std::optional<UserId> user;
    std::string client;                  // what the client said it is in hello (for logs)
    // Calls joined over this connection; when it drops, the calls domain marks them reconnecting.
    struct CallLink {
        std::int64_t appointment = 0;
        UserId user = 0;
        std::uint64_t link = 0;
    };
    std::vector<CallLink> calls;
    // A guest connection (invite_join): no account, no session; it may only take part in this call.
    struct GuestLink {
        UserId id = 0;  // negative: guest_user_id(invite)
        std::int64_t appointment = 0;
    };
    std::optional<GuestLink> guest;
    // Conversations this connection opened or read (open_conversation, conversation_history,
    // messages_after, send_message), with the other member: `typing` is relayed from
    // here without asking the store. Only the newest kMaxConversationLinks are kept.
    struct ConversationLink {
        std::int64_t conversation = 0;
        UserId member = 0;  // who opened it on this connection (a sign-in as someone else does not inherit it)
        UserId other = 0;
    };
    static constexpr std::size_t kMaxConversationLinks = 32;
    std::vector<ConversationLink> conversations;
    // Presence (core/presence): this tab said it is away (set_away); `present` is true while the
    // presence registry counts this connection (the transport then reports its end with on_disconnect).
    bool away = false;
    bool present = false;
    // Set by the transport when it ends the connection: how long the peer had been silent by then (its
    // keep-alive timeout; zero for a socket that was closed). A call member's reconnect grace counts
    // from when they were last heard, not from when the silence was noticed.
    std::chrono::milliseconds unheard_for{0};
};

// What one request leaves behind for the transport.
struct DispatchOutcome {
    std::string reply;                          // one response frame, always present
    Effects effects;                            // events to push (to others and this connection), sockets to close
    std::optional<SessionId> signed_in;         // this connection is now bound to this session
    bool signed_out = false;                    // this connection is no longer signed in
    std::optional<protocol::RequestType> type;  // the request's type, once it decoded (for metrics)
    std::optional<UserId> guest_bound;          // this connection now receives the events of this guest
};

// Who may send a request.
enum class Who {
    anyone,       // even before hello (only hello itself)
    visitor,      // after hello, whoever it is: signed in, signed out, or a guest (invitation links)
    greeted,      // after hello, not a guest connection (sign in, sign up, resume)
    signed_in,    // a live session
    call_member,  // a live session, or a guest taking part in their own call
};

// What a handler gets for one request.
class RequestContext {
public:
    RequestContext(ConnectionState& connection, DispatchOutcome& outcome, std::optional<Authenticated> auth)
        : connection(connection), outcome(outcome), auth_(std::move(auth)) {}

    ConnectionState& connection;
    DispatchOutcome& outcome;

    // The signed-in person (Who::signed_in routes, and call_member routes of a signed-in connection).
    const Authenticated& auth() const { return *auth_; }
    bool signed_in() const { return auth_.has_value(); }
    // Who is asking: the signed-in user's id, or the guest's (negative) id.
    UserId caller() const { return auth_ ? auth_->user.id : connection.guest ? connection.guest->id : 0; }
    Effects& effects() { return outcome.effects; }

    // This connection signed in (or out).
    void bind(const User& user, const Session& session);
    void unbind();

private:
    std::optional<Authenticated> auth_;
};

// Where a handler may run. `memory` answers from memory only (no store, no waiting on one): the
// transport may run it on the connection's own I/O thread instead of handing it to a worker.
// `password` computes a password hash (~50 ms of CPU, 19 MiB): the transport runs it on a pool of its
// own, so a flood of sign-ins never occupies the threads that answer everyone else.
// `scan` reads many rows or computes a long answer (searches, history pages, slot lists, listings): the
// transport limits how often one connection may ask and runs them on a few threads of their own, so a
// flood of them waits behind itself while everyone else's writes find a free worker and a short store
// queue (tests/bench/flood.cpp).
enum class Work { store, memory, password, scan };

class Routes {
public:
    using Handler = std::function<void(RequestContext&, const protocol::json& data, std::int64_t request_id)>;
    struct Route {
        Who who = Who::signed_in;
        Handler handle;
        Work work = Work::store;
    };
    using Timer = std::function<void(Effects&)>;
    using DisconnectHook = std::function<void(ConnectionState&, Effects&)>;
    using AfterRequestHook = std::function<void(ConnectionState&, Effects&)>;

    template <typename Request, typename F>
    void add(Who who, F handler, Work work = Work::store) {
        Route& r = routes_[static_cast<size_t>(Request::type)];
        r.who = who;
        r.work = work;
        r.handle = [handler = std::move(handler)](RequestContext& c, const protocol::json& data, std::int64_t id) {
            auto request = protocol::decode<Request>(data);
            if (!request) return void(c.outcome.reply = protocol::encode_error(id, request.error()));
            Result<typename Request::Reply> reply = handler(c, request.value());
            c.outcome.reply = reply ? protocol::encode_ok(id, reply.value())
                                    : protocol::encode_error(id, reply.error());
        };
    }
    // Time-driven work (expiry, reminders, reconnect grace), run every few seconds by the transport.
    void add_timer(std::string name, Timer timer) { timers_.push_back({std::move(name), std::move(timer)}); }
    // The transport lost a connection.
    void on_disconnect(DisconnectHook hook) { disconnect_hooks_.push_back(std::move(hook)); }
    // After every request the dispatcher ran with the store at hand (Dispatcher::handle, not the
    // in-memory path), whatever its answer: sees what the request changed on the connection.
    void after_request(AfterRequestHook hook) { after_request_hooks_.push_back(std::move(hook)); }

    // Where the request of this type runs (Work::store for an unknown one).
    Work work_of(protocol::RequestType type) const {
        const Route* r = find(type);
        return r ? r->work : Work::store;
    }
    const Route* find(protocol::RequestType type) const {
        const Route& r = routes_[static_cast<size_t>(type)];
        return r.handle ? &r : nullptr;
    }
    const std::vector<std::pair<std::string, Timer>>& timers() const { return timers_; }
    const std::vector<DisconnectHook>& disconnect_hooks() const { return disconnect_hooks_; }
    const std::vector<AfterRequestHook>& after_request_hooks() const { return after_request_hooks_; }

private:
    std::array<Route, protocol::kRequestTypeCount> routes_{};
    std::vector<std::pair<std::string, Timer>> timers_;
    std::vector<DisconnectHook> disconnect_hooks_;
    std::vector<AfterRequestHook> after_request_hooks_;
};

}  // namespace core
