// Idle signed-in connections: how much memory the server keeps per connection that is open, signed in
// and doing nothing (a patient with the app open in a background tab), and whether one server holds
// 15,000 of them. Prints figures; asserts nothing.
//
//   bench_idle_connections [--connections 5000] [--processes 2] [--addresses 4] [--settle 3]
//                          [--server PATH] [-- server flags…]
//
// Setup writes one patient and one session per connection straight into a fresh database through the
// server's own SQLite store (15,000 Argon2id sign-ins would take minutes), then starts telemed-server on
// that data dir. The connections are opened by --processes child processes (this machine caps a process
// at 20,000 open files), each from its share of --addresses loopback source addresses (127.0.0.2, …), so
// neither side runs out of descriptors or ephemeral ports. Each connection says hello, resumes its
// session, and stays idle with a read armed (Beast answers the server's keep-alive pings).
//
// Figures: the server's resident memory (VmRSS and RssAnon from /proc/<pid>/status) after a base of
// 100 connections and after all of them, each read after --settle seconds of quiet; memory per
// connection is the difference divided by the connections added (the base absorbs one-time costs: thread
// stacks, allocator arenas, the database's page cache). Then, with everything still open, one more
// client signs in… resumes a session and asks `me` 200 times: the server still answers (p50, p99), and
// its CPU while idle (keep-alive timers and pings) over the settle window.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include "bench_support.h"
#include "perf_profile.h"
#include "reply_scan.h"
#include "../server/seed_people.h"
#include "store/sqlite/store.h"

namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
using Clock = std::chrono::steady_clock;
using test::json;

struct Options {
    int connections = 5000;
    int processes = 2;
    int addresses = 4;
    double settle = 3;
    std::vector<std::string> server_args;
};

constexpr int kBase = 100;  // connections open when the base memory is read

// ---------------------------------------------------------------------------------------------------
// [SECTION] Setup: patients and sessions written through the server's store

std::vector<std::string> seed(const std::filesystem::path& data_dir, int people) {
    std::filesystem::create_directories(data_dir);
    server::SqliteStore store((data_dir / "telemed.db").string());
    const core::Instant now = std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
    std::vector<std::string> tokens(static_cast<size_t>(people));
    store.transact([&](core::Transaction& tx) {
        for (int i = 0; i < people; ++i) {
            const core::UserId id = seeding::add_user(tx, "idle-" + std::to_string(i) + "@bench.telemed.test",
                                                      "Idle Patient " + std::to_string(i), core::Role::patient, now);
            tokens[size_t(i)] = seeding::add_session(tx, id, "idle-token-" + std::to_string(i), now);
        }
    });
    return tokens;
}

// ---------------------------------------------------------------------------------------------------
// [SECTION] Client processes: open connections [from, to), report, stay idle until killed

class IdleClients {
public:
    IdleClients(std::uint16_t port, const std::vector<std::string>& tokens, int from, int to, int addresses, int first_address)
        : endpoint_(net::ip::make_address("127.0.0.1"), port), tokens_(tokens), from_(from), to_(to),
          addresses_(addresses), first_address_(first_address) {}

    // Returns once all are ready (true) or one failed (false, why in error()).
    bool open_all() {
        for (int i = from_; i < to_; ++i) conns_.push_back(std::make_unique<Conn>(ioc_, i));
        for (size_t k = 0; k < std::min<size_t>(kMaxOpening, conns_.size()); ++k) open(*conns_[next_++]);
        while (ready_ < conns_.size() && error_.empty()) ioc_.run_one();
        return error_.empty();
    }
    void stay() { ioc_.run(); }
    const std::string& error() const { return error_; }

private:
    static constexpr size_t kMaxOpening = 128;
    struct Conn {
        Conn(net::io_context& ioc, int i) : ws(ioc), index(i) {}
        beast::websocket::stream<net::ip::tcp::socket> ws;
        int index;
        int step = 0;  // 0 hello, 1 resume_session, 2 idle
        beast::flat_buffer in;
        std::string out;
    };

    void open(Conn& c) {
        auto& sock = c.ws.next_layer();
        sock.open(net::ip::tcp::v4());
        const auto source = net::ip::make_address_v4(
            "127.0.0." + std::to_string(2 + (first_address_ + c.index % std::max(1, addresses_)) % 250));
        beast::error_code ec;
        sock.bind({source, 0}, ec);
        if (ec) return fail("bind " + source.to_string() + ": " + ec.message());
        sock.async_connect(endpoint_, [this, &c](beast::error_code ec1) {
            if (ec1) return fail("connect: " + ec1.message());
            c.ws.secure_prng(false);
            c.ws.text(true);
            c.ws.async_handshake("127.0.0.1", "/ws", [this, &c](beast::error_code ec2) {
                if (ec2) return fail("handshake: " + ec2.message());
                send(c, R"({"id":1,"type":"hello","data":{"protocol":1,"client":"bench_idle_connections"}})");
                read(c);
            });
        });
    }

