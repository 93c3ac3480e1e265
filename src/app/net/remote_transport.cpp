#include "app/net/remote_transport.h"

#include <utility>

namespace app {

void RemoteTransport::open() {
    socket_ = std::make_unique<platform::WebSocket>();
    auto* inbox = &inbox_;
    socket_->on_open = [inbox] { inbox->push_back({TransportEvent::Kind::opened, {}, 0}); };
    socket_->on_message = [inbox](std::string text) {
        inbox->push_back({TransportEvent::Kind::message, std::move(text), 0});
    };
    socket_->on_close = [inbox](int code, std::string reason) {
        inbox->push_back({TransportEvent::Kind::closed, std::move(reason), code});
    };
    if (!socket_->connect(url_)) inbox_.push_back({TransportEvent::Kind::closed, "could not connect", 1006});
}

bool RemoteTransport::send(const std::string& text) { return socket_ && socket_->send_text(text); }

void RemoteTransport::close() {
    if (socket_) socket_->close(1000, "bye");
    socket_.reset();  // late callbacks are dropped by the platform layer
}

std::vector<TransportEvent> RemoteTransport::drain() { return std::exchange(inbox_, {}); }

}  // namespace app
