#include "app/local_transport.h"

#include <utility>

#include "core/seed/demo_clinic.h"
#include "platform/frame.h"

namespace app {

// PBKDF2 rounds for demo passwords: enough to be a real hash, few enough that seeding four accounts
// in the browser takes milliseconds. Demo data never leaves the tab.
constexpr std::uint32_t kDemoHashRounds = 2000;

LocalTransport::LocalTransport(const core::Clock& clock)
    : hasher_(kDemoHashRounds),
      accounts_(store_, hasher_, clock),
      payments_(clock),
      clinic_(store_, clock, payments_),
      calls_(store_, clock, clinic_),
      recordings_(store_, clock, calls_),
      dispatcher_(accounts_, clinic_, calls_, ice_, recordings_) {
    core::seed_demo_clinic(accounts_, clinic_);
}

void LocalTransport::open() {
    open_ = true;
    connection_ = {};
    inbox_.push_back({TransportEvent::Kind::opened, {}, 0});
    platform::request_frame();
}

bool LocalTransport::send(const std::string& text) {
    if (!open_) return false;
    const auto session_before = connection_.session;
    core::DispatchOutcome outcome = dispatcher_.handle(connection_, text);
    inbox_.push_back({TransportEvent::Kind::message, std::move(outcome.reply), 0});
    for (const core::Delivery& d : outcome.deliveries)
        if (addressed_to_me(d.to, session_before))
            inbox_.push_back({TransportEvent::Kind::message, core::protocol::encode_event(d.event), 0});
    platform::request_frame();
    return true;
}

bool LocalTransport::addressed_to_me(const core::Audience& to, std::optional<core::SessionId> session_before) const {
    if (to.kind == core::Audience::Kind::user)
        return (connection_.user && *connection_.user == to.id) || (connection_.guest && connection_.guest->id == to.id);
    return (connection_.session && *connection_.session == to.id) || (session_before && *session_before == to.id);
}

void LocalTransport::close() {
    open_ = false;
    connection_ = {};
}

std::vector<TransportEvent> LocalTransport::drain() { return std::exchange(inbox_, {}); }

}  // namespace app
