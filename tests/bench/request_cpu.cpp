// Server CPU per signed-in request: N connections each send `me` R times a second (open loop: at fixed,
// evenly spread times, never waiting for the previous answer) to a telemed-server pinned to one core;
// the server's CPU comes from /proc/<pid>/stat over the measured window. Beside it, in the same run and
// with the same load generator, a Socket.IO (Node.js) server answering the same load with an
// acknowledgement (tests/bench/socketio/server.mjs), and the floor: a bare epoll WebSocket server that
// answers each request with a reply of the same size and does nothing else (floor_server.h; what the
// kernel and the system calls cost per request on this machine). Prints figures; asserts nothing.
//
//   bench_request_cpu [--connections 1000] [--rate 20] [--seconds 10] [--warmup 1] [--sessions 10]
//                     [--server PATH] [--socketio DIR | --no-socketio] [--no-floor] [--perf FILE [--perf-dwarf]]
//                     [--drain 30] [--server-core 0] [--client-core 1] [--nice N] [-- telemed-server flags…]
//
// What it does, per server:
//   1. starts it with `taskset -c <server-core>` on a free port with a fresh data dir (telemed-server:
//      --log-level info: nothing per request; the port is read from its "listening" line, so extra flags
//      must not raise the level), the demo accounts seeded, and pins itself to <client-core>;
//   2. opens the connections (at most 128 handshakes at a time): telemed: `hello`, then the first
//      `--sessions` connections `sign_in` as the demo patient (one Argon2id hash each, ~50 ms) and every
//      other connection `resume_session`s one of those tokens; Socket.IO: the Engine.IO v4 open packet,
//      `40` -> `40{…}`;
//   3. sends for warmup + seconds: connection i at t0 + i/(N·R) + k/R, k = 0, 1, …; telemed
//      `{"id":n,"type":"me","data":{}}`, Socket.IO `42n["me",{}]` (acknowledged by `43n[…]`); Engine.IO
//      pings (`2`) are answered (`3`);
//   4. measures only the window after the warm-up: server CPU (utime+stime, all threads) and this
//      process's CPU at both ends; requests answered inside the window; latency (send -> reply) of every
//      request sent inside the window, including those answered after it (it waits up to --drain
//      seconds for them; the rest are reported as unanswered, never dropped silently).
//
// The load generator is one thread on one core (Boost.Asio, no JSON DOM per reply). It reports its own
// CPU use (per request: sending one and reading its answer) and how late it sent against the schedule
// ("send lag"): when it is near 100 % of its core or the lag grows, the figures are the generator's, not
// the server's. It also reports how much of each core other processes took during the window (from
// /proc/stat): on a shared machine the server then gets less than its core and the figures are rough.
// `--nice -10` (root) runs the benchmark and the servers at a higher priority; whether that wins the core
// back depends on how the machine groups processes (on the shared build machine it did not).
// `--perf FILE` records the telemed-server with `perf record -g` during the window and prints the top of
// the profile (figures of such a run include perf's overhead); add --perf-dwarf for DWARF call graphs,
// which a release build needs for the inclusive time per function (it has no frame pointers).
//
// Sockets: the generator holds N sockets and each server N more; the open-file limit (raised to its hard
// limit here) must exceed N + 100. The server accepts with the system's listen backlog
// (net.core.somaxconn, 4096 here) and has no connection cap.

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <nlohmann/json.hpp>

#include <csignal>
#include <fcntl.h>
#include <sched.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "floor_server.h"
#include "reply_scan.h"
#include "perf_profile.h"

namespace {

namespace fs = std::filesystem;
namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

Clock::duration seconds(double s) {
    return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s));
}

constexpr const char* kDemoEmail = "patient@demo.telemed.test";  // src/core/seed/demo_accounts.cpp
constexpr const char* kDemoPassword = "Telemed-Demo-2026";

// ---------------------------------------------------------------------------------------------------
// [SECTION] Options
struct Options {
    int connections = 1000;
    double rate = 20;  // requests per second per connection
    double seconds = 10;
    double warmup = 1;
    double drain = 30;  // seconds to wait after the last send for answers to the window's requests
    int sessions = 10;  // sign-ins; the other connections resume one of these sessions
    std::string server;
    std::string socketio_dir;
    std::string node = "node";
    std::string perf_file;
    bool perf_dwarf = false;
    int server_core = 0;
    int client_core = 1;
    int nice = 0;  // --nice: scheduling priority of this process and the servers (they inherit it)
    std::vector<std::string> server_args;
};

