// Sign-in flood: another user's `me` while 32 sockets send sign_in for unknown e-mails as fast as they
// are answered (issue 12: it went from 1 ms to ~900 ms when hashes shared the request threads and
// nothing limited attempts). Prints figures; asserts nothing.
//
// A real server process (release build when there is one) with the default limits, one signed-in
// victim, then: `me` latency alone; `me` latency during the flood; what the flood got back (hashed and
// refused invalid_credentials, rate_limited, overloaded). --no-limits lifts the per-connection and
// per-address limits, to show what the hash pool alone does.
//
//   bench_sign_in_flood [--seconds 10] [--sockets 32] [--no-limits] [--server PATH]

#include <atomic>
#include <chrono>
#include <cstdio>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "bench_support.h"

namespace {

using Clock = std::chrono::steady_clock;
using bench::percentile;

std::vector<double> me_latencies(test::Person& victim, Clock::time_point until, std::chrono::milliseconds gap) {
    std::vector<double> ms;
    while (Clock::now() < until) {
        const auto t0 = Clock::now();
        test::data_of(victim.request("me"), "me");
        ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        std::this_thread::sleep_for(gap);
    }
    return ms;
}

void report(const char* what, const std::vector<double>& ms) {
    std::printf("  %-22s n=%-5zu p50 %7.3f ms  p95 %7.3f ms  p99 %7.3f ms  max %7.3f ms\n", what, ms.size(),
                percentile(ms, 0.50), percentile(ms, 0.95), percentile(ms, 0.99), percentile(ms, 1.0));
}

}  // namespace

int main(int argc, char** argv) {
    int seconds = 10, sockets = 32;
    bool limits = true;
    bench::choose_server_binary(argv[0]);
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
        if (a == "--server") bench::server_binary = next();
        else if (a == "--seconds") seconds = std::stoi(next());
        else if (a == "--sockets") sockets = std::stoi(next());
        else if (a == "--no-limits") limits = false;
        else return std::fprintf(stderr, "unknown option %s (see the top of sign_in_flood.cpp)\n", a.c_str()), 2;
    }
    // ServerProcess lifts the sign-in limits for tests; put the shipped defaults back (or keep them lifted).
    std::vector<std::string> args = {"--log-level", "info", "--no-seed-demo"};
    if (limits) args.insert(args.end(), {"--auth-burst-per-connection", "10", "--auth-refill-per-connection", "6s",
                                         "--auth-burst-per-address", "30", "--auth-refill-per-address", "2s"});
    test::ServerProcess server(args);
    const auto port = server.port();
    std::printf("server: %s (port %u), limits %s, %d sockets, %d s, %u hardware threads\n", bench::server_binary.c_str(), port,
                limits ? "as shipped" : "lifted", sockets, seconds, std::thread::hardware_concurrency());

    test::Person victim = test::sign_up_person(port, "flood-victim");
    for (int i = 0; i < 200; ++i) test::data_of(victim.request("me"), "me");  // warm-up
    const auto quiet = me_latencies(victim, Clock::now() + std::chrono::seconds(3), std::chrono::milliseconds(5));

    std::atomic<bool> stop{false};
    std::mutex counts_mutex;
    std::map<std::string, long> counts;
    std::vector<std::unique_ptr<test::WsClient>> flood;
    for (int i = 0; i < sockets; ++i) flood.push_back(test::greeted(port));
    std::vector<std::thread> threads;
    const auto flood_started = Clock::now();
    for (int i = 0; i < sockets; ++i)
        threads.emplace_back([&, i] {
            std::map<std::string, long> mine;
            test::WsClient& c = *flood[size_t(i)];
            c.set_timeout(std::chrono::seconds(60));
            for (long n = 0; !stop; ++n)
                ++mine[test::error_code(test::sign_in(c, "flood-" + std::to_string(i) + "-" + std::to_string(n) + "@example.test",
                                                      "some guessed password"))];
            std::lock_guard lock(counts_mutex);
            for (const auto& [code, k] : mine) counts[code] += k;
        });
    std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the flood is under way
    const auto during = me_latencies(victim, Clock::now() + std::chrono::seconds(seconds), std::chrono::milliseconds(5));
    stop = true;
    for (auto& t : threads) t.join();
    const double flood_s = std::chrono::duration<double>(Clock::now() - flood_started).count();

    std::printf("another user's `me` (one request every 5 ms, client-observed, loopback):\n");
    report("alone", quiet);
    report("during the flood", during);
    long total = 0;
    for (const auto& [code, k] : counts) total += k;
    std::printf("the flood: %ld sign_in answered in %.1f s (%.0f/s)\n", total, flood_s, double(total) / flood_s);
    for (const auto& [code, k] : counts) std::printf("  %-20s %ld (%.1f/s)\n", code.c_str(), k, double(k) / flood_s);
    return 0;
}