    void send(Conn& c, std::string frame) {
        c.out = std::move(frame);
        c.ws.async_write(net::buffer(c.out), [this](beast::error_code ec, size_t) {
            if (ec) fail("write: " + ec.message());
        });
    }

    void read(Conn& c) {
        c.ws.async_read(c.in, [this, &c](beast::error_code ec, size_t) {
            if (ec) {
                if (c.step < 2 || !ready_all()) fail("read: " + ec.message());
                return;  // closed while idle: the parent ends the run
            }
            const std::string_view text(static_cast<const char*>(c.in.cdata().data()), c.in.size());
            const bench::Reply r = bench::scan_telemed(text);
            if (r.id >= 0 && c.step < 2) {
                if (!r.ok) return fail("setup step " + std::to_string(c.step) + ": " + std::string(text.substr(0, 300)));
                if (c.step == 0) {
                    c.step = 1;
                    send(c, json{{"id", 2}, {"type", "resume_session"}, {"data", {{"token", tokens_[size_t(c.index)]}}}}.dump());
                } else {
                    c.step = 2;
                    c.in.consume(c.in.size());
                    c.in.shrink_to_fit();  // the client's own memory: keep children small
                    ++ready_;
                    if (next_ < conns_.size()) open(*conns_[next_++]);
                }
            }
            c.in.consume(c.in.size());
            read(c);
        });
    }

    bool ready_all() const { return ready_ == conns_.size(); }
    void fail(std::string why) {
        if (error_.empty()) error_ = std::move(why);
    }

    net::io_context ioc_{1};
    net::ip::tcp::endpoint endpoint_;
    const std::vector<std::string>& tokens_;
    int from_, to_, addresses_, first_address_;
    std::vector<std::unique_ptr<Conn>> conns_;
    size_t next_ = 0, ready_ = 0;
    std::string error_;
};

// A child process holding connections [from, to): writes "ok\n" or "error <why>\n" to `report` once
// they are all open, then stays idle until SIGTERM.
pid_t spawn_clients(std::uint16_t port, const std::vector<std::string>& tokens, int from, int to, const Options& o, int child,
                    int& report_fd) {
    int fds[2];
    if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
    const pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        close(fds[0]);
        IdleClients clients(port, tokens, from, to, std::max(1, o.addresses / std::max(1, o.processes)),
                            child * std::max(1, o.addresses / std::max(1, o.processes)));
        const std::string line = clients.open_all() ? "ok\n" : "error " + clients.error() + "\n";
        (void)!write(fds[1], line.data(), line.size());
        close(fds[1]);
        clients.stay();
        _exit(0);
    }
    close(fds[1]);
    report_fd = fds[0];
    return pid;
}

std::string wait_report(int fd, int seconds) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, seconds * 1000) <= 0) return "error no report within " + std::to_string(seconds) + " s";
    char buf[512];
    const ssize_t n = read(fd, buf, sizeof buf - 1);
    return n > 0 ? std::string(buf, static_cast<size_t>(n)) : "error the client process ended";
}

// ---------------------------------------------------------------------------------------------------
// [SECTION] The server's memory

struct Memory {
    double rss_kb = 0, anon_kb = 0;
};

Memory memory_of(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    Memory m;
    for (std::string line; std::getline(in, line);) {
        if (line.rfind("VmRSS:", 0) == 0) m.rss_kb = std::stod(line.substr(6));
        else if (line.rfind("RssAnon:", 0) == 0) m.anon_kb = std::stod(line.substr(8));
    }
    return m;
}

int open_files_of(pid_t pid) {
    int n = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/fd")) ++n;
    return n;
}

void raise_open_file_limit() {
    rlimit r{};
    if (getrlimit(RLIMIT_NOFILE, &r) == 0 && r.rlim_cur < r.rlim_max) {
        r.rlim_cur = r.rlim_max;
        setrlimit(RLIMIT_NOFILE, &r);
    }
}

