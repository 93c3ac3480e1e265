// Token buckets (core/limits): a burst, then one token per refill period; keyed buckets bounded in number.
#include <catch2/catch.hpp>

#include "core/limits/token_bucket.h"

using namespace core;
using namespace std::chrono_literals;

namespace {
const Instant t0 = *parse_iso8601("2026-11-21T09:00:00Z");
}

TEST_CASE("[core] token bucket: a burst, then one per refill", "[core][limits]") {
    TokenBucket b(Rate{3, 2s}, t0);
    CHECK_FALSE(b.take(t0));
    CHECK_FALSE(b.take(t0));
    CHECK_FALSE(b.take(t0));
    auto wait = b.take(t0);
    REQUIRE(wait);
    CHECK(*wait == 2s);
    CHECK(retry_after_seconds(*wait) == 2);
    CHECK(b.take(t0 + 1s) == Duration(1s));  // half a token back; a refusal takes nothing
    CHECK_FALSE(b.take(t0 + 2s));
    CHECK(b.take(t0 + 2s));
    SECTION("refills up to the burst, never beyond") {
        CHECK(b.tokens(t0 + 1h) == 3);
        CHECK(b.full(t0 + 1h));
    }
    SECTION("a clock stepping back adds nothing") {
        CHECK(b.take(t0 - 1h));
        CHECK(b.tokens(t0 + 2s) == Approx(0));
    }
    SECTION("a cost above the burst is never granted") {
        auto w = b.take(t0 + 1h, 5);
        REQUIRE(w);
        CHECK(b.tokens(t0 + 1h) == 3);
    }
}

TEST_CASE("[core] keyed buckets: one per key, bounded in number", "[core][limits]") {
    KeyedBuckets k(Rate{2, 1s}, /*max_keys=*/4);
    CHECK_FALSE(k.take("a", t0));
    CHECK_FALSE(k.take("a", t0));
    CHECK(k.take("a", t0));
    CHECK_FALSE(k.take("b", t0));  // another key has its own budget
    for (const char* key : {"c", "d"}) CHECK_FALSE(k.take(key, t0));
    CHECK(k.size() == 4);
    // Full: buckets that refilled completely go first; "a" is still counting down and is kept.
    CHECK_FALSE(k.take("e", t0 + 1500ms));
    CHECK(k.size() <= 4);
    CHECK(k.take("a", t0 + 1500ms) == std::nullopt);  // one token back after a second
    CHECK(k.take("a", t0 + 1500ms));
    SECTION("when every bucket is counting down, the oldest-touched are dropped") {
        KeyedBuckets tight(Rate{1, 1h}, 3);
        for (int i = 0; i < 10; ++i) CHECK_FALSE(tight.take("k" + std::to_string(i), t0 + std::chrono::seconds(i)));
        CHECK(tight.size() <= 3);
        CHECK(tight.take("k9", t0 + 10s));  // the newest is remembered
    }
}
