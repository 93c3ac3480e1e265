#include <catch2/catch.hpp>

#include "app/controller.h"
#include "app/local_transport.h"
#include "app/remote_transport.h"
#include "core/api/dispatcher.h"
#include "core/crypto/pbkdf2_hasher.h"
#include "core/store/memory_store.h"
#include "core/seed/demo_clinic.h"

#include <algorithm>
#include "platform/page.h"
#include "platform/websocket_fake.h"

using namespace app;
using json = nlohmann::json;

namespace {

// The whole client stack over the in-page demo backend: the same path the offline demo takes.
struct DemoApp {
    core::ManualClock clock{*core::parse_iso8601("2026-11-21T09:00:00Z")};
    double now = 0;
    AppState state;
    MemoryTokenStore tokens;
    std::vector<std::string> navigations;
    Client client{std::make_unique<LocalTransport>(clock), [this] { return now; }};
    std::vector<std::string> downloads;
    Controller controller{state, client, tokens, clock, [this](const std::string& url) { navigations.push_back(url); },
                          [this](const std::string& name, const std::string&, const std::string&) { downloads.push_back(name); }};

    DemoApp() {
        controller.start();
        settle();
    }
    void settle() {
        for (int i = 0; i < 10; ++i) controller.poll();
    }
    void act(const Action& a) {
        controller.apply(a);
        settle();
    }
};

}  // namespace

TEST_CASE("[app] demo: sign in, tabs per role, sign out", "[app]") {
    DemoApp app;
    CHECK(app.state.connection == ConnectionStatus::demo);
    CHECK(app.state.screen == Screen::sign_in);

    SECTION("empty fields are named before anything is sent") {
        app.act(SubmitSignIn{});
        CHECK(app.state.sign_in.field_error("email"));
        CHECK(app.state.sign_in.field_error("password"));
    }
    SECTION("wrong password shows a form-level message") {
        app.state.sign_in.email = "patient@demo.telemed.test";
        app.state.sign_in.password = "not the password";
        app.act(SubmitSignIn{});
        CHECK(app.state.screen == Screen::sign_in);
        CHECK(app.state.sign_in.error == "The e-mail or password is not correct.");
    }
    SECTION("the demo doctor signs in with one action and sees the doctor's tabs") {
        app.act(DemoSignIn{1});
        REQUIRE(app.state.screen == Screen::home);
        CHECK(app.state.user->role == "doctor");
        CHECK(tabs_for_role(app.state.user->role)[1] == Tab::schedule);
        CHECK(app.tokens.load());
        app.act(SignOut{});
        CHECK(app.state.screen == Screen::sign_in);
        CHECK_FALSE(app.state.user);
        CHECK_FALSE(app.tokens.load());
    }
    SECTION("the admin lists accounts and creates a support agent") {
        app.act(DemoSignIn{2});
        app.act(SelectTab{Tab::accounts});
        CHECK(app.state.accounts.size() == 4 + core::demo_doctors().size() - 1);  // the main doctor is in both lists
        app.state.staff = {};
        app.state.staff.display_name = "Kim Park";
        app.state.staff.email = "kim@example.com";
        app.state.staff.password = "a long enough secret";
        app.act(SubmitStaffAccount{});
        CHECK(app.state.accounts.size() == 4 + core::demo_doctors().size());
        CHECK(app.state.accounts.back().role == "support");
    }
    SECTION("try-the-demo and leave-demo navigate") {
        app.act(LeaveDemo{});
        CHECK(app.navigations == std::vector<std::string>{"/"});
    }
}

TEST_CASE("[app] demo: sign up validates with the core rules, then enters home", "[app]") {
    DemoApp app;
    app.state.sign_up.display_name = "Zoë Łukasiewicz";
    app.state.sign_up.email = "zoe@example";
    app.state.sign_up.password = "short";
    app.act(SubmitSignUp{});
    CHECK(app.state.sign_up.field_error("email"));
    CHECK(app.state.sign_up.field_error("password"));

    app.state.sign_up.email = "zoe@example.com";
    app.state.sign_up.password = "a long enough secret";
    app.state.sign_up.role = 1;
    app.act(SubmitSignUp{});
    REQUIRE(app.state.screen == Screen::home);
    CHECK(app.state.user->status == "pending_verification");
    CHECK(app.state.notices.back().kind == Notice::Kind::success);

    SECTION("password change checks the confirmation") {
        app.state.password.current = "a long enough secret";
        app.state.password.next = "another long secret";
        app.state.password.confirm = "another long secreT";
        app.act(SubmitPasswordChange{});
        CHECK(app.state.password.field_error("confirm_password"));
        app.state.password.confirm = "another long secret";
        app.act(SubmitPasswordChange{});
        CHECK(app.state.password.field_errors.empty());
        CHECK(app.state.notices.back().text == "Password changed.");
    }
}

