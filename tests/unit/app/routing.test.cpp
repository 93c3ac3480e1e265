// Every screen has a URL (app/router.h) over the offline demo (the whole client, the in-page backend):
// moving writes new history entries, Back and Forward move between screens, a URL opened before
// signing in is followed once signed in, a URL that names nothing gives way to home, the call's URL
// opens the check before it, signing out clears the address.
#include <catch2/catch.hpp>

#include "app_scene.h"

using namespace app;

namespace {

// The browser's session history as the page sees it: entries, the current one, pushState/replaceState.
struct History {
    std::vector<std::string> entries{""};
    std::size_t at = 0;

    const std::string& current() const { return entries[at]; }
    void write(const std::string& route, bool replace) {
        if (replace) {
            entries[at] = route;
            return;
        }
        entries.resize(at + 1);
        entries.push_back(route);
        ++at;
    }
    void back() {
        REQUIRE(at > 0);
        --at;
    }
    void forward() {
        REQUIRE(at + 1 < entries.size());
        ++at;
    }
    void open(const std::string& route) { write(route, false); }  // a link, typed or clicked
};

struct RoutedApp {
    core::ManualClock clock{app_test::at("2026-11-21T09:00:00Z")};
    AppState state;
    MemoryTokenStore tokens;
    History history;
    Client client;
    App app;

    RoutedApp() : client(std::make_unique<LocalTransport>(clock), [] { return 0.0; }), app(state, client, environment()) {
        app.start();
        settle();
    }
    Environment environment() {
        Environment env{clock, tokens, nullptr, [](const std::string&) {}, nullptr, nullptr};
        env.read_route = [this] { return history.current(); };
        env.write_route = [this](const std::string& r, bool replace) { history.write(r, replace); };
        return env;
    }
    void settle() {
        for (int i = 0; i < 10; ++i) app.poll();
    }
    void act(const Action& a) {
        app.apply(a);
        settle();
    }
    void back() {
        history.back();
        settle();
    }
    void forward() {
        history.forward();
        settle();
    }
    const std::string& url() const { return history.current(); }
};

}  // namespace

TEST_CASE("[app] routing: tab and detail URLs, tables that agree", "[app][routing]") {
    for (Tab tab : {Tab::doctors, Tab::appointments, Tab::credits, Tab::messages, Tab::notifications, Tab::account})
        CHECK(tab_of_route(core::Role::patient, tab_route(tab)) == tab);
    for (Tab tab : {Tab::schedule, Tab::profile, Tab::earnings, Tab::messages, Tab::account})
        CHECK(tab_of_route(core::Role::doctor, tab_route(tab)) == tab);
    CHECK(tab_route(Tab::overview).empty());
    CHECK(tab_of_route(core::Role::doctor, "#/visits/12") == Tab::schedule);  // a visit is on the doctor's schedule
    CHECK(tab_of_route(core::Role::patient, "#/visits/12/call") == Tab::appointments);
    CHECK(tab_of_route(core::Role::patient, "#/schedule") == Tab::overview);  // not a patient's
    CHECK(tab_of_route(core::Role::admin, "#/messages/3") == Tab::overview);
    CHECK(tab_of_route(core::Role::patient, "#/nowhere") == Tab::overview);
    CHECK(tab_of_route(core::Role::patient, "visits") == Tab::overview);

    CHECK(route_number("#/visits/345", "#/visits") == 345);
    CHECK(route_number("#/visits/345/call", "#/visits", "/call") == 345);
    CHECK_FALSE(route_number("#/visits/345/call", "#/visits"));
    CHECK_FALSE(route_number("#/visits/", "#/visits"));
    CHECK_FALSE(route_number("#/visits/0", "#/visits"));
    CHECK_FALSE(route_number("#/visits/012", "#/visits"));
    CHECK_FALSE(route_number("#/visits/-3", "#/visits"));
    CHECK_FALSE(route_number("#/visits/3x", "#/visits"));
    CHECK_FALSE(route_number("#/visitsx/3", "#/visits"));
    CHECK_FALSE(route_number("#/visits/99999999999999999999", "#/visits"));
}

