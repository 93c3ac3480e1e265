// The request dispatcher: JSON text in, JSON text out, plus the effects the transport must carry out
// (events to push, sockets to close). The server runs it for every WebSocket frame; the offline
// demo's LocalBackend runs the very same code in the browser. Authorization decisions live here and
// in the services, never in the transport.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/accounts/account_service.h"
#include "core/clinic/clinic_service.h"
#include "core/protocol/protocol.h"

namespace core {

// Per-connection state the transport keeps and hands back on every call.
struct ConnectionState {
    bool greeted = false;                // hello accepted
    std::optional<SessionId> session;    // signed in on this connection
    std::optional<UserId> user;
    std::string client;                  // what the client said it is in hello (for logs)
};

// Who should receive an event. Events are addressed to users or sessions, never to sockets, so the
// fan-out can later span several server instances.
struct Audience {
    enum class Kind { user, session } kind = Kind::user;
    std::int64_t id = 0;
};

struct Delivery {
    Audience to;
    protocol::Event event;
};

struct DispatchOutcome {
    std::string reply;                          // one response frame, always present
    std::vector<Delivery> deliveries;           // events to push to other connections (and this one)
    std::vector<SessionId> sessions_to_close;   // close every socket of these sessions after delivery
    std::optional<SessionId> signed_in;         // this connection is now bound to this session
    bool signed_out = false;                    // this connection is no longer signed in
};

class Dispatcher {
public:
    Dispatcher(AccountService& accounts, ClinicService& clinic) : accounts_(accounts), clinic_(clinic) {}
    // Never throws: unexpected exceptions become an "internal" error reply.
    DispatchOutcome handle(ConnectionState& connection, std::string_view text);
    // Time-driven clinic work (request expiry, reminders); the transport runs it every few seconds and
    // delivers the events it returns. Never throws.
    std::vector<Delivery> run_timers();

private:
    AccountService& accounts_;
    ClinicService& clinic_;
};

}  // namespace core
