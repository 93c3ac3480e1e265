#include <catch2/catch.hpp>

#include "core/clinic/messages.h"
#include "confirmed_visit.h"
#include "events.h"
#include "services_fixture.h"
#include "test_store.h"

using namespace core;
using namespace std::chrono_literals;
using json = nlohmann::json;
using test_scene::at;
using test_scene::Client;

namespace {

struct Fixture : test_scene::ServicesFixture {
    explicit Fixture(Store* other = nullptr) : ServicesFixture(at("2026-11-21T09:00:00Z"), {}, other) {}

    Client client{services};
    ConnectionState& connection = client.state;

    DispatchOutcome send(const std::string& type, json data = json::object()) { return client.send(type, std::move(data)); }
    json reply(const std::string& type, json data = json::object()) { return client.reply(type, std::move(data)); }
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
        REQUIRE(out.effects.deliveries.size() == 1);
        CHECK(out.effects.deliveries[0].event.name == "session.ended");
        CHECK(out.effects.sessions_to_close.size() == 1);
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

// Errors are never silent: whatever throws inside a request, a timer or the disconnect hook is told to
// the ErrorReporter once (the server logs it as a JSON line and counts it in /metrics), the person gets
// `internal`, and the connection carries on. The store below fails the way a database does, from
// inside a transaction (test_store.h).
TEST_CASE("[core] dispatcher: an exception inside a handler answers internal, is reported once, keeps the connection",
          "[core][api][errors]") {
    test_store::TestStore store;
    Fixture f(&store);
    f.client.hello();
    REQUIRE(f.reply("sign_up", {{"email", "a@example.com"}, {"password", "a long enough secret"}, {"display_name", "Ana"},
                                {"role", "patient"}})["ok"] == true);

    store.broken = "clinic";  // every use of the clinic's repository throws std::runtime_error
    const auto outcome = f.send("get_appointment", {{"appointment_id", 1}});
    const json r = json::parse(outcome.reply);
    CHECK(r["id"] == 3);  // the answer names the request (hello, sign_up, this)
    CHECK(r["ok"] == false);
    CHECK(r["error"]["code"] == "internal");
    CHECK(r["error"]["message"] == std::string(default_message(ErrorCode::internal)));  // nothing of the database's text
    CHECK(outcome.type == protocol::RequestType::get_appointment);
    CHECK(outcome.effects.empty());

    const auto reports = f.errors.reports();
    REQUIRE(reports.size() == 1);
    CHECK(reports[0].where == "get_appointment");
    CHECK(reports[0].connection == f.connection.id);
    CHECK(reports[0].connection != 0);
    CHECK_THAT(reports[0].what, Catch::Contains("database disk image is malformed"));

    // The connection is still open and signed in: the next request is answered as usual.
    store.broken.clear();
    CHECK(f.connection.session);
    CHECK(f.reply("me")["data"]["user"]["email"] == "a@example.com");
    CHECK(f.reply("get_appointment", {{"appointment_id", 1}})["error"]["code"] == "not_found");
    CHECK(f.errors.reports().size() == 1);  // reported once, and nothing for answers that are not failures
}

TEST_CASE("[core] dispatcher: a timer that throws is reported once, the other timers still run", "[core][api][errors]") {
    test_store::TestStore store;
    test_scene::ConfirmedVisit f("America/New_York", {}, &store);
    const AppointmentId unanswered = f.book(at("2026-11-16T10:00:00Z"));
    f.clock.set(at("2026-11-16T10:00:00Z"));  // its start: the clinic's sweep lets it expire
    const auto expired = [&](const Effects& out) {
        for (const auto& u : test_events::events_to<msg::AppointmentUpdated>(out, f.patient))
            if (u.appointment.id == unanswered && u.appointment.status == AppointmentStatus::expired) return true;
        return false;
    };

    SECTION("the recordings' sweep fails; the clinic's still expires the request") {
        store.broken = "recordings";
        Effects out;
        REQUIRE_NOTHROW(out = f.dispatcher.run_timers());
        const auto reports = f.errors.reports();
        REQUIRE(reports.size() == 1);
        CHECK(reports[0].where == "recordings.sweep");
        CHECK(reports[0].connection == 0);  // no connection: a timer
        CHECK_THAT(reports[0].what, Catch::Contains("recordings"));
        CHECK(expired(out));
    }
    SECTION("the clinic's sweep fails: nothing of it comes out, and the next tick does it") {
        store.broken = "clinic";
        Effects out;
        REQUIRE_NOTHROW(out = f.dispatcher.run_timers());
        // The calls' sweep reads the clinic's appointments too (abandoned visits to close): it fails
        // with it, reported on its own.
        const auto reports = f.errors.reports();
        REQUIRE(reports.size() == 2);
        CHECK(reports[0].where == "clinic.sweep");
        CHECK(reports[1].where == "calls.sweep");
        CHECK(reports[0].connection == 0);
        CHECK(out.empty());
        store.broken.clear();
        CHECK(expired(f.dispatcher.run_timers()));
        CHECK(f.errors.reports().size() == 2);
    }
}

TEST_CASE("[core] dispatcher: a disconnect hook that throws is reported once with the connection", "[core][api][errors]") {
    test_store::TestStore store;
    test_scene::ConfirmedVisit f("America/New_York", {}, &store);
    f.clock.set(f.start - 5min);
    Client doctor(f.services);
    doctor.hello().sign_in("dr@example.com");
    REQUIRE(doctor.reply("call_join", {{"appointment_id", f.visit}})["ok"] == true);

    store.broken = "calls";  // ending the doctor's stretch in the call log fails
    Effects out;
    REQUIRE_NOTHROW(out = f.dispatcher.on_disconnect(doctor.state));
    // Nothing of the failed hook; the other hooks still ran (presence: the doctor went offline).
    for (const Delivery& d : out.deliveries) CHECK(d.event.name == "presence.changed");
    CHECK(out.sessions_to_close.empty());
    const auto reports = f.errors.reports();
    REQUIRE(reports.size() == 1);
    CHECK(reports[0].where == "disconnect");
    CHECK(reports[0].connection == doctor.state.id);
    CHECK_THAT(reports[0].what, Catch::Contains("calls"));
}

TEST_CASE("[core] dispatcher: what it answers from memory, and what it leaves for the store", "[core][api]") {
    Fixture f;
    auto frame = [](const std::string& type, json data = json::object()) {
        return protocol::decode_request(json{{"id", 7}, {"type", type}, {"data", std::move(data)}}.dump());
    };
    auto in_memory = [&](const std::string& type, json data = json::object()) {
        DecodedRequest request = frame(type, std::move(data));
        return f.dispatcher.handle_in_memory(f.connection, request);
    };

    // Refusals and malformed frames need no store.
    auto early = in_memory("me");
    REQUIRE(early);
    CHECK(json::parse(early->reply)["error"]["code"] == "hello_required");
    DecodedRequest junk = protocol::decode_request("{");
    auto bad = f.dispatcher.handle_in_memory(f.connection, junk);
    REQUIRE(bad);
    CHECK(json::parse(bad->reply)["error"]["code"] == "bad_json");
    auto hello = in_memory("hello", {{"protocol", 1}});
    REQUIRE(hello);
    CHECK(json::parse(hello->reply)["ok"] == true);
    CHECK(f.connection.greeted);

    // A store route is left alone, whatever it is.
    CHECK_FALSE(in_memory("sign_in", {{"email", "a@example.com"}, {"password", "a long enough secret"}}));
    REQUIRE(f.send("sign_up", {{"email", "a@example.com"}, {"password", "a long enough secret"},
                               {"display_name", "Ana"}, {"role", "patient"}})
                .signed_in);
    CHECK_FALSE(in_memory("list_appointments"));

    // `me` with its session cached is answered here, the same as handle() answers it.
    auto me = in_memory("me");
    REQUIRE(me);
    const json mine = json::parse(me->reply);
    CHECK(mine["id"] == 7);
    CHECK(mine["data"]["user"]["email"] == "a@example.com");
    CHECK(mine["data"] == f.reply("me")["data"]);

    // When the last-seen time is due to be written, or the session expired, the store decides.
    f.clock.advance(std::chrono::minutes(2));
    CHECK_FALSE(in_memory("me"));
    CHECK(f.reply("me")["ok"] == true);  // written now
    CHECK(in_memory("me"));
    f.clock.advance(std::chrono::minutes(31));
    CHECK_FALSE(in_memory("me"));
    CHECK(f.reply("me")["error"]["code"] == "session_expired");
}
