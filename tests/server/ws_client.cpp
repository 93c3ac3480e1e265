#include "ws_client.h"

#include <cctype>

#include <boost/asio/connect.hpp>
#include <boost/asio/write.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

namespace test {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace net = boost::asio;
using tcp = net::ip::tcp;

struct WsClient::Impl {
    net::io_context ioc;
    websocket::stream<tcp::socket> ws{ioc};
    beast::flat_buffer buffer;

    // Runs one async operation to completion or until the timeout; on timeout the socket is closed
    // (the stream is then unusable) and Timeout is thrown.
    template <typename Start>
    beast::error_code run(Start start, std::chrono::milliseconds timeout, const char* what) {
        std::optional<beast::error_code> result;
        start([&](beast::error_code ec, std::size_t = 0) { result = ec; });
        ioc.restart();
        ioc.run_for(timeout);
        if (!result) {
            beast::error_code ignored;
            ws.next_layer().close(ignored);
            ioc.restart();
            ioc.run_for(1s);
            throw Timeout(std::string("timed out: ") + what);
        }
        return *result;
    }
};

static void connect_and_upgrade(WsClient::Impl& impl, const std::string& host, std::uint16_t port,
                                const std::string& origin, websocket::response_type& response,
                                beast::error_code& ec, int receive_buffer_bytes = 0) {
    tcp::resolver resolver(impl.ioc);
    const auto endpoints = resolver.resolve(host, std::to_string(port));
    auto& socket = impl.ws.next_layer();
    socket.open(endpoints.begin()->endpoint().protocol());
    if (receive_buffer_bytes > 0) socket.set_option(net::socket_base::receive_buffer_size(receive_buffer_bytes));
    socket.connect(endpoints.begin()->endpoint());
    // As browsers do: a masked client frame larger than Beast's write buffer goes out in pieces, and
    // Nagle would hold the last piece until the server's delayed ACK (~40 ms).
    socket.set_option(tcp::no_delay(true));
    impl.ws.set_option(websocket::stream_base::decorator([origin](websocket::request_type& req) {
        if (!origin.empty()) req.set(http::field::origin, origin);
        req.set(http::field::user_agent, "telemed-server-tests");
    }));
    impl.ws.read_message_max(64 * 1024 * 1024);
    impl.ws.handshake(response, host + ":" + std::to_string(port), "/ws", ec);
}

WsClient::WsClient(std::string host, std::uint16_t port, std::string origin, std::chrono::milliseconds timeout,
                   int receive_buffer_bytes)
    : impl_(std::make_unique<Impl>()), timeout_(timeout) {
    websocket::response_type response;
    beast::error_code ec;
    connect_and_upgrade(*impl_, host, port, origin, response, ec, receive_buffer_bytes);
    if (ec) throw std::runtime_error("websocket handshake failed: " + ec.message());
}

WsClient::~WsClient() {
    beast::error_code ignored;
    impl_->ws.next_layer().close(ignored);
}

int WsClient::try_upgrade(const std::string&, std::uint16_t port, const std::string& origin) {
    // A hand-made upgrade request: the status line is all we want, whatever it is.
    std::map<std::string, std::string> headers = {{"Connection", "Upgrade"},
                                                  {"Upgrade", "websocket"},
                                                  {"Sec-WebSocket-Version", "13"},
                                                  {"Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="}};
    if (!origin.empty()) headers["Origin"] = origin;
    return http_request(port, "GET", "/ws", headers).status;
}

void WsClient::send_oversized_text(std::size_t payload_bytes) {
    // Header: FIN + text, masked 64-bit length, mask key 0 (XOR with zero leaves the payload as is).
    std::string frame = {static_cast<char>(0x81), static_cast<char>(0x80 | 127)};
    for (int shift = 56; shift >= 0; shift -= 8) frame += static_cast<char>((payload_bytes >> shift) & 0xff);
    frame.append(4, '\0');
    frame.append(payload_bytes, 'x');
    beast::error_code ignored;
    net::write(impl_->ws.next_layer(), net::buffer(frame), ignored);
}

void WsClient::send_text(std::string_view text) {
    impl_->ws.text(true);
    auto ec = impl_->run([&](auto handler) { impl_->ws.async_write(net::buffer(text), handler); }, timeout_, "write");
    if (ec) throw std::runtime_error("write failed: " + ec.message());
}

void WsClient::send_binary(std::string_view bytes) {
    impl_->ws.binary(true);
    auto ec = impl_->run([&](auto handler) { impl_->ws.async_write(net::buffer(bytes), handler); }, timeout_, "write");
    impl_->ws.text(true);
    if (ec) throw std::runtime_error("write failed: " + ec.message());
}

std::int64_t WsClient::send_request(const std::string& type, const json& data) {
    const std::int64_t id = ++next_id_;
    send_text(json{{"id", id}, {"type", type}, {"data", data}}.dump());
    return id;
}

json WsClient::request(const std::string& type, const json& data) { return await_response(send_request(type, data)); }

json WsClient::hello() { return request("hello", {{"protocol", 1}, {"client", "server-tests"}}); }

std::optional<std::string> WsClient::read_frame() {
    if (closed_) return std::nullopt;
    auto& impl = *impl_;
    auto ec = impl.run([&](auto handler) { impl.ws.async_read(impl.buffer, handler); }, timeout_, "read");
    if (ec) {
        const auto reason = impl.ws.reason();
        // The close frame may have arrived even when the read ends in another error (e.g. a reset).
        closed_ = CloseInfo{static_cast<std::uint16_t>(reason.code),
                            std::string(reason.reason.data(), reason.reason.size())};
        return std::nullopt;
    }
    std::string text = beast::buffers_to_string(impl.buffer.data());
    impl.buffer.consume(impl.buffer.size());
    return text;
}

json WsClient::next_message() {
    if (!pending_.empty()) {
        json m = std::move(pending_.front());
        pending_.pop_front();
        return m;
    }
    auto frame = read_frame();
    if (!frame) throw std::runtime_error("connection closed (code " + std::to_string(closed_->code) + ")");
    return json::parse(*frame);
}

json WsClient::await_response(std::int64_t id) {
    for (auto it = pending_.begin(); it != pending_.end(); ++it)
        if (it->contains("id") && (*it)["id"] == id) {
            json m = std::move(*it);
            pending_.erase(it);
            return m;
        }
    for (;;) {
        auto frame = read_frame();
        if (!frame) throw std::runtime_error("connection closed (code " + std::to_string(closed_->code) + ")");
        json m = json::parse(*frame);
        if (m.contains("id") && m["id"] == id) return m;
        pending_.push_back(std::move(m));
    }
}

json WsClient::await_event(const std::string& name) {
    for (auto it = pending_.begin(); it != pending_.end(); ++it)
        if (it->value("event", "") == name) {
            json m = std::move(*it);
            pending_.erase(it);
            return m;
        }
    for (;;) {
        auto frame = read_frame();
        if (!frame) throw std::runtime_error("connection closed (code " + std::to_string(closed_->code) + ")");
        json m = json::parse(*frame);
        if (m.value("event", "") == name) return m;
        pending_.push_back(std::move(m));
    }
}

CloseInfo WsClient::await_close() {
    while (read_frame()) {
    }
    return *closed_;
}

bool WsClient::is_open() const { return !closed_ && impl_->ws.is_open(); }

void WsClient::close() {
    if (closed_) return;
    auto& impl = *impl_;
    try {
        impl.run([&](auto handler) { impl.ws.async_close(websocket::close_code::normal, handler); }, 2s, "close");
    } catch (const Timeout&) {
    }
    closed_ = CloseInfo{1000, ""};
}

HttpResponse http_request(std::uint16_t port, const std::string& method, const std::string& target,
                          const std::map<std::string, std::string>& headers) {
    net::io_context ioc;
    tcp::socket socket(ioc);
    tcp::resolver resolver(ioc);
    net::connect(socket, resolver.resolve("127.0.0.1", std::to_string(port)));
    http::request<http::empty_body> req{http::string_to_verb(method), target, 11};
    req.set(http::field::host, "127.0.0.1:" + std::to_string(port));
    for (const auto& [name, value] : headers) req.set(name, value);
    http::write(socket, req);
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(256 * 1024 * 1024);
    parser.skip(method == "HEAD");  // a HEAD response announces a length it does not send
    http::read(socket, buffer, parser);
    const auto& res = parser.get();
    HttpResponse out;
    out.status = static_cast<int>(res.result_int());
    for (const auto& field : res) {
        std::string name(field.name_string());
        for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        out.headers[name] = std::string(field.value());
    }
    out.body = res.body();
    beast::error_code ignored;
    socket.shutdown(tcp::socket::shutdown_both, ignored);
    return out;
}

}  // namespace test
