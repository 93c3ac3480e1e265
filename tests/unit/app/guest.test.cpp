// The guest side of an invitation link, over a scripted WebSocket peer that runs the real dispatcher:
// what the invitation is for, the name, entering as a guest (the key kept to come back), the pre-call
// check of that visit; a reconnect re-enters with the key; a bad link says why.
#include <catch2/catch.hpp>

#include "app/controller.h"
#include "app/remote_transport.h"
#include "core/api/dispatcher.h"
#include "core/crypto/pbkdf2_hasher.h"
#include "core/store/memory_store.h"
#include "platform/websocket_fake.h"

using namespace app;
using json = nlohmann::json;
using namespace std::chrono_literals;

namespace {

struct GuestScene {
    core::MemoryStore store;
    core::Pbkdf2Hasher hasher{1};
    core::ManualClock clock{*core::parse_iso8601("2026-11-16T08:50:00Z")};
    core::AccountService accounts{store, hasher, clock};
    core::TestModePaymentProvider payments{clock};
    core::ClinicService clinic{store, clock, payments};
    core::CallService calls{store, clock, clinic};
    core::NoIceServers ice;
    core::Dispatcher dispatcher{accounts, clinic, calls, ice};
    core::ClinicEffects cfx;
    std::string token;

    double now = 0;
    AppState state;
    MemoryTokenStore tokens, guest_store;
    std::unique_ptr<Client> client;
    std::unique_ptr<Controller> controller;
    core::ConnectionState server_side;

    explicit GuestScene(bool valid_token = true) {
        platform::fake::reset();
        const auto admin = accounts.ensure_account({"admin@example.com", "a long enough secret", "Admin", core::Role::admin, "UTC"},
                                                   core::AccountStatus::active)->id;
        const auto doctor = accounts.sign_up({"dr@example.com", "a long enough secret", "Dr. Amara Okafor", core::Role::doctor, "UTC"})->user.id;
        const auto patient = accounts.sign_up({"pat@example.com", "a long enough secret", "Zoë", core::Role::patient, "UTC"})->user.id;
        REQUIRE(clinic.update_doctor_profile(doctor, {"cardiology", "Bio", {"English"}, 10, "LIC-1", "Berlin", 2}, cfx));
        core::Availability a;
        for (int d = 0; d < 7; ++d) a.weekly.push_back({d, 8 * 60, 18 * 60});
        a.min_notice_minutes = 0;
        REQUIRE(clinic.set_availability(doctor, a));
        REQUIRE(clinic.decide_verification(admin, doctor, core::Verification::verified, "", cfx));
        REQUIRE(clinic.buy_credits(patient, "bundle5", {"4242 4242 4242 4242", 12, 2030, "123", "Z"}, "key-12345678", cfx));
        auto visit = clinic.book(patient, doctor, *core::parse_iso8601("2026-11-16T09:00:00Z"), "", cfx);
        REQUIRE(visit);
        REQUIRE(clinic.act(doctor, visit->id, core::AppointmentAction::confirm, "", cfx));
        token = valid_token ? calls.create_invite(doctor, visit->id, core::CallRole::interpreter, "Maria")->token : "garbage";

        state.guest.token = token;
        state.guest.phase = GuestEntry::Phase::loading;
        client = std::make_unique<Client>(std::make_unique<RemoteTransport>("ws://test/ws"), [this] { return now; });
        controller = std::make_unique<Controller>(state, *client, tokens, clock, [](const std::string&) {}, nullptr);
        controller->set_guest_store(&guest_store);
        controller->start();
    }
    // Answers everything the client sent so far; returns the request types it saw.
    std::vector<std::string> serve(platform::fake::Peer& peer) {
        std::vector<std::string> types;
        for (const std::string& frame : peer.sent) {
            types.push_back(json::parse(frame).value("type", ""));
            platform::fake::deliver(peer, dispatcher.handle(server_side, frame).reply);
        }
        peer.sent.clear();
        for (int i = 0; i < 3; ++i) controller->poll();
        return types;
    }
    platform::fake::Peer& connect() {
        auto* peer = platform::fake::last_peer();
        REQUIRE(peer);
        platform::fake::accept(*peer);
        controller->poll();  // hello sent
        serve(*peer);        // hello answered -> the guest flow starts
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
    CHECK(s.state.guest.role == "interpreter");
    CHECK(s.state.guest.name == "Maria");  // the doctor's label, to correct if needed
    CHECK_FALSE(s.state.user);

    s.state.guest.name = "  ";
    s.controller->apply(SubmitGuestEntry{});
    CHECK_FALSE(s.state.guest.name_error.empty());
    CHECK(peer.sent.empty());  // nothing sent without a name

    s.state.guest.name = "Maria Silva";
    s.controller->apply(SubmitGuestEntry{});
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
        s.controller->poll();
        s.now += 20000;
        s.controller->poll();
        s.server_side = {};
        auto& again = s.connect();
        const auto types = s.serve(again);
        CHECK(types == std::vector<std::string>{"invite_join"});
        CHECK(s.state.guest.phase == GuestEntry::Phase::in_visit);
        CHECK(s.server_side.guest);
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
