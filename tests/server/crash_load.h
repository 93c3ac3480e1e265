// Crash safety under load (issue 12's proof suite): patients buy credits, book visits and write to
// their doctors, and a doctor uploads recording chunks, while the real server is killed with SIGKILL at
// random moments and started again over the same SQLite file. Afterwards the file itself is read:
// every request that was answered `ok` must be there, nothing may be half-done (a booking without its
// hold, a purchase without its posting, a conversation whose numbering has a hole, a recording whose
// totals disagree with its chunks), `PRAGMA integrity_check` must say ok and the ledger must sum to zero.
//
// Used by tests/server/crash_test.cpp (a few kills, in server_tests) and tests/bench/crash_safety.cpp
// (the long run: `bench_crash_safety --kills 200`).
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace test::crash {

struct Options {
    int kills = 6;
    int patients = 4;  // connections booking, buying and writing, each with a doctor of their own
    // The server lives this long (uniformly random) between a start and the next SIGKILL.
    std::chrono::milliseconds min_up{150}, max_up{700};
    unsigned seed = 12;
    std::function<void(const std::string&)> progress;  // a line now and then, when set
};

struct Report {
    int kills = 0;
    long requests = 0;    // sent during the run (setup excluded)
    long unanswered = 0;  // the connection died before the reply: outcome unknown, either is fine
    long purchases_acked = 0, bookings_acked = 0, messages_acked = 0, chunks_acked = 0;
    long lost = 0;       // acknowledged, yet absent (or different) afterwards
    long half_done = 0;  // rows missing their other half
    std::string integrity;        // what PRAGMA integrity_check said ("ok")
    std::int64_t ledger_sum = 0;  // SUM(amount) over every ledger entry: 0
    std::int64_t pending_purchases = 0;  // interrupted and not retried (the last ones of the run only)
    int final_exit_status = -1;   // the last server's exit status after SIGTERM: 0
    double seconds = 0;
    std::vector<std::string> problems;  // the first few findings, in words

    bool passed() const { return lost == 0 && half_done == 0 && integrity == "ok" && ledger_sum == 0 && final_exit_status == 0; }
    std::string summary() const;
};

Report run(const Options& options);

}  // namespace test::crash
