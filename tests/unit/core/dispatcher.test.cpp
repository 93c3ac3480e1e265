#include <catch2/catch.hpp>

#include "core/api/dispatcher.h"
#include "core/crypto/pbkdf2_hasher.h"
#include "core/store/memory_store.h"
#include "core/clinic/clinic_service.h"

using namespace core;
using json = nlohmann::json;

namespace {

struct Fixture {
    MemoryStore store;
    Pbkdf2Hasher hasher{1};
    ManualClock clock{*parse_iso8601("2026-11-21T09:00:00Z")};
    AccountService accounts{store, hasher, clock};
    TestModePaymentProvider payments{clock};
    ClinicService clinic{store, clock, payments};
    CallService calls{store, clock, clinic};
    NoIceServers ice;
    Dispatcher dispatcher{accounts, clinic, calls, ice};
    ConnectionState connection;
    int next_id = 1;

    DispatchOutcome send(const std::string& type, json data = json::object()) {
        return dispatcher.handle(connection, json{{"id", next_id++}, {"type", type}, {"data", data}}.dump());
    }
    json reply(const std::string& type, json data = json::object()) {
        return json::parse(send(type, std::move(data)).reply);
    }
};

}  // namespace

TEST_CASE("[core] dispatcher: hello first, then accounts", "[core][api]") {
    Fixture f;
    CHECK(f.reply("me")["error"]["code"] == "hello_required");
    CHECK(f.reply("hello", {{"protocol", 99}})["error"]["code"] == "protocol_mismatch");
    CHECK(f.reply("hello", {{"protocol", "1"}})["error"]["field"] == "protocol");
    auto hello = f.reply("hello", {{"protocol", 1}, {"client", "test"}});
    CHECK(hello["ok"] == true);
    CHECK(hello["data"]["session_idle_timeout_s"] == 1800);

    CHECK(f.reply("me")["error"]["code"] == "unauthenticated");
    auto up = f.send("sign_up", {{"email", "a@example.com"}, {"password", "a long enough secret"},
                                 {"display_name", "Ana"}, {"role", "patient"}, {"time_zone", "Europe/Lisbon"}});
    const json r = json::parse(up.reply);
    REQUIRE(r["ok"] == true);
    CHECK(up.signed_in == f.connection.session);
    CHECK(r["data"]["user"]["time_zone"] == "Europe/Lisbon");
    CHECK_FALSE(r["data"]["user"].contains("password_hash"));
    const std::string token = r["data"]["token"];
    CHECK(f.reply("me")["data"]["user"]["email"] == "a@example.com");

    SECTION("sign-out ends the session everywhere") {
        auto out = f.send("sign_out");
        CHECK(out.signed_out);
        REQUIRE(out.deliveries.size() == 1);
        CHECK(out.deliveries[0].event.name == "session.ended");
        CHECK(out.sessions_to_close.size() == 1);
        CHECK(f.reply("me")["error"]["code"] == "unauthenticated");
        CHECK(f.reply("resume_session", {{"token", token}})["error"]["code"] == "session_expired");
    }
    SECTION("a second connection resumes with the token") {
        ConnectionState other;
        other.greeted = true;
        auto resumed = json::parse(f.dispatcher.handle(other, json{{"id", 1}, {"type", "resume_session"}, {"data", {{"token", token}}}}.dump()).reply);
        CHECK(resumed["data"]["user"]["display_name"] == "Ana");
        CHECK(other.session == f.connection.session);
    }
    SECTION("an idle session answers session_expired and unbinds") {
        f.clock.advance(std::chrono::minutes(31));
        CHECK(f.reply("me")["error"]["code"] == "session_expired");
        CHECK_FALSE(f.connection.session);
    }
    SECTION("wrong types name the field") {
        auto bad = f.reply("change_password", {{"current_password", 5}, {"new_password", "x"}});
        CHECK(bad["error"]["code"] == "invalid_field");
        CHECK(bad["error"]["field"] == "current_password");
    }
}

TEST_CASE("[core] dispatcher answers garbage with an error, never throws", "[core][api]") {
    Fixture f;
    for (std::string_view junk : {"", "{", "null", "\"x\"", "{\"id\":1}", "{\"id\":1.5,\"type\":\"me\"}"}) {
        const json r = json::parse(f.dispatcher.handle(f.connection, junk).reply);
        CHECK(r["ok"] == false);
        CHECK(r["error"]["message"].get<std::string>().size() > 5);
    }
}
