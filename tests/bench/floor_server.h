// The floor of "one WebSocket request answered" on this machine: a single-threaded epoll server that
// does the least a WebSocket server can — read, unmask one text frame, find its top-level "id", write
// one unmasked reply of a given size — with no JSON, no routing, no session, no allocation per request.
// request_cpu runs it as a third server under the same load (`bench_request_cpu` re-executes itself
// with --serve-floor): what it spends per request is what the kernel's loopback TCP and the system
// calls cost here, the part no server design removes. Benchmark only; not hardened (no fragmented
// frames, no extensions, frames ≤ 64 KiB).
#pragma once
#include <openssl/evp.h>
#include <openssl/sha.h>

#include <array>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <unordered_map>

#include <arpa/inet.h>
#include <csignal>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace bench::floor {

// Sec-WebSocket-Accept of a Sec-WebSocket-Key (RFC 6455 §4.2.2).
inline std::string websocket_accept(std::string_view key) {
    const std::string text = std::string(key) + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    unsigned char digest[SHA_DIGEST_LENGTH];
    SHA1(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
    unsigned char encoded[4 * ((SHA_DIGEST_LENGTH + 2) / 3) + 1];
    const int n = EVP_EncodeBlock(encoded, digest, SHA_DIGEST_LENGTH);
    return std::string(reinterpret_cast<char*>(encoded), static_cast<size_t>(n));
}

inline std::string_view header_value(std::string_view request, std::string_view name) {
    for (size_t at = 0; (at = request.find("\r\n", at)) != std::string_view::npos;) {
        at += 2;
        const auto line_end = request.find("\r\n", at);
        const std::string_view line = request.substr(at, line_end - at);
        if (line.size() > name.size() && line[name.size()] == ':' && strncasecmp(line.data(), name.data(), name.size()) == 0) {
            std::string_view v = line.substr(name.size() + 1);
            while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
            return v;
        }
    }
    return {};
}

// The "id" of the request, by a plain search: the load generator's frames put it first.
inline std::int64_t request_id(std::string_view text) {
    const auto at = text.find("\"id\":");
    std::int64_t id = 0;
    if (at != std::string_view::npos) std::from_chars(text.data() + at + 5, text.data() + text.size(), id);
    return id;
}

class Server {
public:
    explicit Server(size_t reply_bytes) : reply_bytes_(reply_bytes) {}

    int run() {
        std::signal(SIGPIPE, SIG_IGN);
        const int listener = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
        const int one = 1;
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || listen(listener, 4096) != 0)
            return std::perror("floor server: bind/listen"), 1;
        socklen_t len = sizeof addr;
        getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len);
        std::printf("{\"msg\":\"listening\",\"port\":%u}\n", ntohs(addr.sin_port));
        std::fflush(stdout);

        epoll_ = epoll_create1(0);
        add(listener);
        std::array<epoll_event, 256> events;
        for (;;) {
            const int n = epoll_wait(epoll_, events.data(), static_cast<int>(events.size()), -1);
            for (int i = 0; i < n; ++i) {
                const int fd = events[static_cast<size_t>(i)].data.fd;
                if (fd == listener) accept_all(listener);
                else on_readable(fd);
            }
        }
    }

private:
    struct Conn {
        bool upgraded = false;
        std::string in;
    };

    void add(int fd) {
        epoll_event ev{};
        ev.events = EPOLLIN;
        ev.data.fd = fd;
        epoll_ctl(epoll_, EPOLL_CTL_ADD, fd, &ev);
    }

    void accept_all(int listener) {
        for (int fd; (fd = accept4(listener, nullptr, nullptr, SOCK_NONBLOCK)) >= 0;) {
            const int one = 1;
            setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            conns_[fd] = Conn{};
            add(fd);
        }
    }

    void close_conn(int fd) {
        epoll_ctl(epoll_, EPOLL_CTL_DEL, fd, nullptr);
        close(fd);
        conns_.erase(fd);
    }

    void on_readable(int fd) {
        Conn& c = conns_[fd];
        char buf[65536];
        const ssize_t got = read(fd, buf, sizeof buf);
        if (got <= 0) return close_conn(fd);
        c.in.append(buf, static_cast<size_t>(got));
        if (!c.upgraded) return handshake(fd, c);
        out_.clear();
        size_t used = 0;
        while (const size_t frame = one_frame(std::string_view(c.in).substr(used))) used += frame;
        c.in.erase(0, used);
        if (!out_.empty()) write_all(fd, out_);
    }

    void handshake(int fd, Conn& c) {
        const auto end = c.in.find("\r\n\r\n");
        if (end == std::string::npos) return;
        const std::string accept = websocket_accept(header_value(c.in, "Sec-WebSocket-Key"));
        write_all(fd, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                      "Sec-WebSocket-Accept: " + accept + "\r\n\r\n");
        c.in.erase(0, end + 4);
        c.upgraded = true;
    }

    // Consumes one complete client frame at the front of `in` and queues its answer; 0 if incomplete.
    size_t one_frame(std::string_view in) {
        if (in.size() < 2) return 0;
        const auto b0 = static_cast<unsigned char>(in[0]), b1 = static_cast<unsigned char>(in[1]);
        size_t length = b1 & 0x7f, at = 2;
        if (length == 126) {
            if (in.size() < 4) return 0;
            length = (static_cast<size_t>(static_cast<unsigned char>(in[2])) << 8) | static_cast<unsigned char>(in[3]);
            at = 4;
        }
        if (in.size() < at + 4 + length) return 0;
        const char* mask = in.data() + at;
        text_.resize(length);
        for (size_t i = 0; i < length; ++i) text_[i] = static_cast<char>(in[at + 4 + i] ^ mask[i % 4]);
        if ((b0 & 0x0f) == 0x1) queue_reply(request_id(text_));
        return at + 4 + length;
    }

    // {"id":N,"ok":true,"data":{"token":"…","pad":"xxx…"}} padded to about reply_bytes_.
    void queue_reply(std::int64_t id) {
        char head[96];
        const int n = std::snprintf(head, sizeof head, R"({"id":%lld,"ok":true,"data":{"token":"floor","pad":")",
                                    static_cast<long long>(id));
        const size_t body = std::max(static_cast<size_t>(n) + 4, reply_bytes_);
        out_.push_back(static_cast<char>(0x81));
        if (body < 126) {
            out_.push_back(static_cast<char>(body));
        } else {
            out_.push_back(static_cast<char>(126));
            out_.push_back(static_cast<char>((body >> 8) & 0xff));
            out_.push_back(static_cast<char>(body & 0xff));
        }
        out_.append(head, static_cast<size_t>(n));
        out_.append(body - static_cast<size_t>(n) - 3, 'x');
        out_.append("\"}}");
    }

    static void write_all(int fd, std::string_view bytes) {
        while (!bytes.empty()) {
            const ssize_t put = write(fd, bytes.data(), bytes.size());
            if (put <= 0) return;  // a benchmark client that stopped reading: give up on it
            bytes.remove_prefix(static_cast<size_t>(put));
        }
    }

    size_t reply_bytes_;
    int epoll_ = -1;
    std::unordered_map<int, Conn> conns_;
    std::string out_, text_;
};

}  // namespace bench::floor
