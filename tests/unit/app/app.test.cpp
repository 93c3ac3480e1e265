// The client end to end without a browser: the session flow and the clinic over the in-page demo
// backend, and the remote path (hello, resume, reconnect, session end) over a scripted WebSocket.
#include <catch2/catch.hpp>

#include <algorithm>

#include "app_scene.h"
#include "core/seed/demo_clinic.h"
#include "platform/page.h"

using namespace app;
using app_test::DemoApp;
using json = nlohmann::json;

TEST_CASE("[app] demo: sign in, tabs per role, sign out", "[app]") {
    DemoApp app;
    CHECK(app.state.connection == ConnectionStatus::demo);
    CHECK(app.state.screen == Screen::sign_in);

    SECTION("empty fields are named before anything is sent") {
        app.act(SubmitSignIn{});
        CHECK(app.state.accounts.sign_in.field_error("email"));
        CHECK(app.state.accounts.sign_in.field_error("password"));
    }
    SECTION("wrong password shows a form-level message") {
        app.state.accounts.sign_in.email = "patient@demo.telemed.test";
        app.state.accounts.sign_in.password = "not the password";
        app.act(SubmitSignIn{});
        CHECK(app.state.screen == Screen::sign_in);
        CHECK(app.state.accounts.sign_in.error == "The e-mail or password is not correct.");
    }
    SECTION("the demo doctor signs in with one action and sees the doctor's tabs") {
        app.act(DemoSignIn{1});
        REQUIRE(app.state.screen == Screen::home);
        CHECK(app.state.user->role == core::Role::doctor);
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
        CHECK(app.state.accounts.list.size() == 4 + core::demo_doctors().size() - 1);  // the main doctor is in both lists
        app.state.accounts.staff = {};
        app.state.accounts.staff.display_name = "Kim Park";
        app.state.accounts.staff.email = "kim@example.com";
        app.state.accounts.staff.password = "a long enough secret";
        app.act(SubmitStaffAccount{});
        CHECK(app.state.accounts.list.size() == 4 + core::demo_doctors().size());
        CHECK(app.state.accounts.list.back().role == core::Role::support);
    }
    SECTION("try-the-demo and leave-demo navigate") {
        app.act(LeaveDemo{});
        CHECK(app.navigations == std::vector<std::string>{"/"});
    }
}

TEST_CASE("[app] demo: sign up validates with the core rules, then enters home", "[app]") {
    DemoApp app;
    AccountsState& a = app.state.accounts;
    a.sign_up.display_name = "Zoë Łukasiewicz";
    a.sign_up.email = "zoe@example";
    a.sign_up.password = "short";
    app.act(SubmitSignUp{});
    CHECK(a.sign_up.field_error("email"));
    CHECK(a.sign_up.field_error("password"));

    a.sign_up.email = "zoe@example.com";
    a.sign_up.password = "a long enough secret";
    a.sign_up.role = 1;
    app.act(SubmitSignUp{});
    REQUIRE(app.state.screen == Screen::home);
    CHECK(app.state.user->status == core::AccountStatus::pending_verification);
    CHECK(app.state.notices.back().kind == Notice::Kind::success);

    SECTION("password change checks the confirmation") {
        a.password.current = "a long enough secret";
        a.password.next = "another long secret";
        a.password.confirm = "another long secreT";
        app.act(SubmitPasswordChange{});
        CHECK(a.password.field_error("confirm_password"));
        a.password.confirm = "another long secret";
        app.act(SubmitPasswordChange{});
        CHECK(a.password.field_errors.empty());
        CHECK(app.state.notices.back().text == "Password changed.");
    }
}