// With everything open: a fresh client resumes a session and asks `me` 200 times, one after another.
std::vector<double> me_latencies(std::uint16_t port, const std::string& token) {
    test::WsClient c("127.0.0.1", port);
    c.hello();
    if (!c.request("resume_session", {{"token", token}}).value("ok", false)) throw std::runtime_error("resume_session failed");
    std::vector<double> ms;
    for (int i = 0; i < 200; ++i) {
        const auto t0 = Clock::now();
        const json reply = c.request("me", json::object());
        if (!reply.value("ok", false)) throw std::runtime_error("me failed: " + reply.dump());
        ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    }
    return ms;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    bench::choose_server_binary(argv[0]);
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
        if (a == "--connections") o.connections = std::stoi(next());
        else if (a == "--processes") o.processes = std::stoi(next());
        else if (a == "--addresses") o.addresses = std::stoi(next());
        else if (a == "--settle") o.settle = std::stod(next());
        else if (a == "--server") bench::server_binary = next();
        else if (a == "--") o.server_args.assign(argv + i + 1, argv + argc), i = argc;
        else return std::fprintf(stderr, "unknown option %s (see the top of idle_connections.cpp)\n", a.c_str()), 2;
    }
    if (o.connections <= kBase || o.processes < 1 || o.addresses < 1)
        return std::fprintf(stderr, "--connections must exceed %d; --processes and --addresses at least 1\n", kBase), 2;
    raise_open_file_limit();
    signal(SIGPIPE, SIG_IGN);

    char pattern[] = "/tmp/telemed-bench-idle-XXXXXX";
    if (!mkdtemp(pattern)) return std::perror("mkdtemp"), 1;
    const std::filesystem::path data = std::filesystem::path(pattern) / "data";
    int status = 0;
    try {
        const std::vector<std::string> tokens = seed(data, o.connections + 1);  // the last one for the `me` probe
        std::vector<std::string> args = {"--log-level", "info", "--data-dir", data.string(), "--no-seed-demo"};
        args.insert(args.end(), o.server_args.begin(), o.server_args.end());
        test::ServerProcess server(args);
        // Declared after the server: the client processes end before it does.
        struct Children {
            std::vector<pid_t> pids;
            ~Children() {
                for (pid_t c : pids) kill(c, SIGTERM);
                for (pid_t c : pids) waitpid(c, nullptr, 0);
            }
        } children;
        const auto port = server.port();
        const pid_t pid = bench::child_pid_named(std::filesystem::path(bench::server_binary).filename().string().substr(0, 15));
        const auto settle = [&] { std::this_thread::sleep_for(std::chrono::duration<double>(o.settle)); };
        settle();
        const Memory empty = memory_of(pid);

        // The base: one process, 100 connections.
        int fd = -1;
        children.pids.push_back(spawn_clients(port, tokens, 0, kBase, o, 0, fd));
        if (const std::string r = wait_report(fd, 120); r != "ok\n") throw std::runtime_error("base clients: " + r);
        settle();
        const Memory base = memory_of(pid);

        // The rest, spread over the processes.
        const auto setup_from = Clock::now();
        const int rest = o.connections - kBase;
        std::vector<int> fds;
        for (int p = 0; p < o.processes; ++p) {
            const int from = kBase + rest * p / o.processes, to = kBase + rest * (p + 1) / o.processes;
            children.pids.push_back(spawn_clients(port, tokens, from, to, o, p, fd));
            fds.push_back(fd);
        }
        for (int f : fds)
            if (const std::string r = wait_report(f, 600); r != "ok\n") throw std::runtime_error("clients: " + r);
        const double setup_s = std::chrono::duration<double>(Clock::now() - setup_from).count();
        const double cpu_from = bench::process_cpu_seconds(pid);
        settle();
        const double idle_cpu = bench::process_cpu_seconds(pid) - cpu_from;
        const Memory full = memory_of(pid);
        const int files = open_files_of(pid);
        std::vector<double> me = me_latencies(port, tokens.back());

        const double added = o.connections - kBase;
        std::printf("server: %s, %d idle signed-in connections from %d processes over %d loopback addresses (opened in %.1f s)\n",
                    bench::server_binary.c_str(), o.connections, o.processes, o.addresses, setup_s);
        std::printf("server open files:            %d\n", files);
        std::printf("server RSS: started %.0f KB, %d connections %.0f KB, %d connections %.0f KB\n", empty.rss_kb, kBase,
                    base.rss_kb, o.connections, full.rss_kb);
        std::printf("memory per idle connection:   %.2f KB resident (%.2f KB anonymous)\n", (full.rss_kb - base.rss_kb) / added,
                    (full.anon_kb - base.anon_kb) / added);
        std::printf("server CPU while idle:        %.2f %% of a core over %.1f s\n", 100 * idle_cpu / o.settle, o.settle);
        std::printf("`me` with all open:           p50 %.2f ms, p99 %.2f ms (200 requests, one at a time)\n",
                    bench::percentile(me, 0.5), bench::percentile(me, 0.99));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "idle_connections: %s\n", e.what());
        status = 1;
    }
    std::filesystem::remove_all(pattern);
    return status;
}
