// Native stand-in for platform::WebSocket: an in-memory fake driven by tests through websocket_fake.h.
// Every connect() creates a Peer that outlives the socket, so a test can still read what was sent.
#include <memory>

#include "platform/frame.h"
#include "platform/websocket_fake.h"

namespace platform {

struct WebSocket::Impl {
    fake::Peer* peer = nullptr;
    State state = State::idle;
};

namespace {
std::vector<std::unique_ptr<fake::Peer>>& all_peers() {
    static std::vector<std::unique_ptr<fake::Peer>> v;
    return v;
}
}  // namespace

WebSocket::WebSocket() : impl_(std::make_unique<Impl>()) {}

WebSocket::~WebSocket() {
    if (impl_->peer) impl_->peer->socket = nullptr;  // later server actions are dropped
}

bool WebSocket::connect(const std::string& url) {
    if (impl_->peer) return false;
    all_peers().push_back(std::make_unique<fake::Peer>());
    impl_->peer = all_peers().back().get();
    impl_->peer->url = url;
    impl_->peer->socket = this;
    impl_->state = State::connecting;
    return true;
}

bool WebSocket::send_text(std::string_view text) {
    if (impl_->state != State::open) return false;
    impl_->peer->sent.emplace_back(text);
    return true;
}

void WebSocket::close(int code, std::string_view) {
    if (impl_->state != State::connecting && impl_->state != State::open) return;
    impl_->state = State::closing;
    impl_->peer->closed_by_client = true;
    impl_->peer->client_close_code = code;
}

WebSocket::State WebSocket::state() const { return impl_->state; }

namespace fake {

std::vector<Peer*> peers() {
    std::vector<Peer*> v;
    for (auto& p : all_peers()) v.push_back(p.get());
    return v;
}
Peer* last_peer() { return all_peers().empty() ? nullptr : all_peers().back().get(); }
void reset() {
    for (auto& p : all_peers()) {
        if (p->socket) p->socket->impl()->peer = nullptr;
    }
    all_peers().clear();
}

void accept(Peer& peer) {
    request_frame();
    if (!peer.socket) return;
    peer.socket->impl()->state = WebSocket::State::open;
    if (peer.socket->on_open) peer.socket->on_open();
}

void deliver(Peer& peer, const std::string& text) {
    request_frame();
    if (peer.socket && peer.socket->on_message) peer.socket->on_message(text);
}

void drop(Peer& peer, int code, const std::string& reason) {
    request_frame();
    if (!peer.socket) return;
    WebSocket* s = peer.socket;
    s->impl()->state = WebSocket::State::closed;
    if (s->on_close) s->on_close(code, reason);
}

void fail(Peer& peer) {
    request_frame();
    if (!peer.socket) return;
    if (peer.socket->on_error) peer.socket->on_error();
    drop(peer, 1006, "");
}

}  // namespace fake
}  // namespace platform
