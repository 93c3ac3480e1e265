#include <catch2/catch.hpp>

#include <variant>

#include "config.h"
#include "core/protocol/codec.h"
#include "ice/turn_rest.h"

using namespace std::chrono_literals;

TEST_CASE("[server] TURN REST credentials: base64(HMAC-SHA1(secret, username))", "[server][ice]") {
    // RFC 2202, HMAC-SHA1 test case 2 (effcdf6ae5eb2fa2d27416d5f184df9c259a7c79), in base64.
    CHECK(server::turn_rest_credential("Jefe", "what do ya want for nothing?") == "7/zfauXrL6LSdBbV8YTfnCWafHk=");
    // What coturn computes for a username "<expiry>:<user>" (checked with Python's hmac module).
    CHECK(server::turn_rest_credential("north-secret", "1767225600:42") == "T9rLwpmxP7c8V/PZMomzpDQCn4U=");
}

TEST_CASE("[server] ICE servers handed to browsers", "[server][ice]") {
    core::ManualClock clock{*core::parse_iso8601("2026-01-01T00:00:00Z")};  // unix 1767225600
    SECTION("nothing configured: an empty list (host candidates only)") {
        server::TurnRestIceServers none({}, clock);
        CHECK(none.ice_servers(42).empty());
    }
    SECTION("STUN and TURN with a credential that expires after the TTL") {
        server::TurnRestIceServers ice({{"stun:turn.example.org:3478"},
                                        {"turn:turn.example.org:3478?transport=udp", "turns:turn.example.org:5349"},
                                        "north-secret",
                                        3600s},
                                       clock);
        // As the browser receives them: each server in its wire form.
        nlohmann::json list = nlohmann::json::array();
        for (const auto& server : ice.ice_servers(42)) list.push_back(core::protocol::encode(server));
        REQUIRE(list.size() == 2);
        CHECK(list[0] == nlohmann::json{{"urls", {"stun:turn.example.org:3478"}}});
        CHECK(list[1]["urls"].size() == 2);
        CHECK(list[1]["username"] == "1767229200:42");
        CHECK(list[1]["credential"] == server::turn_rest_credential("north-secret", "1767229200:42"));
    }
}

TEST_CASE("[server] ICE command-line flags", "[server][config][ice]") {
    auto r = server::parse_command_line({"--stun-url", "stun:a:3478", "--stun-url=stun:b:3478", "--turn-url",
                                         "turn:a:3478", "--turn-secret", "s3cret", "--turn-ttl", "2h"});
    REQUIRE(std::holds_alternative<server::ServerConfig>(r));
    const auto& c = std::get<server::ServerConfig>(r);
    CHECK(c.stun_urls == std::vector<std::string>{"stun:a:3478", "stun:b:3478"});
    CHECK(c.turn_urls == std::vector<std::string>{"turn:a:3478"});
    CHECK(c.turn_secret == "s3cret");
    CHECK(c.turn_ttl == 2h);
    const auto defaults = std::get<server::ServerConfig>(server::parse_command_line({}));
    CHECK(defaults.stun_urls.empty());
    CHECK(defaults.turn_urls.empty());
    CHECK(defaults.turn_ttl == 1h);
    CHECK(defaults.timer_interval == 5s);
    for (std::vector<std::string> bad : {std::vector<std::string>{"--turn-url", "turn:a"},  // no secret
                                         {"--stun-url", "http://a"},
                                         {"--turn-url", "stun:a", "--turn-secret", "x"}}) {
        auto e = server::parse_command_line(bad);
        REQUIRE(std::holds_alternative<server::ExitRequest>(e));
        CHECK(std::get<server::ExitRequest>(e).code == 2);
    }
}
