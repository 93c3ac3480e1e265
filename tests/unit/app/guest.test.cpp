// The guest side of an invitation link, over a scripted WebSocket peer that runs the real dispatcher:
// what the invitation is for, the name, entering as a guest (the key kept to come back), the pre-call
// check of that visit; a reconnect re-enters with the key; a bad link says why.
#include <catch2/catch.hpp>

#include "app_scene.h"

using namespace app;
using json = nlohmann::json;
using namespace std::chrono_literals;

namespace {

struct GuestScene : app_test::ServerScene {
    std::string token;
    double now = 0;
    AppState state;
    MemoryTokenStore tokens, guest_store;
    std::unique_ptr<Client> client;
    std::unique_ptr<App> app;
    app_test::Wire wire{services};

    explicit GuestScene(bool valid_token = true) : ServerScene(app_test::at("2026-11-16T08:50:00Z")) {
        platform::fake::reset();
        token = valid_token ? services.invitations.create(doctor, visit, core::CallRole::interpreter, "Maria")->token : "garbage";

        state.guest.token = token;
        state.guest.phase = GuestEntry::Phase::loading;
        client = std::make_unique<Client>(std::make_unique<RemoteTransport>("ws://test/ws"), [this] { return now; });
        app = std::make_unique<App>(state, *client, Environment{clock, tokens, &guest_store, [](const std::string&) {}, nullptr, nullptr});
        app->start();
    }
    // Answers everything the client sent so far; returns the request types it saw.
    std::vector<std::string> serve(platform::fake::Peer& peer) {
        wire.peer = &peer;
        auto types = wire.serve();
        for (int i = 0; i < 3; ++i) app->poll();
        return types;
    }
    platform::fake::Peer& connect() {
        auto* peer = platform::fake::last_peer();
        REQUIRE(peer);
        platform::fake::accept(*peer);
        app->poll();  // hello sent
        serve(*peer);  // hello answered -> the guest flow starts
        return *peer;
    }
};

}  // namespace

TEST_CASE("[app] guest: an invitation link leads to the pre-call check of that visit, no account", "[app][invites]") {
    GuestScene s;
    auto& peer = s.connect();
    CHECK(s.state.screen == Screen::guest);
    CHECK(s.serve(peer) == std::vector<std::string>{"invite_info"});
    REQUIRE(s.state.guest.phase == GuestEntry::Phase::enter_name);
    CHECK(s.state.guest.doctor_name == "Dr. Amara Okafor");
    CHECK(s.state.guest.role == core::CallRole::interpreter);
    CHECK(s.state.guest.name == "Maria");  // the doctor's label, to correct if needed
    CHECK_FALSE(s.state.user);

    s.state.guest.name = "  ";
    s.app->apply(SubmitGuestEntry{});
    CHECK_FALSE(s.state.guest.name_error.empty());
    CHECK(peer.sent.empty());  // nothing sent without a name

    s.state.guest.name = "Maria Silva";
    s.app->apply(SubmitGuestEntry{});
    CHECK(s.serve(peer) == std::vector<std::string>{"invite_join"});
    REQUIRE(s.state.guest.phase == GuestEntry::Phase::in_visit);
    CHECK(s.state.guest.me < 0);
    CHECK(s.state.call.guest);
    CHECK(s.state.call.me == s.state.guest.me);
    CHECK(s.state.call.phase == CallPhase::precheck);
    CHECK(s.state.call.title == "Dr. Amara Okafor's video visit");
    const auto saved = s.guest_store.load();
    REQUIRE(saved);
    CHECK(json::parse(*saved)["token"] == s.token);
    CHECK(json::parse(*saved)["key"].get<std::string>().size() == 43);
    CHECK_FALSE(s.tokens.load());  // no session token: a guest never signs in

    SECTION("after a dropped connection the same browser re-enters with its key") {
        platform::fake::drop(peer);
        s.app->poll();
        s.now += 20000;
        s.app->poll();
        s.wire.server_side = {};
        auto& again = s.connect();
        const auto types = s.serve(again);
        CHECK(types == std::vector<std::string>{"invite_join"});
        CHECK(s.state.guest.phase == GuestEntry::Phase::in_visit);
        CHECK(s.wire.server_side.guest);
    }
}

TEST_CASE("[app] guest: a link that is not valid says so", "[app][invites]") {
    GuestScene s(false);
    auto& peer = s.connect();
    s.serve(peer);
    CHECK(s.state.screen == Screen::guest);
    CHECK(s.state.guest.phase == GuestEntry::Phase::invalid);
    CHECK(s.state.guest.error.find("not valid") != std::string::npos);
}
