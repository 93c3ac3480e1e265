// Server configuration: every limit the server enforces, in one documented struct, and the command
// line that fills it. `telemed-server --help` prints each option with its default.
//
// Index: [ServerConfig] [Command line] [Value parsers]
#pragma once
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace server {

using Millis = std::chrono::milliseconds;

enum class LogLevel { debug, info, warn, error };
std::string_view to_string(LogLevel level);

// [ServerConfig] ------------------------------------------------------------------------------------
struct ServerConfig {
    // --- where
    std::uint16_t port = 8080;
    std::string bind_address = "127.0.0.1";  // loopback: put a TLS reverse proxy in front for the world
    std::string data_dir = "./data";          // holds telemed.db (+ -wal, -shm)
    std::string web_root = "./build/wasm/web";
    // Origins (scheme://host[:port]) whose pages may open /ws. Same-origin pages (Origin host:port equal
    // to the Host header) are always allowed, and so are clients sending no Origin (not browsers).
    std::vector<std::string> allowed_origins;
    LogLevel log_level = LogLevel::info;

    // --- sessions (the account policy)
    Millis session_idle_timeout = std::chrono::minutes(30);
    Millis session_absolute_timeout = std::chrono::hours(12);
    Millis session_sweep_interval = std::chrono::seconds(30);  // how often expired sessions are ended
    Millis timer_interval = std::chrono::seconds(5);  // clinic timers (expiry, reminders) and call timers
    Millis call_reconnect_grace = std::chrono::seconds(45);  // a call member whose connection dropped keeps their place
    int max_failed_sign_ins = 10;                               // per account ...
    Millis failed_sign_in_window = std::chrono::minutes(15);    // ... within this window
    // sign_in, sign_up and change_password cost a password hash each: token buckets per connection and
    // per remote address (the TCP peer: behind a reverse proxy, the proxy) refuse the excess with
    // rate_limited and its retry time, before any hash. A bucket holds `burst` attempts and gains one
    // every `refill`.
    unsigned auth_burst_per_connection = 10;
    Millis auth_refill_per_connection = std::chrono::seconds(6);
    unsigned auth_burst_per_address = 30;
    Millis auth_refill_per_address = std::chrono::seconds(2);
    unsigned max_queued_hashes = 64;  // requests waiting for the hash pool; beyond: overloaded
    // Requests that read many rows (Work::scan: searches, history and catch-up pages, slot lists,
    // listings): a token bucket per connection (`burst` at once, one more every `refill`) refuses the
    // excess with rate_limited on the connection's own thread, and those admitted run on scan_threads
    // threads of their own with at most max_queued_scans waiting (beyond: overloaded). A flood of them
    // then waits behind itself, not in front of other people's writes (tests/bench/flood.cpp).
    unsigned scan_burst_per_connection = 60;  // a client's start-up and a reconnect's catch-up fit
    Millis scan_refill_per_connection = std::chrono::milliseconds(100);
    unsigned max_queued_scans = 256;

    // --- WebSocket limits
    std::size_t max_message_bytes = 64 * 1024;      // larger frames are closed with 1009
    std::size_t write_queue_messages = 64;          // per connection; beyond it: close 1008
    std::size_t write_queue_bytes = 1024 * 1024;    // per connection; beyond it: close 1008
    Millis ws_idle_timeout = std::chrono::seconds(60);  // a ping goes out at half of it; silence closes
    // The same for a connection that is in a call: short enough that a member who vanished silently is
    // noticed well inside the reconnect grace (1.25 x 20 s < 45 s), so their room still ends in time.
    Millis call_idle_timeout = std::chrono::seconds(20);
    Millis handshake_timeout = std::chrono::seconds(10);  // TCP accept to WebSocket open / HTTP request
    Millis http_timeout = std::chrono::seconds(30);       // one HTTP request/response exchange

    // --- calls: ICE servers handed to browsers (media never passes through this server)
    std::vector<std::string> stun_urls;          // "stun:host:3478"; none by default
    std::vector<std::string> turn_urls;          // "turn:host:3478", "turns:host:5349"; none by default
    std::string turn_secret;                     // coturn's static-auth-secret (use-auth-secret)
    Millis turn_ttl = std::chrono::hours(1);     // lifetime of a TURN credential
    // What one call member may relay (call_signal) at once: offers/answers/restarts (at most 32 KiB
    // each, one more per second) and ICE candidates (at most 2 KiB each, one more every 50 ms). The
    // excess is refused to the sender (rate_limited), never queued for the receiver.
    unsigned signal_offer_burst = 10;
    unsigned signal_candidate_burst = 100;

    // --- messaging attachments
    Millis attachment_link_ttl = std::chrono::minutes(5);       // a signed link to a file opens it for this long
    Millis attachment_upload_timeout = std::chrono::minutes(10);  // an upload with no new piece for this long is deleted

    // --- CPU
    unsigned max_concurrent_hashes = 0;  // Argon2id at once (19 MiB each), on a pool of their own threads
                                         // at lower priority (nice +5); 0 = hardware threads
    unsigned worker_threads = 0;         // dispatcher pool; 0 = 4 x hardware threads, at least 8
    unsigned scan_threads = 0;           // Work::scan requests and decoding of big frames; 0 = half
                                         // the hardware threads, at least 1

    // --- start-up
    bool seed_demo = true;  // create the demo accounts when missing and log their credentials

    // Resolved values of the "0 = automatic" settings.
    unsigned effective_hashes() const;
    unsigned effective_workers() const;
    unsigned effective_scan_threads() const;
};

// [Command line] ------------------------------------------------------------------------------------
// What the process should do after parsing: run with a config, or print text and exit with a code
// (0 for --help / --version, 2 for a bad command line).
struct ExitRequest {
    int code = 0;
    std::string text;
};
std::variant<ServerConfig, ExitRequest> parse_command_line(const std::vector<std::string>& args);
std::string help_text();

// [Value parsers] -----------------------------------------------------------------------------------
// "500ms", "30s", "15m", "12h"; a bare number is seconds. Errors: nullopt-like via success flag.
bool parse_duration(std::string_view text, Millis& out);
// "65536", "64KiB", "1MiB" (also k/K/KB, m/M/MB as binary multiples).
bool parse_size(std::string_view text, std::size_t& out);
std::string format_duration(Millis d);

}  // namespace server
