// The offline demo's backend: the same src/core dispatcher the server runs, over an in-memory store
// seeded with the demo accounts, inside the page. No network traffic at all; data lives until reload.
#pragma once
#include <memory>

#include "app/demo_doctor.h"
#include "app/transport.h"
#include "core/api/dispatcher.h"
#include "core/crypto/pbkdf2_hasher.h"
#include "core/store/memory_store.h"

namespace app {

class LocalTransport final : public Transport {
public:
    explicit LocalTransport(const core::Clock& clock);
    void open() override;
    bool send(const std::string& text) override;
    void close() override;
    std::vector<TransportEvent> drain() override;
    bool is_local() const override { return true; }

private:
    bool addressed_to_me(const core::Audience& to, std::optional<core::SessionId> session_before) const;
    // One request of a connection in this page (the person's, or the simulated doctor's): the
    // events it causes go to whichever of the two they are addressed to. Returns the reply.
    std::string dispatch(core::ConnectionState& from, const std::string& text);
    void notice_call_join(const std::string& text);  // the patient joins a demo doctor's call

    core::MemoryStore store_;
    core::Pbkdf2Hasher hasher_;
    core::AccountService accounts_;
    core::TestModePaymentProvider payments_;
    core::ClinicService clinic_;
    core::CallService calls_;
    core::NoIceServers ice_;  // one page plays every part: host candidates are enough
    core::RecordingService recordings_;  // recordings stay in this tab's memory
    core::Dispatcher dispatcher_;
    core::ConnectionState connection_;
    core::ConnectionState doctor_connection_;
    DemoDoctor doctor_;
    bool open_ = false;
    std::vector<TransportEvent> inbox_;
};

}  // namespace app
