// Transport to the real server: one browser WebSocket at a time (a new one for each reconnect).
#pragma once
#include <memory>

#include "app/net/transport.h"
#include "platform/websocket.h"

namespace app {

class RemoteTransport final : public Transport {
public:
    explicit RemoteTransport(std::string url) : url_(std::move(url)) {}
    void open() override;
    bool send(const std::string& text) override;
    void close() override;
    std::vector<TransportEvent> drain() override;
    bool is_local() const override { return false; }

private:
    std::string url_;
    std::unique_ptr<platform::WebSocket> socket_;
    std::vector<TransportEvent> inbox_;
};

}  // namespace app
