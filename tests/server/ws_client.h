// A small synchronous WebSocket and HTTP client for the server tests and the benchmark. Every read
// has a timeout (the test fails instead of hanging). Beast lives in ws_client.cpp only.
#pragma once
#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

namespace test {

using json = nlohmann::json;
using namespace std::chrono_literals;

struct Timeout : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// The close frame the server sent, once the connection has ended.
struct CloseInfo {
    std::uint16_t code = 0;  // 0: the connection dropped without a close frame
    std::string reason;
};

class WsClient {
public:
    // Connects to ws://host:port/ws; `origin` empty sends no Origin header. Throws on failure.
    // receive_buffer_bytes > 0 shrinks the socket's receive buffer (to test the server's backpressure).
    WsClient(std::string host, std::uint16_t port, std::string origin = {},
             std::chrono::milliseconds timeout = 10s, int receive_buffer_bytes = 0);
    ~WsClient();
    WsClient(const WsClient&) = delete;
    WsClient& operator=(const WsClient&) = delete;

    // The HTTP status of an upgrade attempt (101 when accepted).
    static int try_upgrade(const std::string& host, std::uint16_t port, const std::string& origin);

    void send_text(std::string_view text);
    void send_binary(std::string_view bytes);
    // Writes one text frame of this many bytes straight to the socket, ignoring write errors: the
    // server may close before all of it is written, and the close frame must still be readable.
    void send_oversized_text(std::size_t payload_bytes);
    // Sends {"id","type","data"} with the next id; returns the id.
    std::int64_t send_request(const std::string& type, const json& data = json::object());
    // Sends a request and waits for the response with its id (events meanwhile are kept).
    json request(const std::string& type, const json& data = json::object());
    json await_response(std::int64_t id);
    json await_event(const std::string& name);
    // The next frame of any kind, parsed. Throws Timeout, or std::runtime_error when closed.
    json next_message();
    // The next frame's text, unparsed (a load generator need not parse a 300 KB answer); nullopt once
    // closed (await_close() then says how). Messages kept by the waits above are not looked at.
    std::optional<std::string> next_text() { return read_frame(); }
    // The events read while waiting for a response, oldest first, handed over and forgotten.
    std::deque<json> take_pending() { return std::exchange(pending_, {}); }
    // hello with the current protocol; returns the response.
    json hello();

    // Reads until the server closes; returns its close frame. Throws Timeout.
    CloseInfo await_close();
    bool is_open() const;
    void close();
    void set_timeout(std::chrono::milliseconds t) { timeout_ = t; }

    struct Impl;  // Beast internals, in ws_client.cpp

private:
    std::optional<std::string> read_frame();  // nullopt once closed
    std::unique_ptr<Impl> impl_;
    std::chrono::milliseconds timeout_;
    std::int64_t next_id_ = 0;
    std::deque<json> pending_;  // messages read while waiting for something else
    std::optional<CloseInfo> closed_;
};

struct HttpResponse {
    int status = 0;
    std::map<std::string, std::string> headers;  // names lower-cased
    std::string body;
    std::string header(const std::string& lower_name) const {
        auto it = headers.find(lower_name);
        return it == headers.end() ? std::string() : it->second;
    }
};

HttpResponse http_request(std::uint16_t port, const std::string& method, const std::string& target,
                          const std::map<std::string, std::string>& headers = {});
inline HttpResponse http_get(std::uint16_t port, const std::string& target,
                             const std::map<std::string, std::string>& headers = {}) {
    return http_request(port, "GET", target, headers);
}

}  // namespace test
