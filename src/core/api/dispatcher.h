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
#include "core/calls/call_service.h"
#include "core/calls/ice_servers.h"
#include "core/clinic/clinic_service.h"
#include "core/protocol/protocol.h"
#include "core/recordings/recording_service.h"

namespace core {

// Per-connection state the transport keeps and hands back on every call.
struct ConnectionState {
    bool greeted = false;                // hello accepted
    std::optional<SessionId> session;    // signed in on this connection
    std::optional<UserId> user;
    std::string client;                  // what the client said it is in hello (for logs)
    // Calls joined over this connection; when it drops, on_disconnect() marks them reconnecting.
    struct CallLink {
        AppointmentId appointment = 0;
        UserId user = 0;
        std::uint64_t link = 0;
    };
    std::vector<CallLink> calls;
    // A guest connection (invite_join): no account, no session; it may only take part in this call.
    struct GuestLink {
        UserId id = 0;  // negative: guest_user_id(invite)
        AppointmentId appointment = 0;
    };
    std::optional<GuestLink> guest;
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
    std::optional<protocol::RequestType> type;  // the request's type, once it decoded (for metrics)
    std::optional<UserId> guest_bound;          // this connection now receives the events of this guest
};

class Dispatcher {
public:
    Dispatcher(AccountService& accounts, ClinicService& clinic, CallService& calls, IceServerProvider& ice)
        : accounts_(accounts), clinic_(clinic), calls_(calls), ice_(ice) {}
    // With call recordings (recording_* requests); without, they answer "not available".
    Dispatcher(AccountService& accounts, ClinicService& clinic, CallService& calls, IceServerProvider& ice,
               RecordingService& recordings)
        : accounts_(accounts), clinic_(clinic), calls_(calls), ice_(ice), recordings_(&recordings) {}
    // Never throws: unexpected exceptions become an "internal" error reply.
    DispatchOutcome handle(ConnectionState& connection, std::string_view text);
    // The transport lost this connection (the WebSocket closed or failed): its calls go to
    // `reconnecting` (a waiting member leaves). Returns the events to deliver. Never throws.
    std::vector<Delivery> on_disconnect(ConnectionState& connection);
    // Time-driven work: clinic (request expiry, reminders) and calls (reconnect grace, ending empty
    // rooms); the transport runs it every few seconds and delivers the events it returns. Never throws.
    std::vector<Delivery> run_timers();

private:
    AccountService& accounts_;
    ClinicService& clinic_;
    CallService& calls_;
    IceServerProvider& ice_;
    RecordingService* recordings_ = nullptr;
};

}  // namespace core
