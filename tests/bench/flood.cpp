// Floods, the long run (issue 12's proof suite): garbage, oversized and valid-but-expensive requests
// from many sockets at once, phase by phase, while one well-behaved person sends `me` every 10 ms and a
// message to their doctor every 50 ms. Prints, per phase beside the baseline without a flood: that
// person's latency (p50/p99/max, client-observed over loopback), the server's peak RSS and CPU, what
// the flood got back (answers, refusals by code, closes by code, reconnects), frames answered against
// the protocol, and whether the server survived. tests/server/flood_load.h says what each phase sends.
// Asserts nothing on time; exits 1 when the server died or answered something the protocol forbids.
//
//   bench_flood [--seconds 5] [--attackers 48] [--messages 5000] [--visits 300] [--doctors 20]
//               [--phase garbage|oversized|expensive|all]... [--attacker-nice 10] [--server PATH]
//               [-- server flags…]
//
// The attacker threads run at nice +10 (--attacker-nice 0: as the victim): on a 2-core machine fifty
// busy threads of this program would otherwise delay the victim's own thread and show as the server's
// latency.
#include <cstdio>
#include <string>
#include <thread>

#include "bench_support.h"
#include "../server/flood_load.cpp"

namespace {

using test::flood::Kind;

bool parse_kind(const std::string& name, Kind& out) {
    for (Kind k : {Kind::garbage, Kind::oversized, Kind::expensive, Kind::all})
        if (name == test::flood::to_string(k) || (k == Kind::all && name == "all")) return out = k, true;
    return false;
}

void print_phase(const test::flood::Phase& p) {
    std::printf("\n== %s (%.1f s, server CPU %.2f s = %.0f %% of one core, peak RSS %.1f MiB, VmHWM %.1f MiB, %s, internal errors %.0f)\n",
                test::flood::to_string(p.kind), p.seconds, p.cpu_s, 100 * p.cpu_s / p.seconds, p.peak_rss_mib, p.hwm_mib,
                p.alive ? "alive" : "DEAD", p.internal_errors);
    std::printf("  victim me            %s\n", test::flood::latency_line(p.me_ms).c_str());
    std::printf("  victim send_message  %s\n", test::flood::latency_line(p.send_ms).c_str());
    if (p.victim_failures) std::printf("  victim failures      %ld\n", p.victim_failures);
    if (p.kind == Kind::baseline) return;
    std::printf("  flood: %ld frames (%.0f/s), %ld reconnects\n", p.sent, double(p.sent) / p.seconds, p.reconnects);
    for (const auto& [outcome, n] : p.outcomes) std::printf("    %-22s %ld\n", outcome.c_str(), n);
    for (const auto& [what, n] : p.unexpected) std::printf("    UNEXPECTED %s x%ld\n", what.c_str(), n);
}

}  // namespace

int main(int argc, char** argv) {
    bench::choose_server_binary(argv[0]);
    test::flood::Options o;
    std::vector<Kind> chosen;
    // Shipped limits: ServerProcess lifts the sign-in limits for the tests; put them back.
    o.server_args = {"--log-level", "info", "--auth-burst-per-connection", "10", "--auth-burst-per-address", "30"};
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
        Kind kind{};
        if (a == "--seconds") o.seconds = std::stod(next());
        else if (a == "--attackers") o.attackers = std::stoi(next());
        else if (a == "--messages") o.messages = std::stoi(next());
        else if (a == "--visits") o.visits = std::stoi(next());
        else if (a == "--doctors") o.doctors = std::stoi(next());
        else if (a == "--attacker-nice") o.attacker_nice = std::stoi(next());
        else if (a == "--server") bench::server_binary = next();
        else if (a == "--phase" && parse_kind(next(), kind)) chosen.push_back(kind);
        else if (a == "--") {
            while (++i < argc) o.server_args.push_back(argv[i]);
        } else return std::fprintf(stderr, "unknown option %s (see the top of tests/bench/flood.cpp)\n", a.c_str()), 2;
    }
    if (!chosen.empty()) {
        o.phases = {Kind::baseline};
        o.phases.insert(o.phases.end(), chosen.begin(), chosen.end());
    }
    std::printf("server %s, %d attacking sockets, %.1f s per phase, %u hardware threads (shared: figures are noisy)\n",
                bench::server_binary.c_str(), o.attackers, o.seconds, std::thread::hardware_concurrency());
    std::printf("heavy patient: %d messages in one conversation, %d visits, %d verified doctors open all year\n", o.messages,
                o.visits, o.doctors);
    o.progress = [](const std::string& line) { std::printf("  %s\n", line.c_str()); std::fflush(stdout); };
    const auto report = test::flood::run(o);
    std::printf("\nserver RSS after setup %.1f MiB\n", report.start_rss_mib);
    for (const auto& p : report.phases) print_phase(p);
    std::printf("\nexit status after SIGTERM: %d\n", report.exit_status);
    for (const auto& line : report.problems) std::printf("FINDING: %s\n", line.c_str());
    const bool survived = !report.phases.empty() && report.phases.back().alive && report.exit_status == 0;
    return survived && report.problems.empty() ? 0 : 1;
}
