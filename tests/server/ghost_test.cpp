// Ghost rooms, the short version (tests/server/ghost_load.h says what is checked): 40 calls, half of the
// people vanish without a word (a quarter of those leave their socket open and silent), with a 5 s
// reconnect grace, 250 ms timers and a 4 s idle timeout in a call, so it runs in about half a minute on
// the debug+sanitizer build. The long run with the real 45 s grace is bench_ghost_rooms.
#include <catch2/catch.hpp>

#include <cstdio>

#include "ghost_load.h"

TEST_CASE("[server] calls: ghost rooms end in time, nobody stays in a call, every visit is charged once", "[server][calls][ghost]") {
    test::ghost::Options o;
    o.calls = 40;
    o.silent_share = 0.25;
    o.grace = std::chrono::seconds(5);
    o.timer_interval = std::chrono::milliseconds(250);
    o.ws_idle_timeout = std::chrono::seconds(8);
    o.call_idle_timeout = std::chrono::seconds(4);  // a silent member is noticed within 5 s, inside the grace
    o.slack = std::chrono::milliseconds(1500);  // a sanitizer build on a shared machine
    o.poll = std::chrono::milliseconds(250);
    o.setup_budget = std::chrono::seconds(15);
    const auto report = test::ghost::run(o);
    INFO(report.summary());
    std::printf("%s\n", report.summary().c_str());
    CHECK(report.vanished_closed + report.vanished_silent == o.calls);
    CHECK(report.vanished_silent > 0);
    CHECK(report.rooms_all_vanished > 0);
    CHECK(report.rooms_one_stayed > 0);
    CHECK(report.rooms_ended_late == 0);
    CHECK(report.rooms_never_ended == 0);
    CHECK(report.in_call_after == 0);
    CHECK(report.charged_1 == o.calls);
    CHECK(report.ledger_sum == 0);
    CHECK(report.passed());
}
