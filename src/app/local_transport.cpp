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
      dispatcher_(accounts_, clinic_, calls_, ice_, recordings_),
      doctor_([this](const std::string& frame) { return dispatch(doctor_connection_, frame); }, clock) {
    core::seed_demo_clinic(accounts_, clinic_);
    core::seed_demo_visit(store_, clinic_, clock);
}

void LocalTransport::open() {
    open_ = true;
    connection_ = {};
    inbox_.push_back({TransportEvent::Kind::opened, {}, 0});
    platform::request_frame();
}

bool LocalTransport::send(const std::string& text) {
    if (!open_) return false;
    std::string reply = dispatch(connection_, text);
    inbox_.push_back({TransportEvent::Kind::message, std::move(reply), 0});
    notice_call_join(text);
    platform::request_frame();
    return true;
}

std::string LocalTransport::dispatch(core::ConnectionState& from, const std::string& text) {
    const auto session_before = from.session;
    core::DispatchOutcome outcome = dispatcher_.handle(from, text);
    const bool doctor_sent = &from == &doctor_connection_;
    for (const core::Delivery& d : outcome.deliveries) {
        // Events of user audiences reach every connection of that user; session ones only the sender's.
        const bool to_doctor = d.to.kind == core::Audience::Kind::user ? doctor_connection_.user && *doctor_connection_.user == d.to.id
                                                                      : doctor_sent;
        const bool to_person = d.to.kind == core::Audience::Kind::user ? connection_.user && *connection_.user == d.to.id
                                                                      : !doctor_sent && addressed_to_me(d.to, session_before);
        if (to_person) inbox_.push_back({TransportEvent::Kind::message, core::protocol::encode_event(d.event), 0});
        if (to_doctor) doctor_.on_event(d.event);
    }
    if (doctor_sent) platform::request_frame();
    return std::move(outcome.reply);
}

bool LocalTransport::addressed_to_me(const core::Audience& to, std::optional<core::SessionId> session_before) const {
    if (to.kind == core::Audience::Kind::user)
        return (connection_.user && *connection_.user == to.id) || (connection_.guest && connection_.guest->id == to.id);
    return (connection_.session && *connection_.session == to.id) || (session_before && *session_before == to.id);
}

void LocalTransport::notice_call_join(const std::string& text) {
    const auto frame = core::protocol::json::parse(text, nullptr, false);
    if (!frame.is_object() || frame.value("type", "") != "call_join" || !connection_.user) return;
    const std::int64_t id = frame.value("data", core::protocol::json::object()).value("appointment_id", std::int64_t{0});
    auto visit = clinic_.appointment(*connection_.user, id);
    if (!visit || visit->patient.id != *connection_.user) return;  // only a patient gets a simulated doctor
    for (const core::DemoDoctor& d : core::demo_doctors())
        if (d.email == visit->doctor.email && d.verified) return doctor_.patient_joining(id, d.email);
}

void LocalTransport::close() {
    open_ = false;
    connection_ = {};
}

std::vector<TransportEvent> LocalTransport::drain() {
    doctor_.tick();  // the simulated doctor acts between frames, like a person on another device
    return std::exchange(inbox_, {});
}

}  // namespace app