// The remote path against a scripted WebSocket peer that runs the real dispatcher.
TEST_CASE("[app] remote: hello, resume after reconnect, session end", "[app]") {
    platform::fake::reset();
    core::MemoryStore store;
    core::Pbkdf2Hasher hasher{1};
    core::ManualClock clock{*core::parse_iso8601("2026-11-21T09:00:00Z")};
    core::AccountService accounts{store, hasher, clock};
    core::TestModePaymentProvider payments{clock};
    core::ClinicService clinic{store, clock, payments};
    core::CallService calls{store, clock, clinic};
    core::NoIceServers ice;
    core::Dispatcher dispatcher{accounts, clinic, calls, ice};
    auto token = accounts.sign_up({"ana@example.com", "a long enough secret", "Ana", core::Role::patient, "UTC"})->token;

    double now = 0;
    AppState state;
    MemoryTokenStore tokens;
    tokens.save(token);
    Client client{std::make_unique<RemoteTransport>("ws://test/ws"), [&] { return now; }};
    Controller controller{state, client, tokens, clock, [](const std::string&) {}, nullptr};
    controller.start();
    CHECK(state.connection == ConnectionStatus::connecting);

    core::ConnectionState server_side;
    auto serve = [&](platform::fake::Peer& peer) {  // answer everything the client sent so far
        for (size_t i = 0; i < peer.sent.size(); ++i) {
            auto outcome = dispatcher.handle(server_side, peer.sent[i]);
            platform::fake::deliver(peer, outcome.reply);
        }
        peer.sent.clear();
        for (int i = 0; i < 3; ++i) controller.poll();
    };

    auto* peer = platform::fake::last_peer();
    REQUIRE(peer);
    platform::fake::accept(*peer);
    controller.poll();  // opened -> hello sent
    serve(*peer);       // hello ok -> resume_session sent
    serve(*peer);       // resume ok
    CHECK(state.connection == ConnectionStatus::online);
    REQUIRE(state.screen == Screen::home);
    CHECK(state.user->display_name == "Ana");

    SECTION("a dropped connection reconnects on a backoff and resumes") {
        platform::fake::drop(*peer);
        controller.poll();
        CHECK(state.connection == ConnectionStatus::reconnecting);
        CHECK(state.screen == Screen::home);  // still signed in while reconnecting
        now += 20000;
        controller.poll();
        auto* second = platform::fake::last_peer();
        REQUIRE(second != peer);
        server_side = {};
        platform::fake::accept(*second);
        controller.poll();
        serve(*second);
        serve(*second);
        CHECK(state.connection == ConnectionStatus::online);
        CHECK(state.user->display_name == "Ana");
    }
    SECTION("the browser going offline drops the socket at once; online again retries at once") {
        platform::set_network_online_native(false);
        controller.poll();
        CHECK(peer->closed_by_client);  // a socket on a dead path could stay "open" for minutes
        CHECK(state.connection == ConnectionStatus::reconnecting);
        controller.poll();
        CHECK(platform::fake::last_peer() == peer);  // no retry yet: the backoff runs
        platform::set_network_online_native(true);
        controller.poll();  // no waiting out the backoff
        auto* second = platform::fake::last_peer();
        REQUIRE(second != peer);
        server_side = {};
        platform::fake::accept(*second);
        controller.poll();
        serve(*second);
        serve(*second);
        CHECK(state.connection == ConnectionStatus::online);
    }
    SECTION("requests while offline fail with a clear message") {
        platform::fake::drop(*peer);
        controller.poll();
        state.password.current = "a long enough secret";
        state.password.next = state.password.confirm = "another long secret";
        controller.apply(SubmitPasswordChange{});
        controller.poll();
        CHECK(state.password.error.find("offline") != std::string::npos);
    }
    SECTION("a session.ended event signs the tab out") {
        platform::fake::deliver(*peer, core::protocol::encode_event({"session.ended", {{"reason", "expired"}}}));
        controller.poll();
        CHECK(state.screen == Screen::sign_in);
        CHECK_FALSE(tokens.load());
        CHECK(state.notices.back().text.find("30 minutes") != std::string::npos);
    }
    SECTION("a protocol mismatch is fatal and explained") {
        platform::fake::drop(*peer);
        controller.poll();
        now += 20000;
        controller.poll();
        auto* second = platform::fake::last_peer();
        platform::fake::accept(*second);
        controller.poll();
        platform::fake::deliver(*second, core::protocol::encode_error(second->sent.empty() ? 0 : json::parse(second->sent[0])["id"].get<std::int64_t>(),
                                                                    core::Error::of(core::ErrorCode::protocol_mismatch, "Reload the page to update the app.")));
        controller.poll();
        CHECK(state.connection == ConnectionStatus::outdated);
        CHECK(state.fatal == "Reload the page to update the app.");
    }
}

