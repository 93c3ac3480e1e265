#include "app/net/client.h"

#include <algorithm>
#include <cmath>

#include "core/api/hello.h"
#include "platform/frame.h"
#include "platform/page.h"

namespace app {

using core::protocol::Response;

namespace {
constexpr double kFirstRetryMs = 500;
constexpr double kMaxRetryMs = 15000;
constexpr const char* kClientName = "telemed-web/0.1";
}  // namespace

Client::Client(std::unique_ptr<Transport> transport, std::function<double()> now_ms)
    : transport_(std::move(transport)), now_ms_(std::move(now_ms)) {}

void Client::start() {
    status_ = transport_->is_local() ? ConnectionStatus::demo : ConnectionStatus::connecting;
    transport_->open();
}

bool Client::poll() {
    bool changed = !deferred_.empty();
    for (auto& [handler, response] : std::exchange(deferred_, {})) handler(response);

    for (TransportEvent& e : transport_->drain()) {
        changed = true;
        switch (e.kind) {
            case TransportEvent::Kind::opened: say_hello(); break;
            case TransportEvent::Kind::message: handle_message(e.text); break;
            case TransportEvent::Kind::closed: handle_closed(); break;
        }
    }
    watch_network();
    if (status_ == ConnectionStatus::reconnecting && now_ms_() >= retry_at_ms_) {
        retry_at_ms_ = now_ms_() + kMaxRetryMs;  // until the attempt reports back
        transport_->open();
        changed = true;
    }
    return changed;
}

void Client::send_frame(core::protocol::RequestType type, core::protocol::json data, ResponseHandler handler) {
    const bool hello = type == core::protocol::RequestType::hello;
    const std::int64_t id = next_id_++;
    if ((!online() && !hello) || !transport_->send(core::protocol::encode_request({id, type, std::move(data)}))) {
        Response r;
        r.id = id;
        r.error = core::Error::of(core::ErrorCode::offline);
        deferred_.emplace_back(std::move(handler), std::move(r));
        platform::request_frame();
        return;
    }
    pending_[id] = std::move(handler);
}

void Client::fail(const ErrorHandler& handler, const core::Error& error) {
    if (handler && handler(error)) return;
    if (on_unhandled_error) on_unhandled_error(error);
}

core::Error Client::unreadable_reply(core::protocol::RequestType type, const core::Error& why) {
    return core::Error::of(core::ErrorCode::bad_message, "The server's answer to " + std::string(core::protocol::to_string(type)) +
                                                             " could not be read: " + why.message + " Reload the page to update the app.");
}

void Client::say_hello() {
    call(core::msg::Hello{core::protocol::kVersion, kClientName},
         [this](core::msg::HelloReply&) {
             attempts_ = 0;
             status_ = transport_->is_local() ? ConnectionStatus::demo : ConnectionStatus::online;
             if (on_ready) on_ready();
         },
         [this](const core::Error& e) {
             if (e.code == core::ErrorCode::offline) return true;  // the next connection says hello again
             if (e.code != core::ErrorCode::protocol_mismatch) return false;
             status_ = ConnectionStatus::outdated;
             transport_->close();
             if (on_fatal) on_fatal(e);
             return true;
         });
}

void Client::handle_message(const std::string& text) {
    auto decoded = core::protocol::decode_server_message(text);
    if (auto* event = std::get_if<core::protocol::Event>(&decoded)) {
        if (on_event) on_event(*event);
        return;
    }
    if (auto* garbage = std::get_if<core::Error>(&decoded)) return fail({}, *garbage);
    auto* response = std::get_if<Response>(&decoded);
    if (!response->id) return fail({}, response->error);  // the server could not read one of ours
    auto it = pending_.find(*response->id);
    if (it == pending_.end()) return;
    ResponseHandler handler = std::move(it->second);
    pending_.erase(it);
    handler(*response);
}

void Client::handle_closed() {
    fail_pending(core::Error::of(core::ErrorCode::offline));
    if (status_ == ConnectionStatus::outdated) return;
    status_ = ConnectionStatus::reconnecting;
    schedule_retry();
}

void Client::fail_pending(const core::Error& error) {
    for (auto& [id, handler] : std::exchange(pending_, {})) {
        Response r;
        r.id = id;
        r.error = error;
        handler(r);
    }
}

// The browser knows before the socket does: after a network change an open WebSocket can stay "open"
// on a dead path for minutes. Offline: drop it now (Reconnecting… shows, the server frees our place
// for a rejoin). Online again: try at once instead of waiting out the backoff.
void Client::watch_network() {
    if (transport_->is_local()) return;
    const bool net = platform::network_online();
    if (net == network_online_) return;
    network_online_ = net;
    if (!net && status_ != ConnectionStatus::reconnecting && status_ != ConnectionStatus::outdated) {
        transport_->close();
        handle_closed();
    } else if (net && status_ == ConnectionStatus::reconnecting) {
        attempts_ = 0;
        retry_at_ms_ = now_ms_();
    }
}

void Client::schedule_retry() {
    // Exponential backoff with jitter, so a restarted server is not hit by every tab at once.
    const double base = std::min(kMaxRetryMs, kFirstRetryMs * std::pow(2.0, attempts_++));
    const double jitter = std::fmod(now_ms_() * 7.31, base * 0.25);
    const double delay = base * 0.8 + jitter;
    retry_at_ms_ = now_ms_() + delay;
    platform::request_frame_in(delay);
}

}  // namespace app