// The remote path against a scripted WebSocket peer that runs the real dispatcher.
TEST_CASE("[app] remote: hello, resume after reconnect, session end", "[app]") {
    platform::fake::reset();
    core::MemoryStore store;
    core::Pbkdf2Hasher hasher{1};
    core::ManualClock clock{*core::parse_iso8601("2026-11-21T09:00:00Z")};
    core::TestModePaymentProvider payments{clock};
    core::NoIceServers ice;
    app_test::CollectingErrors errors;
    core::Services services{store, hasher, clock, payments, ice, errors};
    auto token = services.accounts.sign_up({"ana@example.com", "a long enough secret", "Ana", core::Role::patient, "UTC"})->token;

    double now = 0;
    AppState state;
    MemoryTokenStore tokens;
    tokens.save(token);
    Client client{std::make_unique<RemoteTransport>("ws://test/ws"), [&] { return now; }};
    App controller{state, client, Environment{clock, tokens, nullptr, [](const std::string&) {}, nullptr, nullptr}};
    controller.start();
    CHECK(state.connection == ConnectionStatus::connecting);

    core::ConnectionState server_side;
    auto serve = [&](platform::fake::Peer& peer) {  // answer everything the client sent so far
        for (size_t i = 0; i < peer.sent.size(); ++i) {
            auto outcome = services.dispatcher.handle(server_side, peer.sent[i]);
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
        state.accounts.password.current = "a long enough secret";
        state.accounts.password.next = state.accounts.password.confirm = "another long secret";
        controller.apply(SubmitPasswordChange{});
        controller.poll();
        CHECK(state.accounts.password.error.find("offline") != std::string::npos);
    }
    SECTION("a session.ended event signs the tab out") {
        platform::fake::deliver(*peer, core::protocol::encode_event(core::protocol::make_event(core::msg::SessionEnded{core::SessionEndReason::expired})));
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
    BookingState& b = app.state.booking;
    VisitsState& c = app.state.visits;
    const core::msg::WalletInfo& wallet = app.state.credits.wallet;
    // The offline demo seeds one visit with the main doctor (inside its join window), paid as usual.
    const int start = core::kDemoPatientCredits - core::demo_doctors().front().price;
    CHECK(wallet.available == start);
    app.act(SelectTab{Tab::doctors});
    REQUIRE(b.doctors.size() == 6);  // the verified demo doctors; the pending one is not listed

    const auto okafor = std::find_if(b.doctors.begin(), b.doctors.end(),
                                     [](const core::msg::DoctorListingInfo& d) { return d.display_name == "Dr. Amara Okafor"; });
    REQUIRE(okafor != b.doctors.end());
    app.act(OpenDoctor{okafor->doctor_id});
    REQUIRE_FALSE(b.slots.empty());
    app.act(SubmitBooking{});
    CHECK(b.form.error == "Choose a time first.");
    app.act(ChooseSlot{b.slots.front().starts_at});
    b.form.concern = "Persistent cough for two weeks";
    app.act(SubmitBooking{});
    REQUIRE(c.detail);
    CHECK(c.detail->status == core::AppointmentStatus::requested);
    CHECK(app.state.tab == Tab::appointments);
    CHECK(wallet.available == start - 2);
    const auto id = c.detail->id;

    app.act(DownloadCalendar{id});
    CHECK(app.downloads == std::vector<std::string>{"appointment-" + std::to_string(id) + ".ics"});

    app.act(SignOut{});
    app.act(DemoSignIn{1});  // the demo doctor
    REQUIRE(c.appointments.size() == 2);  // the seeded demo visit and this request
    CHECK(app.state.notifications.unread >= 1);  // "New appointment request"
    app.act(OpenAppointment{id});
    REQUIRE(c.detail);
    CHECK(c.detail->concern == "Persistent cough for two weeks");
    app.act(AppointmentCommand{id, core::AppointmentAction::confirm});
    CHECK(c.detail->status == core::AppointmentStatus::confirmed);
    c.notes_draft = "Dry cough, no fever";
    c.summary_draft = "Drink fluids; come back if it lasts another week.";
    app.act(SaveNotes{});
    CHECK(c.detail->clinical_notes == "Dry cough, no fever");

    SECTION("the patient sees the summary but not the notes") {
        app.act(SignOut{});
        app.act(DemoSignIn{0});
        app.act(OpenAppointment{id});
        REQUIRE(c.detail);
        CHECK(c.detail->status == core::AppointmentStatus::confirmed);
        CHECK(c.detail->visit_summary == "Drink fluids; come back if it lasts another week.");
        CHECK(c.detail->clinical_notes.value_or("").empty());
    }
}

TEST_CASE("[app] demo: buying credits and opening hours", "[app][clinic]") {
    DemoApp app;
    app.act(DemoSignIn{0});
    CreditsState& c = app.state.credits;
    AvailabilityForm& hours = app.state.practice.availability;
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
    REQUIRE(hours.loaded);
    CHECK(hours.weekly[0] == "09:00-12:30, 14:00-18:00");
    hours.weekly[6] = "10:00-9:00";
    app.act(SaveAvailability{});
    CHECK(hours.field_error("weekly_6"));
    hours.weekly[6] = "10:00-12:00";
    hours.exceptions = "2026-12-24 off\n2026-12-27 10:00-11:00\n";
    app.act(SaveAvailability{});
    CHECK(hours.field_errors.empty());
    CHECK(hours.error.empty());
}