TEST_CASE("[app] demo: a patient books, the doctor confirms, credits move", "[app][clinic]") {
    DemoApp app;
    app.act(DemoSignIn{0});  // the demo patient
    REQUIRE(app.state.screen == Screen::home);
    auto& c = app.state.clinic;
    // The offline demo seeds one visit with the main doctor (inside its join window), paid as usual.
    const int start = core::kDemoPatientCredits - core::demo_doctors().front().price;
    CHECK(c.wallet.available == start);
    app.act(SelectTab{Tab::doctors});
    REQUIRE(c.doctors.size() == 6);  // the verified demo doctors; the pending one is not listed

    const auto okafor = std::find_if(c.doctors.begin(), c.doctors.end(), [](const DoctorCard& d) { return d.name == "Dr. Amara Okafor"; });
    REQUIRE(okafor != c.doctors.end());
    app.act(OpenDoctor{okafor->id});
    REQUIRE_FALSE(c.slots.empty());
    app.act(SubmitBooking{});
    CHECK(c.booking.error == "Choose a time first.");
    app.act(ChooseSlot{c.slots.front().starts_at});
    c.booking.concern = "Persistent cough for two weeks";
    app.act(SubmitBooking{});
    REQUIRE(c.detail);
    CHECK(c.detail->status == "requested");
    CHECK(app.state.tab == Tab::appointments);
    CHECK(c.wallet.available == start - 2);
    const auto id = c.detail->id;

    app.act(DownloadCalendar{id});
    CHECK(app.downloads == std::vector<std::string>{"appointment-" + std::to_string(id) + ".ics"});

    app.act(SignOut{});
    app.act(DemoSignIn{1});  // the demo doctor
    REQUIRE(c.appointments.size() == 2);  // the seeded demo visit and this request
    CHECK(c.unread >= 1);  // "New appointment request"
    app.act(OpenAppointment{id});
    REQUIRE(c.detail);
    CHECK(c.detail->concern == "Persistent cough for two weeks");
    app.act(AppointmentCommand{id, "confirm"});
    CHECK(c.detail->status == "confirmed");
    c.notes_draft = "Dry cough, no fever";
    c.summary_draft = "Drink fluids; come back if it lasts another week.";
    app.act(SaveNotes{});
    CHECK(c.detail->clinical_notes == "Dry cough, no fever");

    SECTION("the patient sees the summary but not the notes") {
        app.act(SignOut{});
        app.act(DemoSignIn{0});
        app.act(OpenAppointment{id});
        REQUIRE(c.detail);
        CHECK(c.detail->status == "confirmed");
        CHECK(c.detail->visit_summary == "Drink fluids; come back if it lasts another week.");
        CHECK(c.detail->clinical_notes.empty());
    }
}

TEST_CASE("[app] demo: buying credits and opening hours", "[app][clinic]") {
    DemoApp app;
    app.act(DemoSignIn{0});
    auto& c = app.state.clinic;
    app.act(SelectTab{Tab::credits});
    REQUIRE(c.packages.size() == 3);
    c.payment.package = 0;
    c.payment.number = "4000 0000 0000 0002";
    c.payment.expiry = "12/30";
    c.payment.cvc = "123";
    app.act(SubmitPurchase{});
    CHECK(c.payment.error == "Your card was declined by the bank. Try another card.");
    CHECK(c.payment.idempotency_key.empty());  // a declined attempt is over
    c.payment.number = "4242 4242 4242 4242";
    app.act(SubmitPurchase{});
    CHECK(c.payment.error.empty());
    CHECK(c.wallet.available == core::kDemoPatientCredits - core::demo_doctors().front().price + 2);

    app.act(SignOut{});
    app.act(DemoSignIn{1});
    app.act(SelectTab{Tab::profile});
    REQUIRE(c.availability.loaded);
    CHECK(c.availability.weekly[0] == "09:00-12:30, 14:00-18:00");
    c.availability.weekly[6] = "10:00-9:00";
    app.act(SaveAvailability{});
    CHECK(c.availability.field_error("weekly_6"));
    c.availability.weekly[6] = "10:00-12:00";
    c.availability.exceptions = "2026-12-24 off\n2026-12-27 10:00-11:00\n";
    app.act(SaveAvailability{});
    CHECK(c.availability.field_errors.empty());
    CHECK(c.availability.error.empty());
}
