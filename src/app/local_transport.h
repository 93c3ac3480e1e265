// The offline demo's backend: the same src/core dispatcher the server runs, over an in-memory store
// seeded with the demo accounts, inside the page. No network traffic at all; data lives until reload.
#pragma once
#include <memory>

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
    bool open_ = false;
    std::vector<TransportEvent> inbox_;
};

}  // namespace app
