// Floods (issue 12's proof suite): many sockets at once send garbage, oversized frames, or valid but
// expensive requests, while one well-behaved person keeps using the app. The server must not crash,
// must answer every bad frame as docs/PROTOCOL.md says (an error code, or a close code), must keep its
// memory bounded and must keep answering the well-behaved person correctly; tests/bench/flood.cpp
// prints how fast it answered them.
//
// Setup writes the people straight into a fresh database through the server's own SQLite store (as
// bench_messaging_throughput does): a victim patient with a doctor to write to, and a "heavy" patient
// whose requests cost the most — visits with every doctor, a long conversation, many verified doctors
// open every day of the year. The attackers resume the heavy patient's sessions.
//
// Phases, each `seconds` long, on one server: baseline (no flood), garbage, oversized, expensive, and
// all three at once (the attackers split between the kinds). Each attacker is a thread with one
// socket, sending its next frame as soon as the last one was answered (or its socket closed: then it
// connects again).
//
// Used by tests/server/flood_test.cpp (short, sanitizer build, checks correctness only) and
// tests/bench/flood.cpp (`bench_flood`, release build, prints latencies). Nothing here asserts on time.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace test::flood {

enum class Kind { baseline, garbage, oversized, expensive, all };
const char* to_string(Kind kind);

struct Options {
    double seconds = 5;   // per phase
    // ... and longer, until the flood sent this many frames (at most a minute more): on a slow machine
    // a sanitizer build may need it for every kind of frame to have gone out once.
    long min_flood_frames = 0;
    int attackers = 48;   // sockets (one thread each)
    // The heavy patient's data: messages in one conversation, visits, verified doctors.
    int messages = 5000;
    int visits = 300;
    int doctors = 20;
    int victim_gap_ms = 10;        // between the victim's requests; every 5th is a send_message
    int attacker_nice = 10;        // the attacker threads' priority below the victim's (and the server's)
    std::vector<Kind> phases = {Kind::baseline, Kind::garbage, Kind::oversized, Kind::expensive, Kind::all};
    std::vector<std::string> server_args;  // after the flood's own (later ones win)
    std::function<void(const std::string&)> progress;  // a line now and then, when set
};

struct Phase {
    Kind kind = Kind::baseline;
    double seconds = 0;
    // The victim: send -> reply, in milliseconds, and every reply that was not ok.
    std::vector<double> me_ms, send_ms;
    long victim_failures = 0;
    // The flood: frames sent, and what came back, by outcome: an error code, "(ok)", "close 1009", ...
    long sent = 0;
    std::map<std::string, long> outcomes;
    long reconnects = 0;
    // Outcomes the protocol does not allow for that frame (with the frame's name), and refusals
    // without retry_after_s: each one is a finding.
    std::map<std::string, long> unexpected;
    // The server: the most resident memory sampled during the phase, VmHWM at its end, CPU seconds.
    double peak_rss_mib = 0, hwm_mib = 0, cpu_s = 0;
    bool alive = true;          // the process still runs and /healthz answers after the phase
    double internal_errors = 0;  // telemed_internal_errors_total (all types) after the phase
};

struct Report {
    std::vector<Phase> phases;
    double start_rss_mib = 0;  // after the setup, before the first phase
    int exit_status = -1;      // after SIGTERM at the end: 0
    std::vector<std::string> problems;  // the first few findings, in words
};

Report run(const Options& options);

// "p50 1.2 ms  p99 3.4 ms  max 9.9 ms" of the values.
std::string latency_line(const std::vector<double>& ms);

}  // namespace test::flood
