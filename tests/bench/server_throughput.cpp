// Server throughput: WebSocket `hello` round trips per second and sign-ins per second, with p50/p99
// latencies. Prints figures; asserts nothing.
//
//   bench_server_throughput                         starts build/native-release/telemed-server (else the one next to this binary)
//   bench_server_throughput --url ws://127.0.0.1:8080 [--email E --password P]   an already running server
//   options: --connections 8 --seconds 5 --sign-in-clients 4 --server PATH
//
// A sanitizer (Debug + TELEMED_SANITIZE) build is several times slower than a Release one: compare
// figures from the same kind of build only.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

#include "core/seed/demo_accounts.h"

#include "bench_support.h"

namespace {

using Clock = std::chrono::steady_clock;
using test::json;

struct Figures {
    std::vector<double> latencies_ms;
    double seconds = 0;
};

using bench::percentile;

void report(const char* what, int clients, Figures f) {
    const double n = static_cast<double>(f.latencies_ms.size());
    std::printf("%s: %d clients, %.1f s, %.0f done, %.0f/s, p50 %.2f ms, p99 %.2f ms\n", what, clients, f.seconds, n,
                n / f.seconds, percentile(f.latencies_ms, 0.50), percentile(f.latencies_ms, 0.99));
}

// Runs `clients` threads, each with its own connection, calling `round` until the time is up.
template <typename Setup, typename Round>
Figures run_clients(int clients, double seconds, Setup setup, Round round) {
    std::vector<std::vector<double>> per_thread(static_cast<size_t>(clients));
    std::vector<std::thread> threads;
    std::atomic<int> ready{0};
    std::atomic<bool> go{false};
    const auto duration = std::chrono::duration<double>(seconds);
    Clock::time_point started;
    for (int t = 0; t < clients; ++t) {
        threads.emplace_back([&, t] {
            auto client = setup();
            ++ready;
            while (!go) std::this_thread::yield();
            const auto end = started + std::chrono::duration_cast<Clock::duration>(duration);
            while (Clock::now() < end) {
                const auto t0 = Clock::now();
                round(*client);
                per_thread[static_cast<size_t>(t)].push_back(
                    std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
            }
        });
    }
    while (ready < clients) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    started = Clock::now();
    go = true;
    for (auto& th : threads) th.join();
    Figures f;
    f.seconds = std::chrono::duration<double>(Clock::now() - started).count();
    for (auto& v : per_thread) f.latencies_ms.insert(f.latencies_ms.end(), v.begin(), v.end());
    return f;
}

struct Options {
    std::string host = "127.0.0.1";
    std::uint16_t port = 0;
    int connections = 8;
    int sign_in_clients = 4;
    double seconds = 5;
    std::string email, password;
};

bool parse_url(const std::string& url, Options& o) {
    const auto scheme = url.find("://");
    std::string rest = scheme == std::string::npos ? url : url.substr(scheme + 3);
    rest = rest.substr(0, rest.find('/'));
    const auto colon = rest.rfind(':');
    if (colon == std::string::npos) return false;
    o.host = rest.substr(0, colon);
    o.port = static_cast<std::uint16_t>(std::stoi(rest.substr(colon + 1)));
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    bench::choose_server_binary(argv[0]);
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
        if (a == "--url") {
            if (!parse_url(next(), o)) return std::fprintf(stderr, "--url expects ws://host:port\n"), 2;
        } else if (a == "--connections") o.connections = std::stoi(next());
        else if (a == "--sign-in-clients") o.sign_in_clients = std::stoi(next());
        else if (a == "--seconds") o.seconds = std::stod(next());
        else if (a == "--server") bench::server_binary = next();
        else if (a == "--email") o.email = next();
        else if (a == "--password") o.password = next();
        else return std::fprintf(stderr, "unknown option %s (see the comment at the top of server_throughput.cpp)\n", a.c_str()), 2;
    }

    std::unique_ptr<test::ServerProcess> own;
    if (o.port == 0) {
        own = std::make_unique<test::ServerProcess>(std::vector<std::string>{"--log-level", "info"});
        o.port = own->port();
        std::printf("started %s on port %u\n", bench::server_binary.c_str(), o.port);
    }
    if (o.email.empty()) {  // a seeded demo account
        for (const auto& a : core::demo_accounts())
            if (a.role == core::Role::patient) o.email = a.email, o.password = a.password;
    }

    const auto connect = [&] {
        auto c = std::make_unique<test::WsClient>(o.host, o.port);
        c->hello();
        return c;
    };

    report("hello round trips", o.connections,
           run_clients(o.connections, o.seconds, connect, [](test::WsClient& c) {
               if (!c.hello().value("ok", false)) throw std::runtime_error("hello failed");
           }));

    {
        auto probe = connect();
        const json r = probe->request("sign_in", {{"email", o.email}, {"password", o.password}});
        if (!r.value("ok", false)) {
            std::fprintf(stderr, "sign-in with %s failed: %s\n", o.email.c_str(), r.dump().c_str());
            return 1;
        }
    }
    report("sign-ins", o.sign_in_clients,
           run_clients(o.sign_in_clients, o.seconds, connect, [&](test::WsClient& c) {
               const json r = c.request("sign_in", {{"email", o.email}, {"password", o.password}});
               if (!r.value("ok", false)) throw std::runtime_error("sign-in failed: " + r.dump());
           }));
    std::printf("hardware threads: %u\n", std::thread::hardware_concurrency());
    return 0;
}
