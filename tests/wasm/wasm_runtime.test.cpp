// What must hold specifically when core runs as WASM (in node here, in the browser for the demo): the
// core unit tests (tests/unit/core) are compiled into this same runner as well.
#include <catch2/catch.hpp>

#include <cstring>

#include "core/crypto/random.h"
#include "core/protocol/protocol.h"
#include "core/time/clock.h"

TEST_CASE("[wasm] secure randomness comes from the host", "[wasm]") {
    std::uint8_t a[32] = {}, b[32] = {};
    core::secure_random_bytes(a, sizeof a);
    core::secure_random_bytes(b, sizeof b);
    CHECK(std::memcmp(a, b, sizeof a) != 0);
}

TEST_CASE("[wasm] 64-bit ids and instants survive the codec", "[wasm]") {
    const std::int64_t big = 9007199254740993;  // beyond a JS double's exact range
    auto decoded = core::protocol::decode_request(R"({"id":9007199254740993,"type":"me"})");
    REQUIRE(std::holds_alternative<core::protocol::Request>(decoded));
    CHECK(std::get<core::protocol::Request>(decoded).id == big);
    const auto t = core::parse_iso8601("2099-12-31T23:59:59.999Z");
    REQUIRE(t);
    CHECK(core::format_iso8601(*t) == "2099-12-31T23:59:59.999Z");
    CHECK(sizeof(void*) == 4);  // really running as wasm32
}
