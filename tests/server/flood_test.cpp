// Floods, the short run inside server_tests (issue 12's proof suite): a few seconds each of garbage,
// oversized frames and valid-but-expensive requests from several sockets at once, then all three
// together, against the sanitizer build. The server must stay up, answer every bad frame as
// docs/PROTOCOL.md says (its error code, or its close code), keep answering a well-behaved person
// correctly, keep its memory bounded and log no internal error. No latency is checked: the long run
// with figures is tests/bench/flood.cpp (`bench_flood`).
#include <catch2/catch.hpp>

#include "clinic_flows.h"
#include "flood_load.h"

using namespace test;

namespace {

long count_of(const flood::Phase& p, const std::string& outcome) {
    const auto it = p.outcomes.find(outcome);
    return it == p.outcomes.end() ? 0 : it->second;
}

}  // namespace

TEST_CASE("[server] floods: garbage, oversized and expensive requests from many sockets", "[server][hardening][flood]") {
    flood::Options o;
    o.seconds = 2;
    o.attackers = 12;
    o.messages = 300;
    o.visits = 60;
    o.doctors = 4;
    o.victim_gap_ms = 20;
    o.min_flood_frames = 2 * o.attackers;  // every kind of frame goes out (each attacker starts at its own)
    o.attacker_nice = 0;                   // no latency is measured here
    const auto report = flood::run(o);
    for (const auto& line : report.problems) UNSCOPED_INFO(line);
    REQUIRE(report.phases.size() == o.phases.size());
    CHECK(report.problems.empty());
    for (const flood::Phase& p : report.phases) {
        INFO(flood::to_string(p.kind) << ": peak RSS " << p.peak_rss_mib << " MiB, " << p.sent << " flood frames");
        CHECK(p.alive);
        CHECK(p.victim_failures == 0);
        CHECK_FALSE(p.me_ms.empty());  // the victim was answered throughout (every answer ok: above)
        CHECK_FALSE(p.send_ms.empty());
        CHECK(p.unexpected.empty());
        CHECK(p.internal_errors == 0);
        // Bounded: 12 sockets may hold a 64 KiB frame and a queue of answers each; a sanitizer build's
        // own bookkeeping is most of this bound.
        CHECK(p.peak_rss_mib < report.start_rss_mib + 512);
        if (p.kind != flood::Kind::baseline) CHECK(p.sent > 0);
    }
    // Each kind of flood really happened (else the test proves nothing).
    CHECK(count_of(report.phases[1], "bad_json") > 0);
    CHECK(count_of(report.phases[1], "close 1007") > 0);
    CHECK(count_of(report.phases[1], "too_deep") > 0);
    CHECK(count_of(report.phases[2], "close 1009") > 0);
    CHECK(count_of(report.phases[2], "invalid_field") > 0);
    CHECK(count_of(report.phases[3], "(ok)") > 0);
    CHECK(report.exit_status == 0);
}

TEST_CASE("[server] searches and listings are limited per connection, with a retry time", "[server][hardening][flood]") {
    ServerProcess server({"--no-seed-demo", "--scan-burst-per-connection", "5", "--scan-refill-per-connection", "60s"});
    Person a = sign_up_person(server.port(), "scanner");
    for (int i = 0; i < 5; ++i) CHECK(a.request("search_messages", {{"query", "rash"}})["ok"] == true);
    const json limited = a.request("list_appointments", {{"from", iso(now_utc())}, {"to", iso(now_utc() + std::chrono::hours(24))}});
    REQUIRE(error_code(limited) == "rate_limited");
    CHECK(limited["error"]["retry_after_s"].get<int>() >= 1);
    CHECK(limited["error"]["retry_after_s"].get<int>() <= 60);
    CHECK_THAT(limited["error"]["message"].get<std::string>(), Catch::Contains("this connection"));
    // Everything else goes on, on this connection too; another connection has its own budget.
    CHECK(a.request("me")["ok"] == true);
    CHECK(a.request("get_availability")["ok"] == true);
    auto b = greeted(server.port());
    REQUIRE(b->request("resume_session", {{"token", a.token}})["ok"] == true);
    CHECK(b->request("search_messages", {{"query", "rash"}})["ok"] == true);
}