// ---------------------------------------------------------------------------------------------------
// [SECTION] Processes and CPU time

// Busy time of one CPU (everything but idle and iowait), in seconds, from its line in /proc/stat. Minus
// the server's own CPU time it says how much of the server's core other processes took in the window
// (on a shared machine: then the server's utilisation stays under 100 % although it has a backlog).
double core_busy_seconds(int core) {
    std::ifstream in("/proc/stat");
    const std::string name = "cpu" + std::to_string(core);
    for (std::string line; std::getline(in, line);) {
        std::istringstream fields(line);
        std::string label;
        fields >> label;
        if (label != name) continue;
        unsigned long long v[8] = {};
        for (auto& x : v) fields >> x;  // user nice system idle iowait irq softirq steal
        const unsigned long long busy = v[0] + v[1] + v[2] + v[5] + v[6] + v[7];
        return static_cast<double>(busy) / static_cast<double>(sysconf(_SC_CLK_TCK));
    }
    return 0;
}

void pin_self(int core) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(core, &set);
    if (sched_setaffinity(0, sizeof set, &set) != 0) std::perror("sched_setaffinity");
}

// A server under test: `taskset -c CORE program args…` (taskset execs the program, so the pid is the
// server's), output to a log file, the port read from its `"msg":"listening", … "port":N` line.
class ServerUnderTest {
public:
    ServerUnderTest(const std::string& name, int core, std::vector<std::string> command, const fs::path& dir)
        : name_(name), log_path_((dir / (name + ".log")).string()) {
        std::vector<std::string> args = {"taskset", "-c", std::to_string(core)};
        args.insert(args.end(), command.begin(), command.end());
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
        posix_spawn_file_actions_addopen(&actions, 1, log_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        posix_spawn_file_actions_adddup2(&actions, 1, 2);
        const int rc = posix_spawnp(&pid_, "taskset", &actions, nullptr, argv.data(), environ);
        posix_spawn_file_actions_destroy(&actions);
        if (rc != 0) throw std::runtime_error("cannot run taskset (util-linux) for " + name);

        try {
            wait_for_port();
        } catch (...) {
            stop();  // the destructor does not run after a throwing constructor
            throw;
        }
    }
    ~ServerUnderTest() { stop(); }
    ServerUnderTest(const ServerUnderTest&) = delete;
    ServerUnderTest& operator=(const ServerUnderTest&) = delete;

    pid_t pid() const { return pid_; }
    std::uint16_t port() const { return port_; }
    std::string log() const {
        std::ifstream in(log_path_);
        return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    }
    // SIGTERM, then SIGKILL after 10 s.
    void stop() {
        if (pid_ <= 0) return;
        kill(pid_, SIGTERM);
        int status = 0;
        bool exited = false;
        for (int i = 0; i < 1000 && !exited; ++i) {
            exited = waitpid(pid_, &status, WNOHANG) == pid_;
            if (!exited) std::this_thread::sleep_for(10ms);
        }
        if (!exited) {
            kill(pid_, SIGKILL);
            waitpid(pid_, &status, 0);
        }
        pid_ = -1;
    }

private:
    void wait_for_port() {
        const std::regex listening(R"re("msg":"listening".*"port":(\d+))re");
        const auto deadline = Clock::now() + 30s;
        while (port_ == 0) {
            const std::string text = log();
            std::smatch m;
            if (std::regex_search(text, m, listening)) {
                port_ = static_cast<std::uint16_t>(std::stoi(m[1]));
                return;
            }
            int status = 0;
            if (waitpid(pid_, &status, WNOHANG) == pid_) {
                pid_ = -1;
                throw std::runtime_error(name_ + " exited at start:\n" + text);
            }
            if (Clock::now() > deadline) throw std::runtime_error(name_ + " did not start within 30 s:\n" + text);
            std::this_thread::sleep_for(20ms);
        }
    }

    std::string name_, log_path_;
    pid_t pid_ = -1;
    std::uint16_t port_ = 0;
};

// ---------------------------------------------------------------------------------------------------
// [SECTION] Wire dialects

enum class Dialect { telemed, socketio };

using bench::Reply;
using bench::scan_telemed;

// ---------------------------------------------------------------------------------------------------
// [SECTION] Figures

double percentile(std::vector<float>& v, double p) {  // nearest rank; sorts v
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

struct Figures {
    std::string name;
    bool ran = false;
    std::string skipped;  // why it did not run
    double offered_per_s = 0;
    double window_s = 0;
    std::int64_t answered_in_window = 0;
    double server_cpu_s = 0, generator_cpu_s = 0;
    double server_core_others_s = 0, generator_core_others_s = 0;  // CPU other processes took on each core
    std::int64_t window_sent = 0, window_answered = 0, errors = 0, lost_connections = 0, unexpected = 0;
    double p50 = 0, p95 = 0, p99 = 0, max = 0;  // ms
    double lag_p99 = 0, lag_max = 0;            // ms
    double setup_s = 0;
    std::int64_t replies = 0, reply_bytes = 0;  // every answered request; payload bytes, no frame header
    std::string first_error;

    double mean_reply_bytes() const {
        return replies > 0 ? static_cast<double>(reply_bytes) / static_cast<double>(replies) : 0;
    }

    double answered_per_s() const { return window_s > 0 ? static_cast<double>(answered_in_window) / window_s : 0; }
    double us_per_request() const {
        return answered_in_window > 0 ? 1e6 * server_cpu_s / static_cast<double>(answered_in_window) : 0;
    }
};

// ---------------------------------------------------------------------------------------------------
// [SECTION] Load generator: one io_context on this thread, N WebSocket connections

class LoadGenerator {
public:
    LoadGenerator(const Options& o, Dialect dialect, std::uint16_t port, pid_t server_pid)
        : o_(o),
          dialect_(dialect),
          port_(port),
          server_pid_(server_pid),
          endpoint_(net::ip::make_address("127.0.0.1"), port),
          tick_timer_(ioc_), window_timer_(ioc_), guard_timer_(ioc_) {}

    Figures run() {
        const auto setup_started = Clock::now();
        for (int i = 0; i < o_.connections; ++i) conns_.push_back(std::make_unique<Conn>(ioc_, static_cast<size_t>(i)));
        phase_end_ = dialect_ == Dialect::telemed ? static_cast<size_t>(std::clamp(o_.sessions, 1, o_.connections))
                                                  : conns_.size();
        connect_more();
        guard_timer_.expires_after(std::chrono::seconds(120));
        guard_timer_.async_wait([this](beast::error_code ec) {
            if (!ec && !loading_)
                throw std::runtime_error("setup did not finish within 120 s: " + std::to_string(ready_) + " of " +
                                         std::to_string(conns_.size()) + " connections ready");
        });
        ioc_.run();
        f_.setup_s = std::chrono::duration<double>(load_started_ - setup_started).count();
        f_.p50 = percentile(latencies_, 0.50);
        f_.p95 = percentile(latencies_, 0.95);
        f_.p99 = percentile(latencies_, 0.99);
        f_.max = latencies_.empty() ? 0 : latencies_.back();
        f_.lag_p99 = percentile(lags_, 0.99);
        f_.lag_max = lags_.empty() ? 0 : lags_.back();
        f_.offered_per_s = o_.connections * o_.rate;
        f_.ran = true;
        return f_;
    }

private:
    static constexpr std::int64_t kFirstRequestId = 3;  // telemed: 1 hello, 2 sign_in / resume_session
    static constexpr size_t kMaxConnecting = 128;
    static constexpr auto kTick = 250us;  // the sender wakes at most this often and sends what is due

    enum class Step { connecting, hello, auth, sio_open, sio_connect, ready, closed };

    struct Conn {
        Conn(net::io_context& ioc, size_t i) : ws(ioc), index(i) {}
        websocket::stream<tcp::socket> ws;
        size_t index;
        Step step = Step::connecting;
        beast::flat_buffer in;
        std::deque<std::string> out;
        bool writing = false;
        std::vector<Clock::time_point> sent_at;  // by request number
    };

    // --- setup
    void connect_more() {
        while (next_connect_ < phase_end_ && connecting_ < kMaxConnecting) {
            Conn& c = *conns_[next_connect_++];
            ++connecting_;
            c.ws.next_layer().async_connect(endpoint_, [this, &c](beast::error_code ec) { on_connect(c, ec); });
        }
    }

    void on_connect(Conn& c, beast::error_code ec) {
        if (ec) throw std::runtime_error("connect: " + ec.message());
        c.ws.next_layer().set_option(tcp::no_delay(true));
        c.ws.secure_prng(false);  // masking keys need not be secret here
        c.ws.auto_fragment(false);
        c.ws.read_message_max(1 << 20);
        c.ws.text(true);
        const char* target = dialect_ == Dialect::telemed ? "/ws" : "/socket.io/?EIO=4&transport=websocket";
        c.ws.async_handshake("127.0.0.1:" + std::to_string(port_), target,
                             [this, &c](beast::error_code ec2) { on_handshake(c, ec2); });
    }

    void on_handshake(Conn& c, beast::error_code ec) {
        if (ec) throw std::runtime_error("WebSocket handshake: " + ec.message());
        do_read(c);
        if (dialect_ == Dialect::telemed) {
            c.step = Step::hello;
            send(c, R"({"id":1,"type":"hello","data":{"protocol":1,"client":"bench_request_cpu"}})");
        } else {
            c.step = Step::sio_open;  // the server speaks first: 0{"sid":…}
        }
    }

    void on_ready(Conn& c) {
        c.step = Step::ready;
        c.sent_at.reserve(static_cast<size_t>(o_.rate * (o_.warmup + o_.seconds)) + 8);
        --connecting_;
        ++ready_;
        if (ready_ == phase_end_ && phase_end_ < conns_.size()) phase_end_ = conns_.size();  // sign-ins done: resume
        if (ready_ == conns_.size()) start_load();
        else connect_more();
    }

    // The first --sessions connections sign in; the others resume one of their sessions.
    bool signs_in(const Conn& c) const { return c.index < static_cast<size_t>(o_.sessions); }

    [[noreturn]] static void setup_failed(const char* what, std::string_view frame) {
        throw std::runtime_error(std::string(what) + " failed: " + std::string(frame.substr(0, 300)));
    }

    // --- reading and writing
    void do_read(Conn& c) {
        c.ws.async_read(c.in, [this, &c](beast::error_code ec, size_t) { on_read(c, ec); });
    }

    void on_read(Conn& c, beast::error_code ec) {
        if (ec) {
            if (stopping_) return;
            if (!loading_) throw std::runtime_error("connection lost during setup: " + ec.message());
            if (c.step != Step::closed) ++f_.lost_connections;
            c.step = Step::closed;
            if (f_.first_error.empty()) f_.first_error = "connection lost: " + ec.message();
            return;
        }
        const auto data = c.in.cdata();
        on_message(c, std::string_view(static_cast<const char*>(data.data()), data.size()));
        c.in.consume(c.in.size());
        do_read(c);
    }

    void send(Conn& c, std::string frame) {
        c.out.push_back(std::move(frame));
        if (!c.writing) do_write(c);
    }

    void do_write(Conn& c) {
        c.writing = true;
        c.ws.async_write(net::buffer(c.out.front()), [this, &c](beast::error_code ec, size_t) {
            c.writing = false;
            c.out.pop_front();
            if (ec) {
                if (!stopping_ && loading_ && c.step != Step::closed) {
                    ++f_.lost_connections;
                    c.step = Step::closed;
                }
                if (!stopping_ && !loading_) throw std::runtime_error("write failed during setup: " + ec.message());
                return;
            }
            if (!c.out.empty()) do_write(c);
        });
    }

    void on_message(Conn& c, std::string_view s) {
        if (dialect_ == Dialect::telemed) {
            const Reply r = scan_telemed(s);
            if (r.id < 0) return;  // an event
            switch (c.step) {
                case Step::hello:
                    if (!r.ok) setup_failed("hello", s);
                    c.step = Step::auth;
                    if (signs_in(c))
                        send(c, nlohmann::json{{"id", 2}, {"type", "sign_in"},
                                               {"data", {{"email", kDemoEmail}, {"password", kDemoPassword}}}}.dump());
                    else
                        send(c, nlohmann::json{{"id", 2}, {"type", "resume_session"},
                                               {"data", {{"token", tokens_[c.index % tokens_.size()]}}}}.dump());
                    return;
                case Step::auth:
                    if (!r.ok) setup_failed(signs_in(c) ? "sign_in" : "resume_session", s);
                    if (signs_in(c)) tokens_.push_back(nlohmann::json::parse(s)["data"]["token"].get<std::string>());
                    on_ready(c);
                    return;
                case Step::ready: answered(c, r.id - kFirstRequestId, r.ok, s); return;
                default: return;
            }
        }
        // Socket.IO v5 over Engine.IO v4: "0{…}" open, "2" ping, "40{…}" namespace connected, "43<id>[…]" ack.
        if (s == "2") return send(c, "3");
        if (c.step == Step::sio_open) {
            if (s.empty() || s[0] != '0') setup_failed("Engine.IO open", s);
            c.step = Step::sio_connect;
            return send(c, "40");
        }
        if (c.step == Step::sio_connect) {
            if (s.substr(0, 2) != "40") setup_failed("Socket.IO connect", s);
            return on_ready(c);
        }
        if (c.step == Step::ready && s.substr(0, 2) == "43") {
            std::int64_t id = -1;
            std::from_chars(s.data() + 2, s.data() + s.size(), id);
            return answered(c, id, true, s);
        }
        if (s.substr(0, 2) == "41" || s.substr(0, 2) == "44") {  // disconnected / connect error
            ++f_.errors;
            if (f_.first_error.empty()) f_.first_error = std::string(s.substr(0, 300));
        }
    }

    // --- the load
    Clock::time_point slot_time(std::int64_t slot) const {
        return load_started_ + seconds(static_cast<double>(slot) / (o_.rate * o_.connections));
    }

    void start_load() {
        loading_ = true;
        guard_timer_.cancel();
        load_started_ = Clock::now() + 20ms;
        total_slots_ = static_cast<std::int64_t>(o_.rate * o_.connections * (o_.warmup + o_.seconds));
        lags_.reserve(static_cast<size_t>(total_slots_));
        latencies_.reserve(static_cast<size_t>(o_.rate * o_.connections * o_.seconds) + 1);
        window_timer_.expires_at(load_started_ + seconds(o_.warmup));
        window_timer_.async_wait([this](beast::error_code ec) {
            if (!ec) open_window();
        });
        tick_timer_.expires_at(load_started_);
        tick_timer_.async_wait([this](beast::error_code ec) {
            if (!ec) tick();
        });
    }

    void open_window() {
        if (!o_.perf_file.empty() && dialect_ == Dialect::telemed) {
            perf_.emplace(o_.perf_file, o_.perf_dwarf);
            if (!perf_->start(server_pid_)) perf_.reset();
        }
        server_cpu0_ = bench::process_cpu_seconds(server_pid_);
        self_cpu0_ = bench::process_cpu_seconds(0);
        server_core0_ = core_busy_seconds(o_.server_core);
        client_core0_ = core_busy_seconds(o_.client_core);
        window_start_ = Clock::now();
        window_timer_.expires_at(window_start_ + seconds(o_.seconds));
        window_timer_.async_wait([this](beast::error_code ec) {
            if (!ec) close_window();
        });
    }

    void close_window() {
        const auto now = Clock::now();
        f_.server_cpu_s = bench::process_cpu_seconds(server_pid_) - server_cpu0_;
        f_.generator_cpu_s = bench::process_cpu_seconds(0) - self_cpu0_;
        f_.server_core_others_s = core_busy_seconds(o_.server_core) - server_core0_ - f_.server_cpu_s;
        f_.generator_core_others_s = core_busy_seconds(o_.client_core) - client_core0_ - f_.generator_cpu_s;
        window_end_ = now;
        f_.window_s = std::chrono::duration<double>(now - window_start_).count();
        if (perf_) perf_->interrupt();  // perf writes its file while the answers drain; waited for at the end
    }

    bool in_window(Clock::time_point t) const { return t >= window_start_ && (!window_end_ || t < *window_end_); }

    void tick() {
        const auto now = Clock::now();
        const size_t n = conns_.size();
        for (; next_slot_ < total_slots_; ++next_slot_) {
            const auto at = slot_time(next_slot_);
            if (at > now) break;
            lags_.push_back(std::chrono::duration<float, std::milli>(now - at).count());
            Conn& c = *conns_[static_cast<size_t>(next_slot_) % n];
            if (c.step != Step::ready) continue;
            const std::int64_t number = static_cast<std::int64_t>(c.sent_at.size());
            c.sent_at.push_back(now);
            ++sent_;
            if (in_window(now)) ++f_.window_sent;
            char frame[96];
            const int len = dialect_ == Dialect::telemed
                                ? std::snprintf(frame, sizeof frame, R"({"id":%lld,"type":"me","data":{}})",
                                                static_cast<long long>(number + kFirstRequestId))
                                : std::snprintf(frame, sizeof frame, R"(42%lld["me",{}])",
                                                static_cast<long long>(number));
            send(c, std::string(frame, static_cast<size_t>(len)));
        }
        if (next_slot_ < total_slots_) {
            tick_timer_.expires_at(std::max(slot_time(next_slot_), now + kTick));
            tick_timer_.async_wait([this](beast::error_code ec) {
                if (!ec) tick();
            });
        } else {
            last_send_ = now;
            wait_for_answers();
        }
    }

    void answered(Conn& c, std::int64_t number, bool ok, std::string_view s) {
        const auto now = Clock::now();
        if (number < 0 || number >= static_cast<std::int64_t>(c.sent_at.size())) {
            ++f_.unexpected;
            return;
        }
        ++answered_;
        f_.reply_bytes += static_cast<std::int64_t>(s.size());
        ++f_.replies;
        if (in_window(now)) ++f_.answered_in_window;
        const auto sent = c.sent_at[static_cast<size_t>(number)];
        if (in_window(sent)) {
            ++f_.window_answered;
            latencies_.push_back(std::chrono::duration<float, std::milli>(now - sent).count());
        }
        if (!ok) {
            ++f_.errors;
            if (f_.first_error.empty()) f_.first_error = std::string(s.substr(0, 300));
        }
    }

    // After the last send: wait until every request is answered, or --drain seconds, then close all.
    void wait_for_answers() {
        const bool all = answered_ >= sent_ - lost_requests();
        const bool timed_out = Clock::now() - last_send_ > std::chrono::duration<double>(o_.drain);
        if ((all && window_end_) || timed_out) return finish();
        tick_timer_.expires_after(20ms);
        tick_timer_.async_wait([this](beast::error_code ec) {
            if (!ec) wait_for_answers();
        });
    }

    // Requests on connections that died will never be answered; do not wait for them.
    std::int64_t lost_requests() const {
        if (f_.lost_connections == 0) return 0;
        std::int64_t lost = 0;
        for (const auto& c : conns_)
            if (c->step == Step::closed) lost += static_cast<std::int64_t>(c->sent_at.size());
        return lost;
    }

    void finish() {
        stopping_ = true;
        tick_timer_.cancel();
        window_timer_.cancel();
        guard_timer_.cancel();
        for (auto& c : conns_) {
            beast::error_code ignored;
            c->ws.next_layer().shutdown(tcp::socket::shutdown_both, ignored);
            c->ws.next_layer().close(ignored);
        }
    }

    const Options& o_;
    Dialect dialect_;
    std::uint16_t port_;
    pid_t server_pid_;
    net::io_context ioc_{1};
    tcp::endpoint endpoint_;
    std::vector<std::unique_ptr<Conn>> conns_;
    net::steady_timer tick_timer_, window_timer_, guard_timer_;
    std::optional<bench::PerfRecording> perf_;

    size_t next_connect_ = 0, connecting_ = 0, ready_ = 0, phase_end_ = 0;
    std::vector<std::string> tokens_;
    bool loading_ = false, stopping_ = false;
    Clock::time_point load_started_, window_start_ = Clock::time_point::max(), last_send_;
    std::optional<Clock::time_point> window_end_;
    std::int64_t total_slots_ = 0, next_slot_ = 0, sent_ = 0, answered_ = 0;
    double server_cpu0_ = 0, self_cpu0_ = 0, server_core0_ = 0, client_core0_ = 0;
    std::vector<float> latencies_, lags_;
    Figures f_;
};

// ---------------------------------------------------------------------------------------------------
// [SECTION] The two runs

Figures run_one(const Options& o, Dialect dialect, const std::string& name, std::vector<std::string> command,
                const fs::path& dir) {
    std::printf("\n-- %s: %s\n", name.c_str(), command.front().c_str());
    std::fflush(stdout);
    ServerUnderTest server(name, o.server_core, std::move(command), dir);
    std::printf("   pid %d, port %u, pinned to core %d\n", server.pid(), server.port(), o.server_core);
    std::fflush(stdout);
    Figures f;
    try {
        LoadGenerator generator(o, dialect, server.port(), server.pid());
        f = generator.run();
    } catch (const std::exception& e) {
        std::string log = server.log();
        if (log.size() > 3000) log = "…" + log.substr(log.size() - 3000);
        throw std::runtime_error(name + ": " + e.what() + "\n" + name + " log (end):\n" + log);
    }
    f.name = name;
    std::printf("   %d connections ready in %.1f s; window %.2f s\n", o.connections, f.setup_s, f.window_s);
    if (!o.perf_file.empty() && dialect == Dialect::telemed)
        bench::PerfRecording(o.perf_file, o.perf_dwarf).print_report();
    std::fflush(stdout);
    server.stop();
    return f;
}

void print_table(const Options& o, const std::vector<Figures>& runs) {
    std::printf("\nload: %d connections x `me` %.0f/s = %.0f requests/s offered, open loop; "
                "window %.0f s after %.0f s warm-up\n",
                o.connections, o.rate, o.connections * o.rate, o.seconds, o.warmup);
    std::printf("server pinned to core %d, load generator to core %d (one thread)\n\n", o.server_core, o.client_core);
    std::printf("%-34s", "");
    for (const auto& r : runs) std::printf("%22s", r.name.c_str());
    std::printf("\n");
    const auto row = [&](const char* label, auto value) {
        std::printf("%-34s", label);
        for (const auto& r : runs) {
            if (!r.ran) {
                std::printf("%22s", "-");
                continue;
            }
            std::printf("%22s", value(r).c_str());
        }
        std::printf("\n");
    };
    const auto fmt = [](const char* f, double v) {
        char b[64];
        std::snprintf(b, sizeof b, f, v);
        return std::string(b);
    };
    row("requests answered /s", [&](const Figures& r) { return fmt("%.0f", r.answered_per_s()); });
    row("server CPU per request", [&](const Figures& r) { return fmt("%.1f us", r.us_per_request()); });
    row("server core utilisation", [&](const Figures& r) { return fmt("%.0f %%", 100 * r.server_cpu_s / r.window_s); });
    row("its core used by other processes",
        [&](const Figures& r) { return fmt("%.0f %%", std::max(0.0, 100 * r.server_core_others_s / r.window_s)); });
    row("latency p50", [&](const Figures& r) { return fmt("%.2f ms", r.p50); });
    row("latency p95", [&](const Figures& r) { return fmt("%.2f ms", r.p95); });
    row("latency p99", [&](const Figures& r) { return fmt("%.2f ms", r.p99); });
    row("latency max", [&](const Figures& r) { return fmt("%.2f ms", r.max); });
    row("sent in window / answered", [&](const Figures& r) {
        return std::to_string(r.window_sent) + " / " + std::to_string(r.window_answered);
    });
    row("error replies / lost connections", [&](const Figures& r) {
        return std::to_string(r.errors) + " / " + std::to_string(r.lost_connections);
    });
    row("reply size (payload, mean)", [&](const Figures& r) { return fmt("%.0f B", r.mean_reply_bytes()); });
    row("load generator CPU (its core)",
        [&](const Figures& r) { return fmt("%.0f %%", 100 * r.generator_cpu_s / r.window_s); });
    row("its core used by other processes",
        [&](const Figures& r) { return fmt("%.0f %%", std::max(0.0, 100 * r.generator_core_others_s / r.window_s)); });
    row("load generator CPU per request", [&](const Figures& r) {
        return fmt("%.1f us", r.window_sent > 0 ? 1e6 * r.generator_cpu_s / static_cast<double>(r.window_sent) : 0.0);
    });
    row("send lag p99 / max", [&](const Figures& r) {
        char b[64];
        std::snprintf(b, sizeof b, "%.2f / %.1f ms", r.lag_p99, r.lag_max);
        return std::string(b);
    });
    for (const auto& r : runs) {
        if (!r.ran) std::printf("%s: not run (%s)\n", r.name.c_str(), r.skipped.c_str());
        if (!r.first_error.empty()) std::printf("%s, first error: %s\n", r.name.c_str(), r.first_error.c_str());
        if (r.ran && r.window_sent > r.window_answered)
            std::printf("%s: %lld requests of the window were still unanswered %.0f s after the last send: "
                        "latency percentiles leave them out and are lower bounds\n",
                        r.name.c_str(), static_cast<long long>(r.window_sent - r.window_answered), o.drain);
        if (r.ran && r.generator_cpu_s / r.window_s > 0.85)
            std::printf("%s: the load generator used over 85 %% of its core: it may be the bottleneck\n",
                        r.name.c_str());
    }
    std::printf("\n");
    for (size_t i = 1; i < runs.size(); ++i)
        if (runs[0].ran && runs[i].ran && runs[i].us_per_request() > 0)
            std::printf("server CPU per request, %s / %s: %.2f\n", runs[0].name.c_str(), runs[i].name.c_str(),
                        runs[0].us_per_request() / runs[i].us_per_request());
}

std::string default_server(const char* argv0) {
    const fs::path here = fs::path(argv0).parent_path();
    const fs::path release = here / ".." / "native-release" / "telemed-server";
    if (fs::exists(release)) return release.lexically_normal().string();
    if (fs::exists(here / "telemed-server")) return (here / "telemed-server").string();
    return "build/native-release/telemed-server";
}

}  // namespace

int main(int argc, char** argv) {
    if (argc == 3 && std::string_view(argv[1]) == "--serve-floor")
        return bench::floor::Server(static_cast<size_t>(std::stoul(argv[2]))).run();
    Options o;
    o.server = default_server(argv[0]);
    o.socketio_dir = (fs::path(__FILE__).parent_path() / "socketio").string();
    bool socketio = true, floor = true;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const auto next = [&]() -> std::string {
            if (i + 1 >= argc) throw std::runtime_error(a + " needs a value");
            return argv[++i];
        };
        if (a == "--connections") o.connections = std::stoi(next());
        else if (a == "--rate") o.rate = std::stod(next());
        else if (a == "--seconds") o.seconds = std::stod(next());
        else if (a == "--warmup") o.warmup = std::stod(next());
        else if (a == "--drain") o.drain = std::stod(next());
        else if (a == "--sessions") o.sessions = std::stoi(next());
        else if (a == "--server") o.server = next();
        else if (a == "--socketio") o.socketio_dir = next();
        else if (a == "--no-socketio") socketio = false;
        else if (a == "--no-floor") floor = false;
        else if (a == "--node") o.node = next();
        else if (a == "--perf") o.perf_file = next();
        else if (a == "--perf-dwarf") o.perf_dwarf = true;
        else if (a == "--server-core") o.server_core = std::stoi(next());
        else if (a == "--client-core") o.client_core = std::stoi(next());
        else if (a == "--nice") o.nice = std::stoi(next());
        else if (a == "--") o.server_args.assign(argv + i + 1, argv + argc), i = argc;
        else
            return std::fprintf(stderr, "unknown option %s (see the top of tests/bench/request_cpu.cpp)\n", a.c_str()), 2;
    }
    if (o.connections < 1 || o.rate <= 0 || o.seconds <= 0 || o.sessions < 1)
        return std::fprintf(stderr, "--connections, --rate, --seconds and --sessions must be positive\n"), 2;

