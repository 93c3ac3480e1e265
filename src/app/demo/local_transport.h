// The offline demo's backend: the server's own composition root (core::Services) over an in-memory
// store seeded with the demo clinic, inside the page. No network traffic at all; data lives until
// reload. Two in-page connections speak to it: the person's (this transport) and the simulated
// doctor's (DemoDoctor). Events reach them by the server's own fan-out rule (core::Subscribers), and
// each request's outcome is applied in the order that rule documents. Unexpected failures inside the
// services are written to the browser console (stderr is the console in Emscripten).
#pragma once
#include <memory>
#include <vector>

#include "app/demo/demo_correspondent.h"
#include "app/demo/demo_doctor.h"
#include "app/net/transport.h"
#include "core/api/subscribers.h"
#include "core/crypto/pbkdf2_hasher.h"
#include "core/services.h"
#include "core/store/memory/memory_store.h"

namespace app {

class ConsoleErrorReporter final : public core::ErrorReporter {
public:
    void internal_error(std::string_view where, std::uint64_t connection, std::string_view what) noexcept override;
};

class LocalTransport final : public Transport {
public:
    explicit LocalTransport(const core::Clock& clock);
    void open() override;
    bool send(const std::string& text) override;
    void close() override;
    std::vector<TransportEvent> drain() override;
    bool is_local() const override { return true; }

private:
    using ConnectionId = core::Subscribers::ConnectionId;
    static constexpr ConnectionId kPerson = 1, kDoctor = 2, kCorrespondent = 3;

    core::ConnectionState& connection(ConnectionId id) {
        return id == kPerson ? person_ : id == kDoctor ? doctor_connection_ : correspondent_connection_;
    }
    // One request of a connection in this page; the events it causes go to whichever connections they
    // are addressed to. Returns the reply.
    std::string dispatch(ConnectionId from, const std::string& text);
    void apply(ConnectionId from, core::DispatchOutcome& outcome);
    void deliver(const core::Effects& effects);
    void close_connection(ConnectionId id);
    void forget_presence(ConnectionId id);
    void notice_call_join(const std::string& text);  // the patient joins a demo doctor's call
    void notice_message(const std::string& text, const std::string& reply);  // the patient wrote to a demo doctor

    core::MemoryStore store_;
    core::Pbkdf2Hasher hasher_;
    core::TestModePaymentProvider payments_;
    core::NoIceServers ice_;  // one page plays every part: host candidates are enough
    ConsoleErrorReporter errors_;
    core::Services services_;
    core::Subscribers subscribers_;
    core::ConnectionState person_;
    core::ConnectionState doctor_connection_;
    core::ConnectionState correspondent_connection_;
    DemoDoctor doctor_;
    DemoCorrespondent correspondent_;  // the demo doctors' side of conversations
    bool open_ = false;
    std::vector<TransportEvent> inbox_;
};

}  // namespace app
