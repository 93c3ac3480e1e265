#include "app/demo/local_transport.h"

#include <cstdio>
#include <string>
#include <utility>

#include "core/calls/messages.h"
#include "core/messaging/messages.h"
#include "core/seed/demo_clinic.h"
#include "platform/frame.h"

namespace app {

// PBKDF2 rounds for demo passwords: enough to be a real hash, few enough that seeding the demo
// accounts in the browser takes milliseconds. Demo data never leaves the tab.
constexpr std::uint32_t kDemoHashRounds = 2000;

void ConsoleErrorReporter::internal_error(std::string_view where, std::uint64_t connection, std::string_view what) noexcept {
    std::fprintf(stderr, "telemed demo: internal error in %.*s (connection %llu): %.*s\n", int(where.size()), where.data(),
                 static_cast<unsigned long long>(connection), int(what.size()), what.data());
}

LocalTransport::LocalTransport(const core::Clock& clock)
    : hasher_(kDemoHashRounds),
      payments_(clock),
      services_(store_, hasher_, clock, payments_, ice_, errors_),
      doctor_([this](const std::string& frame) { return dispatch(kDoctor, frame); }, clock),
      correspondent_([this](const std::string& frame) { return dispatch(kCorrespondent, frame); }, clock) {
    person_.id = kPerson;
    doctor_connection_.id = kDoctor;
    correspondent_connection_.id = kCorrespondent;
    core::seed_demo_clinic(services_);
    core::seed_demo_visit(store_, services_, clock);
}

void LocalTransport::open() {
    open_ = true;
    forget_presence(kPerson);
    subscribers_.unbind(kPerson);
    person_ = {};
    person_.id = kPerson;
    inbox_.push_back({TransportEvent::Kind::opened, {}, 0});
    platform::request_frame();
}

bool LocalTransport::send(const std::string& text) {
    if (!open_) return false;
    std::string reply = dispatch(kPerson, text);
    notice_message(text, reply);
    inbox_.push_back({TransportEvent::Kind::message, std::move(reply), 0});
    notice_call_join(text);
    platform::request_frame();
    return true;
}

std::string LocalTransport::dispatch(ConnectionId from, const std::string& text) {
    core::DispatchOutcome outcome = services_.dispatcher.handle(connection(from), text);
    apply(from, outcome);
    if (from != kPerson) platform::request_frame();
    return std::move(outcome.reply);
}

// In core::Subscribers' order: unbind a connection that signed out (it must not get its own
// session.ended), bind one that signed in or became a guest, deliver, then close the other
// connections of the sessions to close.
void LocalTransport::apply(ConnectionId from, core::DispatchOutcome& outcome) {
    const core::ConnectionState& c = connection(from);
    if (outcome.signed_out) subscribers_.unbind(from);
    if (outcome.signed_in && c.user) subscribers_.bind(from, *outcome.signed_in, *c.user);
    if (outcome.guest_bound) subscribers_.bind_guest(from, *outcome.guest_bound);
    deliver(outcome.effects);
}

void LocalTransport::deliver(const core::Effects& effects) {
    for (const core::Delivery& d : effects.deliveries)
        for (ConnectionId to : subscribers_.audience(d.to)) {
            if (to == kPerson && open_) inbox_.push_back({TransportEvent::Kind::message, core::protocol::encode_event(d.event), 0});
            if (to == kDoctor) doctor_.on_event(d.event);
        }
    for (core::SessionId session : effects.sessions_to_close)
        for (ConnectionId id : subscribers_.of_session(session)) close_connection(id);
}

// As the server closes a socket: the person's page sees the connection drop (and reconnects); the
// simulated doctor simply starts over signed out.
void LocalTransport::close_connection(ConnectionId id) {
    forget_presence(id);
    subscribers_.unbind(id);
    connection(id) = {};
    connection(id).id = id;
    if (id == kPerson && open_) {
        open_ = false;
        inbox_.push_back({TransportEvent::Kind::closed, "session ended", 1000});
    }
}

// Presence stops counting a connection that starts over (as the server's on_disconnect does).
void LocalTransport::forget_presence(ConnectionId id) {
    if (!connection(id).present) return;
    core::Effects fx;
    services_.presence.forget(connection(id), fx);
    deliver(fx);
}

void LocalTransport::notice_call_join(const std::string& text) {
    const auto decoded = core::protocol::decode_request(text);
    const auto* request = std::get_if<core::protocol::Request>(&decoded);
    if (!request || request->type != core::protocol::RequestType::call_join || !person_.user) return;
    const auto join = core::protocol::decode<core::msg::JoinCall>(request->data);
    if (!join) return;
    auto visit = services_.clinic.appointment(*person_.user, join.value().appointment_id);
    if (!visit || visit->patient.id != *person_.user) return;  // only a patient gets a simulated doctor
    for (const core::DemoDoctor& d : core::demo_doctors())
        if (d.email == visit->doctor.email && d.verified) return doctor_.patient_joining(join.value().appointment_id, d.email);
}

void LocalTransport::close() {
    if (!open_) return;
    open_ = false;
    deliver(services_.dispatcher.on_disconnect(person_));
    subscribers_.unbind(kPerson);
    person_ = {};
    person_.id = kPerson;
}

// A message of the patient that the server accepted, in a conversation with a demo doctor: that doctor
// answers (DemoCorrespondent). The reply names the message; the conversation names the doctor.
void LocalTransport::notice_message(const std::string& text, const std::string& reply) {
    if (!person_.user) return;
    const auto sent = core::protocol::decode_request(text);
    const auto* request = std::get_if<core::protocol::Request>(&sent);
    if (!request || request->type != core::protocol::RequestType::send_message) return;
    const auto decoded = core::protocol::decode_server_message(reply);
    const auto* response = std::get_if<core::protocol::Response>(&decoded);
    if (!response || !response->ok) return;
    const auto posted = core::protocol::decode<core::msg::MessageReply>(response->data);
    if (!posted || posted.value().message.sender_id != *person_.user) return;
    const core::msg::MessageInfo& m = posted.value().message;
    const auto page = services_.messaging.after(*person_.user, m.conversation_id, m.number - 1, 1);
    if (!page || page->conversation.patient_id != *person_.user) return;  // only a patient gets a simulated doctor
    const auto doctor = store_.transact([&](core::Transaction& tx) { return tx.accounts().find_user(page->conversation.doctor_id); }).value;
    if (!doctor) return;
    for (const core::DemoDoctor& d : core::demo_doctors())
        if (d.email == doctor->email) {
            // A file is answered as a file: the words, if any, after what was attached.
            std::string written = m.text;
            if (m.attachment)
                written = (m.attachment->kind == core::AttachmentKind::pdf ? "[document] " : "[photo] ") + written;
            return correspondent_.patient_wrote(m.conversation_id, d.email, written);
        }
}

std::vector<TransportEvent> LocalTransport::drain() {
    correspondent_.tick();
    doctor_.tick();  // the simulated doctor acts between frames, like a person on another device
    return std::exchange(inbox_, {});
}

}  // namespace app
