#include "config.h"

#include "version.h"

#include <algorithm>
#include <charconv>
#include <functional>
#include <limits>
#include <sstream>
#include <thread>

namespace server {

std::string_view to_string(LogLevel level) {
    switch (level) {
        case LogLevel::debug: return "debug";
        case LogLevel::info: return "info";
        case LogLevel::warn: return "warn";
        case LogLevel::error: return "error";
    }
    return "info";
}

static unsigned hardware_threads() { return std::max(1u, std::thread::hardware_concurrency()); }
unsigned ServerConfig::effective_hashes() const {
    return max_concurrent_hashes ? max_concurrent_hashes : hardware_threads();
}
// Requests mostly wait for the store, and those waiting together share one COMMIT (group commit in
// SqliteStore): more workers than cores let a batch form. Password hashes are capped separately.
unsigned ServerConfig::effective_workers() const {
    return worker_threads ? worker_threads : std::max(8u, 4 * hardware_threads());
}

// Few on purpose: each one may hold the store for a long read, and everyone else's writes queue
// behind the ones running. Half the cores leaves the rest to the I/O thread and the workers.
unsigned ServerConfig::effective_scan_threads() const {
    return scan_threads ? scan_threads : std::max(1u, hardware_threads() / 2);
}

// --- value parsers ---------------------------------------------------------------------------------
static bool parse_u64(std::string_view text, std::uint64_t& out) {
    if (text.empty()) return false;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc{} && end == text.data() + text.size();
}

// Splits "30s" into 30 and "s".
static bool split_number(std::string_view text, std::uint64_t& number, std::string_view& unit) {
    const auto digits_end = std::find_if(text.begin(), text.end(), [](char c) { return c < '0' || c > '9'; });
    const size_t n = static_cast<size_t>(digits_end - text.begin());
    unit = text.substr(n);
    return parse_u64(text.substr(0, n), number);
}

bool parse_duration(std::string_view text, Millis& out) {
    std::uint64_t n = 0;
    std::string_view unit;
    if (!split_number(text, n, unit)) return false;
    std::uint64_t ms_per = 0;
    if (unit == "ms") ms_per = 1;
    else if (unit == "s" || unit.empty()) ms_per = 1000;
    else if (unit == "m" || unit == "min") ms_per = 60'000;
    else if (unit == "h") ms_per = 3'600'000;
    else return false;
    if (n > std::numeric_limits<std::int64_t>::max() / ms_per / 2) return false;
    out = Millis(static_cast<std::int64_t>(n * ms_per));
    return true;
}

bool parse_size(std::string_view text, std::size_t& out) {
    std::uint64_t n = 0;
    std::string_view unit;
    if (!split_number(text, n, unit)) return false;
    std::uint64_t mult = 0;
    if (unit.empty() || unit == "B") mult = 1;
    else if (unit == "k" || unit == "K" || unit == "KB" || unit == "KiB") mult = 1024;
    else if (unit == "m" || unit == "M" || unit == "MB" || unit == "MiB") mult = 1024 * 1024;
    else return false;
    if (n > std::numeric_limits<std::uint32_t>::max() / mult) return false;  // 4 GiB is plenty
    out = static_cast<std::size_t>(n * mult);
    return true;
}

std::string format_duration(Millis d) {
    const auto ms = d.count();
    if (ms % 3'600'000 == 0 && ms != 0) return std::to_string(ms / 3'600'000) + "h";
    if (ms % 60'000 == 0 && ms != 0) return std::to_string(ms / 60'000) + "m";
    if (ms % 1000 == 0) return std::to_string(ms / 1000) + "s";
    return std::to_string(ms) + "ms";
}

static std::string format_size(std::size_t n) {
    if (n % (1024 * 1024) == 0 && n != 0) return std::to_string(n / (1024 * 1024)) + "MiB";
    if (n % 1024 == 0 && n != 0) return std::to_string(n / 1024) + "KiB";
    return std::to_string(n);
}

// --- the option table ------------------------------------------------------------------------------
namespace {

// A setter returns an error text, empty on success.
using Setter = std::function<std::string(ServerConfig&, std::string_view)>;

struct Option {
    const char* name;         // without the leading "--"
    const char* value_name;   // empty for flags
    const char* help;
    std::function<std::string(const ServerConfig&)> show_default;
    Setter set;
};

Setter duration_setter(Millis ServerConfig::*field, Millis min) {
    return [field, min](ServerConfig& c, std::string_view v) -> std::string {
        Millis d{};
        if (!parse_duration(v, d)) return "expects a duration like 500ms, 30s, 15m or 12h";
        if (d < min) return "must be at least " + format_duration(min);
        c.*field = d;
        return {};
    };
}

Setter size_setter(std::size_t ServerConfig::*field, std::size_t min) {
    return [field, min](ServerConfig& c, std::string_view v) -> std::string {
        std::size_t n = 0;
        if (!parse_size(v, n)) return "expects a size like 65536, 64KiB or 1MiB";
        if (n < min) return "must be at least " + std::to_string(min);
        c.*field = n;
        return {};
    };
}

template <typename Int>
Setter count_setter(Int ServerConfig::*field, std::uint64_t min, std::uint64_t max) {
    return [field, min, max](ServerConfig& c, std::string_view v) -> std::string {
        std::uint64_t n = 0;
        if (!parse_u64(v, n) || n < min || n > max)
            return "expects a whole number from " + std::to_string(min) + " to " + std::to_string(max);
        c.*field = static_cast<Int>(n);
        return {};
    };
}

std::string show_count(unsigned n, const char* zero_means) {
    return n == 0 ? std::string("0 (") + zero_means + ")" : std::to_string(n);
}

const std::vector<Option>& options() {
    using C = ServerConfig;
    static const std::vector<Option> table = {
        {"port", "N", "TCP port to listen on (0 picks a free one)",
         [](const C& c) { return std::to_string(c.port); }, count_setter(&C::port, 0, 65535)},
        {"bind", "ADDRESS", "IP address to listen on",
         [](const C& c) { return c.bind_address; },
         [](C& c, std::string_view v) -> std::string {
             if (v.empty()) return "expects an IP address";
             c.bind_address = v;
             return {};
         }},
        {"data-dir", "PATH", "directory of the SQLite database (created if missing)",
         [](const C& c) { return c.data_dir; },
         [](C& c, std::string_view v) -> std::string {
             if (v.empty()) return "expects a path";
             c.data_dir = v;
             return {};
         }},
        {"web-root", "PATH", "directory of the web client files served over HTTP",
         [](const C& c) { return c.web_root; },
         [](C& c, std::string_view v) -> std::string {
             if (v.empty()) return "expects a path";
             c.web_root = v;
             return {};
         }},
        {"allow-origin", "ORIGIN",
         "extra Origin allowed to open /ws, e.g. https://app.example.org (repeatable; same-origin "
         "pages and clients without Origin are always allowed)",
         [](const C&) { return std::string("none"); },
         [](C& c, std::string_view v) -> std::string {
             if (v.find("://") == std::string_view::npos) return "expects scheme://host[:port]";
             c.allowed_origins.emplace_back(v);
             return {};
         }},
        {"log-level", "LEVEL", "debug, info, warn or error",
         [](const C& c) { return std::string(to_string(c.log_level)); },
         [](C& c, std::string_view v) -> std::string {
             for (auto l : {LogLevel::debug, LogLevel::info, LogLevel::warn, LogLevel::error})
                 if (to_string(l) == v) {
                     c.log_level = l;
                     return {};
                 }
             return "expects debug, info, warn or error";
         }},
        {"session-idle-timeout", "DURATION", "a session unused this long ends",
         [](const C& c) { return format_duration(c.session_idle_timeout); },
         duration_setter(&C::session_idle_timeout, Millis(1000))},
        {"session-absolute-timeout", "DURATION", "a session ends this long after sign-in, used or not",
         [](const C& c) { return format_duration(c.session_absolute_timeout); },
         duration_setter(&C::session_absolute_timeout, Millis(1000))},
        {"session-sweep-interval", "DURATION", "how often ended sessions are looked for and signed out",
         [](const C& c) { return format_duration(c.session_sweep_interval); },
         duration_setter(&C::session_sweep_interval, Millis(100))},
        {"timer-interval", "DURATION",
         "how often the clinic's timers (request expiry, reminders) and the calls' timers (reconnect grace, "
         "ending empty rooms) run",
         [](const C& c) { return format_duration(c.timer_interval); },
         duration_setter(&C::timer_interval, Millis(100))},
        {"call-reconnect-grace", "DURATION",
         "a call member whose connection dropped keeps their place this long (then they have left, and a "
         "room everybody left ends at the next timer run)",
         [](const C& c) { return format_duration(c.call_reconnect_grace); },
         duration_setter(&C::call_reconnect_grace, Millis(1000))},
        {"max-failed-sign-ins", "N", "failed sign-ins per account within the window before lockout",
         [](const C& c) { return std::to_string(c.max_failed_sign_ins); },
         count_setter(&C::max_failed_sign_ins, 1, 1000)},
        {"failed-sign-in-window", "DURATION", "the lockout window",
         [](const C& c) { return format_duration(c.failed_sign_in_window); },
         duration_setter(&C::failed_sign_in_window, Millis(1000))},
        {"auth-burst-per-connection", "N", "sign-in/sign-up/password attempts a connection may make at once",
         [](const C& c) { return std::to_string(c.auth_burst_per_connection); },
         count_setter(&C::auth_burst_per_connection, 1, 1'000'000)},
        {"auth-refill-per-connection", "DURATION", "one more attempt per connection every ...",
         [](const C& c) { return format_duration(c.auth_refill_per_connection); },
         duration_setter(&C::auth_refill_per_connection, Millis(1))},
        {"auth-burst-per-address", "N", "sign-in/sign-up/password attempts one remote address may make at once",
         [](const C& c) { return std::to_string(c.auth_burst_per_address); },
         count_setter(&C::auth_burst_per_address, 1, 1'000'000)},
        {"auth-refill-per-address", "DURATION", "one more attempt per remote address every ...",
         [](const C& c) { return format_duration(c.auth_refill_per_address); },
         duration_setter(&C::auth_refill_per_address, Millis(1))},
        {"max-queued-hashes", "N", "requests waiting for a password hash before the server answers overloaded",
         [](const C& c) { return std::to_string(c.max_queued_hashes); },
         count_setter(&C::max_queued_hashes, 1, 1'000'000)},
        {"scan-burst-per-connection", "N", "searches, history pages, slot lists and listings a connection may ask at once",
         [](const C& c) { return std::to_string(c.scan_burst_per_connection); },
         count_setter(&C::scan_burst_per_connection, 1, 1'000'000)},
        {"scan-refill-per-connection", "DURATION", "one more of them per connection every ...",
         [](const C& c) { return format_duration(c.scan_refill_per_connection); },
         duration_setter(&C::scan_refill_per_connection, Millis(1))},
        {"max-queued-scans", "N", "searches and listings waiting for the scan threads before the server answers overloaded",
         [](const C& c) { return std::to_string(c.max_queued_scans); },
         count_setter(&C::max_queued_scans, 1, 1'000'000)},
        {"max-message-bytes", "SIZE", "largest WebSocket message accepted (bigger: close 1009)",
         [](const C& c) { return format_size(c.max_message_bytes); },
         size_setter(&C::max_message_bytes, 1024)},
        {"write-queue-messages", "N", "messages waiting to be sent per connection before it is closed (1008)",
         [](const C& c) { return std::to_string(c.write_queue_messages); },
         count_setter(&C::write_queue_messages, 1, 1'000'000)},
        {"write-queue-bytes", "SIZE", "bytes waiting to be sent per connection before it is closed (1008)",
         [](const C& c) { return format_size(c.write_queue_bytes); },
         size_setter(&C::write_queue_bytes, 1024)},
        {"ws-idle-timeout", "DURATION", "a silent WebSocket is pinged at half of this and closed after it",
         [](const C& c) { return format_duration(c.ws_idle_timeout); },
         duration_setter(&C::ws_idle_timeout, Millis(1000))},
        {"call-idle-timeout", "DURATION",
         "the same for a connection in a call (the shorter of the two applies): a member who vanished "
         "silently is noticed within 1.25 x this, and their reconnect grace counts from when they were last heard",
         [](const C& c) { return format_duration(c.call_idle_timeout); },
         duration_setter(&C::call_idle_timeout, Millis(1000))},
        {"handshake-timeout", "DURATION", "time allowed for the HTTP request / WebSocket handshake",
         [](const C& c) { return format_duration(c.handshake_timeout); },
         duration_setter(&C::handshake_timeout, Millis(100))},
        {"http-timeout", "DURATION", "time allowed for one HTTP exchange on a kept-alive connection",
         [](const C& c) { return format_duration(c.http_timeout); },
         duration_setter(&C::http_timeout, Millis(100))},
        {"stun-url", "URL", "STUN server for calls, e.g. stun:turn.example.org:3478 (repeatable)",
         [](const C&) { return std::string("none"); },
         [](C& c, std::string_view v) -> std::string {
             if (v.substr(0, 5) != "stun:" && v.substr(0, 6) != "stuns:") return "expects stun:host[:port] or stuns:host[:port]";
             c.stun_urls.emplace_back(v);
             return {};
         }},
        {"turn-url", "URL",
         "TURN server for calls, e.g. turn:turn.example.org:3478?transport=udp (repeatable; needs --turn-secret)",
         [](const C&) { return std::string("none"); },
         [](C& c, std::string_view v) -> std::string {
             if (v.substr(0, 5) != "turn:" && v.substr(0, 6) != "turns:") return "expects turn:host[:port] or turns:host[:port]";
             c.turn_urls.emplace_back(v);
             return {};
         }},
        {"turn-secret", "SECRET", "coturn's static-auth-secret: signs time-limited TURN credentials",
         [](const C&) { return std::string("none"); },
         [](C& c, std::string_view v) -> std::string {
             if (v.empty()) return "expects a secret";
             c.turn_secret = v;
             return {};
         }},
        {"turn-ttl", "DURATION", "how long a TURN credential stays valid",
         [](const C& c) { return format_duration(c.turn_ttl); },
         duration_setter(&C::turn_ttl, Millis(60'000))},
        {"signal-offer-burst", "N", "offers/answers/restarts one call member may relay at once (then 1/s)",
         [](const C& c) { return std::to_string(c.signal_offer_burst); },
         count_setter(&C::signal_offer_burst, 1, 1'000'000)},
        {"signal-candidate-burst", "N", "ICE candidates one call member may relay at once (then 20/s)",
         [](const C& c) { return std::to_string(c.signal_candidate_burst); },
         count_setter(&C::signal_candidate_burst, 1, 1'000'000)},
        {"attachment-link-ttl", "DURATION", "how long a signed link to a message's file opens it",
         [](const C& c) { return format_duration(c.attachment_link_ttl); },
         duration_setter(&C::attachment_link_ttl, Millis(1'000))},
        {"attachment-upload-timeout", "DURATION", "an unfinished file upload with no new piece for this long is deleted",
         [](const C& c) { return format_duration(c.attachment_upload_timeout); },
         duration_setter(&C::attachment_upload_timeout, Millis(1'000))},
        {"max-concurrent-hashes", "N", "password hashes computed at once (each takes 19 MiB)",
         [](const C& c) { return show_count(c.max_concurrent_hashes, "hardware threads"); },
         count_setter(&C::max_concurrent_hashes, 0, 1024)},
        {"worker-threads", "N", "threads running requests (I/O runs on its own thread)",
         [](const C& c) { return show_count(c.worker_threads, "4 x hardware threads, at least 8"); },
         count_setter(&C::worker_threads, 0, 1024)},
        {"scan-threads", "N", "threads running searches, history pages, slot lists and listings, and decoding big frames",
         [](const C& c) { return show_count(c.scan_threads, "half the hardware threads, at least 1"); },
         count_setter(&C::scan_threads, 0, 1024)},
        {"seed-demo", "", "create the demo accounts if missing and log their passwords",
         [](const C& c) { return std::string(c.seed_demo ? "on" : "off"); },
         [](C& c, std::string_view) -> std::string {
             c.seed_demo = true;
             return {};
         }},
        {"no-seed-demo", "", "do not create demo accounts (production)",
         [](const C&) { return std::string("-"); },
         [](C& c, std::string_view) -> std::string {
             c.seed_demo = false;
             return {};
         }},
    };
    return table;
}

const Option* find_option(std::string_view name) {
    for (const auto& o : options())
        if (name == o.name) return &o;
    return nullptr;
}

ExitRequest usage_error(const std::string& what) {
    return {2, "telemed-server: " + what + "\nRun 'telemed-server --help' for the options.\n"};
}

}  // namespace

std::string help_text() {
    const ServerConfig defaults;
    std::ostringstream out;
    out << "Usage: telemed-server [OPTION]...\n"
           "Serves the telemedicine web client over HTTP and its API over a WebSocket at /ws.\n"
           "Durations: 500ms, 30s, 15m, 12h. Sizes: 65536, 64KiB, 1MiB. Both --opt VALUE and --opt=VALUE.\n\n";
    for (const auto& o : options()) {
        std::string left = std::string("  --") + o.name;
        if (*o.value_name) left += std::string(" ") + o.value_name;
        out << left;
        out << std::string(left.size() < 40 ? 40 - left.size() : 1, ' ');
        out << o.help << " [default: " << o.show_default(defaults) << "]\n";
    }
    out << "  -h, --help                            print this help and exit\n"
           "  --version                             print the version and exit\n";
    return out.str();
}

std::variant<ServerConfig, ExitRequest> parse_command_line(const std::vector<std::string>& args) {
    ServerConfig config;
    for (size_t i = 0; i < args.size(); ++i) {
        std::string_view arg = args[i];
        if (arg == "-h" || arg == "--help") return ExitRequest{0, help_text()};
        if (arg == "--version") return ExitRequest{0, "telemed-server " TELEMED_SERVER_VERSION "\n"};
        if (arg.substr(0, 2) != "--") return usage_error("unexpected argument '" + std::string(arg) + "'");
        arg.remove_prefix(2);
        std::string_view name = arg, value;
        bool has_inline_value = false;
        if (const auto eq = arg.find('='); eq != std::string_view::npos) {
            name = arg.substr(0, eq);
            value = arg.substr(eq + 1);
            has_inline_value = true;
        }
        const Option* option = find_option(name);
        if (!option) return usage_error("unknown option '--" + std::string(name) + "'");
        const bool takes_value = *option->value_name != '\0';
        if (takes_value && !has_inline_value) {
            if (i + 1 >= args.size()) return usage_error("--" + std::string(name) + " needs a value");
            value = args[++i];
        } else if (!takes_value && has_inline_value) {
            return usage_error("--" + std::string(name) + " takes no value");
        }
        if (auto problem = option->set(config, value); !problem.empty())
            return usage_error("--" + std::string(name) + " '" + std::string(value) + "': " + problem);
    }
    if (!config.turn_urls.empty() && config.turn_secret.empty())
        return usage_error("--turn-url needs --turn-secret (coturn's static-auth-secret)");
    if (config.session_absolute_timeout < config.session_idle_timeout)
        return usage_error("--session-absolute-timeout must not be shorter than --session-idle-timeout");
    return config;
}

}  // namespace server
