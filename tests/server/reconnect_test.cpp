// Reconnect exactness, the short run inside server_tests (reconnect_load.h): 20 people writing 600
// messages while their connections drop at random; nothing lost, nothing twice, each sender's order
// kept, every member's copy equal to the server's. The long run is tests/bench/reconnect_exactness.cpp.
#include <catch2/catch.hpp>

#include "reconnect_load.h"
#include "server_process.h"

TEST_CASE("[server] reconnect exactness: drops lose and repeat no message", "[server][reconnect]") {
    test::reconnect::Options options;
    options.clients = 20;
    options.messages = 600;
    const auto report = test::reconnect::run(test::shared_server().port(), options);
    INFO(report.summary());
    CHECK(report.drops > 10);  // the drops really happened
    CHECK(report.lost_replies > 0);
    CHECK(report.lost == 0);
    CHECK(report.duplicated == 0);
    CHECK(report.reordered == 0);
    CHECK(report.copies_differing == 0);
    CHECK(report.numbering_holes == 0);
    CHECK(report.problems.empty());
}
