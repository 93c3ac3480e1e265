// The protocol client: says hello, numbers requests and routes each response to its handler, passes
// server events on, and reconnects with backoff when the connection drops. It knows nothing of
// screens; the feature modules above it do. Handlers run from poll(), never re-entrantly from call().
//
// Requests are the typed messages of src/core/<domain>/messages.h:
//
//   client.call(msg::Book{doctor, starts_at, concern},
//               [](msg::AppointmentReply& r) { ... },          // the decoded reply
//               [](const core::Error& e) { return handled; });  // optional: true = dealt with here
//
// Errors are never silent: a failed reply (or one that does not decode as Req::Reply) goes to the
// error handler; when there is none, or it answers false, it goes to on_unhandled_error, which the app
// turns into a toast with the server's message. `send` is for requests whose answer nobody waits
// for: only their failures surface, and "offline" is not one (the connection indicator says so, and
// the session resumes by itself on reconnect).
#pragma once
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "app/net/transport.h"
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
    // True when the error was dealt with by the caller (shown in a form, retried, expected).
    using ErrorHandler = std::function<bool(const core::Error&)>;
    using EventHandler = std::function<void(const core::protocol::Event&)>;

    Client(std::unique_ptr<Transport> transport, std::function<double()> now_ms);

    void start();
    // Drains the transport and runs due timers. True when anything happened.
    bool poll();

    // Sends a typed request. When not online the error handler gets "offline" on the next poll().
    template <typename Req>
    void call(const Req& request, std::function<void(typename Req::Reply&)> on_reply, ErrorHandler on_error = {}) {
        send_frame(Req::type, core::protocol::encode(request),
                   [this, on_reply = std::move(on_reply), on_error = std::move(on_error)](const core::protocol::Response& r) {
                       if (!r.ok) return fail(on_error, r.error);
                       auto reply = core::protocol::decode<typename Req::Reply>(r.data);
                       if (!reply) return fail(on_error, unreadable_reply(Req::type, reply.error()));
                       if (on_reply) on_reply(reply.value());
                   });
    }
    // A request whose answer nobody waits for (signaling, media flags, leave).
    template <typename Req>
    void send(const Req& request) {
        call(request, nullptr, [](const core::Error& e) { return e.code == core::ErrorCode::offline; });
    }

    ConnectionStatus status() const { return status_; }
    bool online() const { return status_ == ConnectionStatus::online || status_ == ConnectionStatus::demo; }
    double next_retry_ms() const { return retry_at_ms_; }  // meaningful while reconnecting
    bool is_local() const { return transport_->is_local(); }

    std::function<void()> on_ready;  // after each accepted hello: (re)start the session
    EventHandler on_event;
    std::function<void(const core::Error&)> on_fatal;            // e.g. protocol mismatch
    std::function<void(const core::Error&)> on_unhandled_error;  // a failure no caller dealt with

private:
    using ResponseHandler = std::function<void(const core::protocol::Response&)>;

    void send_frame(core::protocol::RequestType type, core::protocol::json data, ResponseHandler handler);
    void fail(const ErrorHandler& handler, const core::Error& error);
    static core::Error unreadable_reply(core::protocol::RequestType type, const core::Error& why);
    void say_hello();
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