    // Sockets: this process holds one per connection; each server as many. Children inherit the limit.
    rlimit files{};
    getrlimit(RLIMIT_NOFILE, &files);
    files.rlim_cur = files.rlim_max;
    setrlimit(RLIMIT_NOFILE, &files);
    if (files.rlim_cur < static_cast<rlim_t>(o.connections) + 100)
        return std::fprintf(stderr, "the open-file limit (%llu) is too low for %d connections\n",
                            static_cast<unsigned long long>(files.rlim_cur), o.connections), 2;
    pin_self(o.client_core);
    if (o.nice != 0 && setpriority(PRIO_PROCESS, 0, o.nice) != 0) std::perror("setpriority (--nice)");

    char pattern[] = "/tmp/telemed-bench-request-cpu-XXXXXX";
    if (!mkdtemp(pattern)) return std::perror("mkdtemp"), 1;
    const fs::path dir = pattern;
    fs::create_directories(dir / "web");
    std::printf("request_cpu: scratch dir %s, open-file limit %llu\n", dir.c_str(),
                static_cast<unsigned long long>(files.rlim_cur));

    std::vector<Figures> runs;
    int status = 0;
    try {
        std::vector<std::string> telemed = {o.server, "--port", "0", "--data-dir", (dir / "data").string(),
                                            "--web-root", (dir / "web").string(), "--log-level", "info"};
        telemed.insert(telemed.end(), o.server_args.begin(), o.server_args.end());
        runs.push_back(run_one(o, Dialect::telemed, "telemed-server", telemed, dir));

        Figures sio;
        sio.name = "socket.io (node)";
        if (!socketio) {
            sio.skipped = "--no-socketio";
        } else if (!fs::exists(fs::path(o.socketio_dir) / "node_modules" / "socket.io" / "package.json")) {
            sio.skipped = "no " + o.socketio_dir + "/node_modules/socket.io: run `npm ci` there (tools/bench.sh does)";
        } else {
            Options so = o;
            so.perf_file.clear();
            sio = run_one(so, Dialect::socketio, "socket.io (node)",
                          {o.node, (fs::path(o.socketio_dir) / "server.mjs").string(), "--port", "0"}, dir);
        }
        runs.push_back(sio);

        if (floor) {
            Options fo = o;
            fo.perf_file.clear();
            const auto reply = static_cast<long>(runs[0].mean_reply_bytes());
            runs.push_back(run_one(fo, Dialect::telemed, "floor (epoll, no work)",
                                   {fs::canonical("/proc/self/exe").string(), "--serve-floor", std::to_string(reply)}, dir));
        }
        print_table(o, runs);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "request_cpu: %s\n", e.what());
        status = 1;
    }
    std::error_code ignored;
    fs::remove_all(dir, ignored);
    return status;
}
