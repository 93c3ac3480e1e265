// Ghost rooms, the long run (issue 12's proof suite): 500 video visits with both people in the call, then
// half of the 1,000 people vanish without a word — most close their socket with no WebSocket close, a
// quarter of them just go silent with the socket open — against the release server with the real 45 s
// reconnect grace and 5 s timers (tests/server/ghost_load.h says what is checked). Prints: calls, members
// vanished, rooms ended, the latest end after the vanish against its bound, users still in a call, visits
// charged 0/1/2+ times, the ledger sum, and the server's RSS and CPU. Exits 1 when a check fails.
//
//   bench_ghost_rooms [--calls 500] [--silent-share 0.25] [--grace-ms 45000] [--timer-interval-ms 5000]
//                     [--ws-idle-timeout-ms 60000] [--call-idle-timeout-ms 20000] [--poll-ms 1000]
//                     [--seed 12] [--server PATH]
//
// It takes the 60 s setup budget + the bound (45 + 5 s) + about 15 s: the visits' join windows close
// after that, so that the closing of abandoned visits is seen too.
#include <cstdio>
#include <cstdlib>
#include <string>

#include <sys/resource.h>

#include "bench_support.h"
#include "perf_profile.h"
#include "../server/ghost_load.cpp"

namespace {

struct Sample {
    double rss_mb = 0, cpu_s = 0;
    bool taken = false;
};

double rss_mb_of(pid_t pid) {
    FILE* f = std::fopen(("/proc/" + std::to_string(pid) + "/status").c_str(), "r");
    if (!f) return 0;
    char line[256];
    double kb = 0;
    while (std::fgets(line, sizeof line, f))
        if (std::string(line).rfind("VmRSS:", 0) == 0) kb = std::atof(line + 6);
    std::fclose(f);
    return kb / 1024;
}

void raise_open_file_limit() {
    rlimit r{};
    if (getrlimit(RLIMIT_NOFILE, &r) == 0 && r.rlim_cur < r.rlim_max) {
        r.rlim_cur = r.rlim_max;
        setrlimit(RLIMIT_NOFILE, &r);
    }
}

}  // namespace

int main(int argc, char** argv) {
    bench::choose_server_binary(argv[0]);
    test::ghost::Options o;
    o.calls = 500;
    o.setup_budget = std::chrono::seconds(60);
    o.server_args = {"--log-level", "info"};
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        const char* value = argv[i + 1];
        const auto ms = [&] { return std::chrono::milliseconds(std::atol(value)); };
        if (flag == "--calls") o.calls = std::atoi(value);
        else if (flag == "--silent-share") o.silent_share = std::atof(value);
        else if (flag == "--grace-ms") o.grace = ms();
        else if (flag == "--timer-interval-ms") o.timer_interval = ms();
        else if (flag == "--ws-idle-timeout-ms") o.ws_idle_timeout = ms();
        else if (flag == "--call-idle-timeout-ms") o.call_idle_timeout = ms();
        else if (flag == "--poll-ms") o.poll = ms();
        else if (flag == "--seed") o.seed = static_cast<unsigned>(std::atol(value));
        else if (flag == "--server") bench::server_binary = value;
        else {
            std::fprintf(stderr, "unknown option %s (see the top of ghost_rooms.cpp)\n", argv[i]);
            return 2;
        }
    }
    raise_open_file_limit();
    std::printf("server %s, %d calls, grace %lld ms, timer interval %lld ms, idle timeout %lld ms (%lld ms in a call)\n",
                bench::server_binary.c_str(), o.calls, static_cast<long long>(o.grace.count()),
                static_cast<long long>(o.timer_interval.count()), static_cast<long long>(o.ws_idle_timeout.count()),
                static_cast<long long>(o.call_idle_timeout.count()));
    std::fflush(stdout);

    Sample connected, ended;
    const auto started = std::chrono::steady_clock::now();
    o.progress = [&](const std::string& line) {
        std::printf("[%5.1f s] %s\n", std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(), line.c_str());
        std::fflush(stdout);
    };
    o.at = [&](const std::string& moment) {
        const pid_t pid = bench::child_pid_named(std::filesystem::path(bench::server_binary).filename().string().substr(0, 15));
        if (pid <= 0) return;
        Sample& s = moment == "connected" ? connected : ended;
        s = {rss_mb_of(pid), bench::process_cpu_seconds(pid), true};
    };
    try {
        const auto report = test::ghost::run(o);
        std::printf("\n%s\n", report.summary().c_str());
        if (connected.taken && ended.taken)
            std::printf("server RSS: %.1f MiB with everyone in a call, %.1f MiB once every room ended; server CPU %.2f s from "
                        "everyone in a call to every room ended (%.2f s before: setup)\n",
                        connected.rss_mb, ended.rss_mb, ended.cpu_s - connected.cpu_s, connected.cpu_s);
        std::printf("%s\n", report.passed() ? "PASS" : "FAIL");
        return report.passed() ? 0 : 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "ghost_rooms: %s\n", e.what());
        return 1;
    }
}
