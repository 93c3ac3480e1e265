// The protocol client: says hello, numbers requests and routes each response to its handler, passes
// server events on, and reconnects with backoff when the connection drops. It knows nothing of
// screens; the Controller above it does. Handlers run from poll(), never re-entrantly from call().
#pragma once
#include <functional>
#include <map>
#include <memory>

#include "app/transport.h"
#include "core/protocol/protocol.h"

namespace app {

enum class ConnectionStatus {
    connecting,    // first attempt
    online,        // hello accepted
    reconnecting,  // lost; retrying on a backoff
    outdated,      // the server speaks another protocol version: reload needed
    demo,          // the offline demo (always "online", no network)
};

class Client {
public:
    using ResponseHandler = std::function<void(const core::protocol::Response&)>;
    using EventHandler = std::function<void(const core::protocol::Event&)>;

    Client(std::unique_ptr<Transport> transport, std::function<double()> now_ms);

    void start();
    // Drains the transport and runs due timers. True when anything happened.
    bool poll();
    // Sends a request. When not online the handler gets an "offline" error on the next poll().
    void call(core::protocol::RequestType type, core::protocol::json data, ResponseHandler handler);

    ConnectionStatus status() const { return status_; }
    bool online() const { return status_ == ConnectionStatus::online || status_ == ConnectionStatus::demo; }
    double next_retry_ms() const { return retry_at_ms_; }  // meaningful while reconnecting
    bool is_local() const { return transport_->is_local(); }

    std::function<void()> on_ready;  // after each accepted hello: (re)start the session
    EventHandler on_event;
    std::function<void(const core::Error&)> on_fatal;  // e.g. protocol mismatch

private:
    void handle_opened();
    void handle_message(const std::string& text);
    void handle_closed();
    void fail_pending(const core::Error& error);
    void schedule_retry();
    void watch_network();  // the browser's online/offline (platform::network_online)

    std::unique_ptr<Transport> transport_;
    std::function<double()> now_ms_;
    ConnectionStatus status_ = ConnectionStatus::connecting;
    std::int64_t next_id_ = 1;
    std::map<std::int64_t, ResponseHandler> pending_;
    std::vector<std::pair<ResponseHandler, core::protocol::Response>> deferred_;  // offline failures
    int attempts_ = 0;
    bool network_online_ = true;
    double retry_at_ms_ = 0;
};

}  // namespace app
