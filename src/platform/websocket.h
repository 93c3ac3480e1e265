// One browser WebSocket, owned by one C++ object (RAII). Text frames only: the protocol is JSON.
// Callbacks run on the main thread between frames; each one also calls platform::request_frame(),
// so the app's poll() sees the change on the next frame. Callbacks arriving after the object is
// destroyed are dropped. Natively (unit tests) this is an in-memory fake: see websocket_fake.h.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace platform {

class WebSocket {
public:
    enum class State { idle, connecting, open, closing, closed };

    WebSocket();
    ~WebSocket();  // closes (1000) if still open; no callback runs after this
    WebSocket(const WebSocket&) = delete;
    WebSocket& operator=(const WebSocket&) = delete;

    bool connect(const std::string& url);                    // false: could not even start
    bool send_text(std::string_view text);                   // false: not open or refused
    void close(int code = 1000, std::string_view reason = "");
    State state() const;

    std::function<void()> on_open;
    std::function<void(std::string)> on_message;
    std::function<void(int code, std::string reason)> on_close;
    std::function<void()> on_error;  // always followed by on_close

    struct Impl;
    Impl* impl() const { return impl_.get(); }  // for the platform implementation files only

private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace platform