TEST_CASE("[app] routing: the patient moves, Back and Forward follow", "[app][routing]") {
    RoutedApp a;
    a.act(DemoSignIn{0});  // the demo patient
    REQUIRE(a.state.user);
    CHECK(a.url().empty());  // home is the bare address

    a.act(SelectTab{Tab::doctors});
    CHECK(a.url() == "#/doctors");
    REQUIRE_FALSE(a.state.booking.doctors.empty());
    const auto doctor = a.state.booking.doctors.front().doctor_id;
    a.act(OpenDoctor{doctor});
    CHECK(a.url() == "#/doctors/" + std::to_string(doctor));

    a.act(SelectTab{Tab::appointments});
    CHECK(a.url() == "#/visits");
    REQUIRE_FALSE(a.state.visits.appointments.empty());
    const auto visit = a.state.visits.appointments.front().id;
    a.act(OpenAppointment{visit});
    CHECK(a.url() == "#/visits/" + std::to_string(visit));
    CHECK(a.history.entries.size() == 5);  // home, doctors, a doctor, visits, a visit

    a.back();
    CHECK(a.state.tab == Tab::appointments);
    CHECK_FALSE(a.state.visits.detail);
    a.back();
    CHECK(a.state.tab == Tab::doctors);
    REQUIRE(a.state.booking.doctor);
    CHECK(a.state.booking.doctor->doctor_id == doctor);
    CHECK_FALSE(a.state.booking.doctor->display_name.empty());  // the whole card, not just its number
    a.back();
    CHECK_FALSE(a.state.booking.doctor);
    a.back();
    CHECK(a.state.tab == Tab::overview);
    CHECK(a.history.entries.size() == 5);  // following history writes none of its own

    a.forward();
    a.forward();
    a.forward();
    a.forward();
    CHECK(a.state.tab == Tab::appointments);
    REQUIRE(a.state.visits.detail);
    CHECK(a.state.visits.detail->id == visit);
    CHECK(a.history.entries.size() == 5);
}

TEST_CASE("[app] routing: a link opened before signing in, one that names nothing, signing out", "[app][routing]") {
    std::int64_t visit = 0;
    {
        RoutedApp first;
        first.act(DemoSignIn{1});  // the demo doctor
        REQUIRE_FALSE(first.state.visits.appointments.empty());
        visit = first.state.visits.appointments.front().id;
    }
    RoutedApp a;
    a.history.open("#/visits/" + std::to_string(visit));  // e.g. from a reminder e-mail
    a.settle();
    CHECK(a.state.screen != Screen::home);
    a.act(DemoSignIn{1});
    CHECK(a.state.tab == Tab::schedule);
    REQUIRE(a.state.visits.detail);
    CHECK(a.state.visits.detail->id == visit);
    CHECK(a.url() == "#/visits/" + std::to_string(visit));

    const std::size_t entries = a.history.entries.size();
    a.history.open("#/credits");  // a patient's screen: the doctor has none
    a.settle();
    CHECK(a.state.tab == Tab::overview);
    CHECK(a.url().empty());
    a.history.open("#/messages/abc");
    a.settle();
    CHECK(a.state.tab == Tab::messages);
    CHECK(a.url() == "#/messages");
    CHECK(a.history.entries.size() == entries + 2);  // each replaced in place, no extra entry

    a.act(SignOut{});
    CHECK(a.url().empty());
}

TEST_CASE("[app] routing: the call's URL opens the check before joining; Back closes it", "[app][routing]") {
    RoutedApp a;
    a.act(DemoSignIn{0});
    REQUIRE_FALSE(a.state.visits.appointments.empty());
    const auto visit = a.state.visits.appointments.front().id;
    a.history.open("#/visits/" + std::to_string(visit) + "/call");
    a.settle();
    CHECK(a.state.call.phase == CallPhase::precheck);
    CHECK(a.state.call.appointment_id == visit);
    CHECK(a.state.tab == Tab::appointments);
    REQUIRE(a.state.visits.detail);  // under the call: Back lands on the visit
    CHECK(a.url() == "#/visits/" + std::to_string(visit) + "/call");

    a.back();  // to where the link was opened from: home
    CHECK(a.state.call.phase == CallPhase::idle);
    CHECK(a.state.tab == Tab::overview);

    a.act(SelectTab{Tab::appointments});
    a.act(OpenAppointment{visit});
    a.act(OpenCall{visit});
    CHECK(a.url() == "#/visits/" + std::to_string(visit) + "/call");
    a.act(CloseCall{});
    CHECK(a.url() == "#/visits/" + std::to_string(visit));
}
