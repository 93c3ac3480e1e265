// Crash safety, the short run inside server_tests: a few SIGKILLs of the real server under load, then
// every acknowledged purchase, booking, message and recording chunk is in the file and nothing is
// half-done (crash_load.h). The long run is tests/bench/crash_safety.cpp (`bench_crash_safety --kills 200`).
#include <catch2/catch.hpp>

#include "crash_load.h"

TEST_CASE("[server] crash safety: SIGKILL under load loses nothing acknowledged", "[server][crash]") {
    test::crash::Options options;
    options.kills = 5;
    options.patients = 3;
    const auto report = test::crash::run(options);
    INFO(report.summary());
    CHECK(report.kills == 5);
    // The load really ran across the kills (else the test proves nothing).
    CHECK(report.purchases_acked > 0);
    CHECK(report.bookings_acked > 0);
    CHECK(report.messages_acked > 0);
    CHECK(report.chunks_acked > 0);
    CHECK(report.lost == 0);
    CHECK(report.half_done == 0);
    CHECK(report.integrity == "ok");
    CHECK(report.ledger_sum == 0);
    CHECK(report.final_exit_status == 0);
}
