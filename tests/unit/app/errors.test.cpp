// Errors are never silent: a failed reply that no module handles, a reply that does not decode and an
// event that does not decode all reach the person as an error notice (a toast), with the server's
// message; a failure a module handles itself (a form's field error) does not.
#include <catch2/catch.hpp>

#include "app_scene.h"

using namespace app;
using json = nlohmann::json;

namespace {

// A signed-out client on a scripted socket whose "server" is the test itself.
struct ScriptedServer {
    core::ManualClock clock{app_test::at("2026-11-21T09:00:00Z")};
    double now = 0;
    AppState state;
    MemoryTokenStore tokens;
    Client client{std::make_unique<RemoteTransport>("ws://test/ws"), [this] { return now; }};
    App app{state, client, Environment{clock, tokens, nullptr, [](const std::string&) {}, nullptr, nullptr}};
    platform::fake::Peer* peer = nullptr;

    ScriptedServer() {
        platform::fake::reset();
        app.start();
        peer = platform::fake::last_peer();
        REQUIRE(peer);
        platform::fake::accept(*peer);
        app.poll();  // hello sent
        answer_last(json{{"protocol", core::protocol::kVersion}, {"server", "test"}, {"session_idle_timeout_s", 1800}});
        REQUIRE(client.online());
    }
    std::int64_t last_id() const { return json::parse(peer->sent.back())["id"].get<std::int64_t>(); }
    void answer_last(const json& data) {
        platform::fake::deliver(*peer, core::protocol::encode_ok(last_id(), data));
        app.poll();
    }
    void refuse_last(const core::Error& e) {
        platform::fake::deliver(*peer, core::protocol::encode_error(last_id(), e));
        app.poll();
    }
    std::vector<Notice> errors() const {
        std::vector<Notice> out;
        for (const Notice& n : state.notices)
            if (n.kind == Notice::Kind::error) out.push_back(n);
        return out;
    }
};

}  // namespace

TEST_CASE("[app] errors: a failed reply nobody handles becomes an error notice with the server's message", "[app][errors]") {
    SECTION("over the demo backend: a patient asks for an administrator's request") {
        app_test::DemoApp demo;
        demo.act(DemoSignIn{0});
        REQUIRE(demo.state.screen == Screen::home);
        demo.state.notices.clear();
        demo.act(DecideVerification{1, core::Verification::verified});
        REQUIRE(demo.state.notices.size() == 1);
        CHECK(demo.state.notices[0].kind == Notice::Kind::error);
        CHECK_FALSE(demo.state.notices[0].text.empty());
    }
    SECTION("a module's own handler keeps it: the sign-in form shows it, no toast") {
        ScriptedServer s;
        s.state.accounts.sign_in.email = "ana@example.com";
        s.state.accounts.sign_in.password = "a long enough secret";
        s.app.apply(SubmitSignIn{});
        s.refuse_last(core::Error::of(core::ErrorCode::invalid_credentials, "The e-mail or password is not correct."));
        CHECK(s.state.accounts.sign_in.error == "The e-mail or password is not correct.");
        CHECK(s.errors().empty());
    }
    SECTION("a list that fails to load says why") {
        ScriptedServer s;
        s.app.apply(RefreshAccounts{});
        s.refuse_last(core::Error::of(core::ErrorCode::internal, "Something went wrong on our side. Please try again."));
        REQUIRE(s.errors().size() == 1);
        CHECK(s.errors()[0].text == "Something went wrong on our side. Please try again.");
        CHECK_FALSE(s.state.accounts.loading);
    }
    SECTION("an error handler that answers false passes the error on") {
        ScriptedServer s;
        bool asked = false;
        s.client.call(core::msg::ListAccounts{}, nullptr, [&](const core::Error&) { return asked = true, false; });
        s.refuse_last(core::Error::of(core::ErrorCode::forbidden, "Only administrators see every account."));
        CHECK(asked);
        REQUIRE(s.errors().size() == 1);
        CHECK(s.errors()[0].text == "Only administrators see every account.");
    }
}

TEST_CASE("[app] errors: a reply that does not decode is an error too", "[app][errors]") {
    ScriptedServer s;
    bool replied = false;
    std::optional<core::Error> seen;
    s.client.call(core::msg::ListAccounts{}, [&](core::msg::UserList&) { replied = true; },
                  [&](const core::Error& e) { return seen = e, false; });
    s.answer_last(json{{"users", json{{"not", "a list"}}}});
    CHECK_FALSE(replied);
    REQUIRE(seen);
    CHECK(seen->code == core::ErrorCode::bad_message);
    CHECK(seen->message.find("list_accounts") != std::string::npos);
    REQUIRE(s.errors().size() == 1);  // the handler passed it on
    CHECK(s.errors()[0].text == seen->message);
}

TEST_CASE("[app] errors: an event that does not decode is reported, not dropped", "[app][errors]") {
    ScriptedServer s;
    s.state.user = core::msg::UserInfo{};  // signed in, as far as the modules are concerned

    SECTION("a known event with a broken field") {
        platform::fake::deliver(*s.peer, core::protocol::encode_event({"appointment.updated", json{{"appointment", json{{"id", "seven"}}}}}));
        s.app.poll();
        REQUIRE(s.errors().size() == 1);
        CHECK(s.errors()[0].text.find("appointment.updated") != std::string::npos);
        CHECK(s.errors()[0].text.find("appointment.id") != std::string::npos);
        CHECK(s.state.visits.appointments.empty());
    }
    SECTION("a well-formed event is applied, without a notice") {
        core::msg::NotificationInfo n{7, "test", "Reminder", "Your visit starts in 15 minutes.", app_test::at("2026-11-21T09:00:00Z"), false, {}};
        platform::fake::deliver(*s.peer, core::protocol::encode_event(core::protocol::make_event(core::msg::NotificationCreated{n, std::nullopt, 1})));
        s.app.poll();
        CHECK(s.errors().empty());
        REQUIRE(s.state.notifications.list.size() == 1);
        CHECK(s.state.notifications.unread == 1);
    }
    SECTION("an event this client does not know yet is only logged (the list is append-only)") {
        platform::fake::deliver(*s.peer, core::protocol::encode_event({"helpline.ticket_updated", json::object()}));
        s.app.poll();
        CHECK(s.errors().empty());
    }
}
