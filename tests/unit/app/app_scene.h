// What the client tests start from. DemoApp: the whole client (App and its modules) over the in-page
// demo backend, the path the offline demo takes. ServerScene: the core's composition root over a
// MemoryStore, played through a scripted WebSocket (platform::fake) the way the server would, with a
// confirmed visit of a verified doctor and a patient for the call, invitation and recording tests.
#pragma once
#include <catch2/catch.hpp>

#include <algorithm>
#include <initializer_list>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "app/app.h"
#include "app/demo/local_transport.h"
#include "app/net/remote_transport.h"
#include "core/crypto/pbkdf2_hasher.h"
#include "core/services.h"
#include "core/store/memory/memory_store.h"
#include "platform/websocket_fake.h"

namespace app_test {

inline core::Instant at(const char* iso) { return *core::parse_iso8601(iso); }

// The whole client over the offline demo's in-page backend.
struct DemoApp {
    core::ManualClock clock{at("2026-11-21T09:00:00Z")};
    double now = 0;
    app::AppState state;
    app::MemoryTokenStore tokens;
    std::vector<std::string> navigations;
    std::vector<std::string> downloads;
    std::map<std::string, std::string> device_settings;  // the browser's local storage
    bool device_dark = false;                             // the device's dark mode
    app::Client client;
    app::App app;

    explicit DemoApp(std::function<double()> now_ms = nullptr)
        : client(std::make_unique<app::LocalTransport>(clock), now_ms ? now_ms : [this] { return now; }),
          app(state, client, environment()) {
        app.start();
        settle();
    }
    app::Environment environment() {
        app::Environment env{clock, tokens, nullptr, [this](const std::string& url) { navigations.push_back(url); },
                             [this](const std::string& name, const std::string&, const std::string&) { downloads.push_back(name); },
                             nullptr};
        env.load_setting = [this](const std::string& key) -> std::optional<std::string> {
            auto it = device_settings.find(key);
            if (it == device_settings.end()) return std::nullopt;
            return it->second;
        };
        env.save_setting = [this](const std::string& key, const std::string& value) { device_settings[key] = value; };
        env.system_prefers_dark = [this] { return device_dark; };
        return env;
    }
    void settle() {
        for (int i = 0; i < 10; ++i) app.poll();
    }
    void act(const app::Action& a) {
        app.apply(a);
        settle();
    }
    // The demo patient asks Dr. Amara Okafor (who confirms by hand) for visits at these of her listed
    // times, each one a request, then signs out.
    void request_okafor_visits(std::initializer_list<std::size_t> times) {
        act(app::DemoSignIn{0});
        act(app::SelectTab{app::Tab::doctors});
        const auto& doctors = state.booking.doctors;
        auto okafor = std::find_if(doctors.begin(), doctors.end(), [](const auto& d) { return d.display_name == "Dr. Amara Okafor"; });
        REQUIRE(okafor != doctors.end());
        const std::int64_t id = okafor->doctor_id;
        act(app::OpenDoctor{id});
        REQUIRE(state.booking.slots.size() >= 10);
        for (std::size_t i : times) {
            act(app::OpenDoctor{id});
            act(app::ChooseSlot{state.booking.slots[i].starts_at});
            act(app::SubmitBooking{});
            REQUIRE(state.visits.detail);
            REQUIRE(state.visits.detail->status == core::AppointmentStatus::requested);
        }
        act(app::SignOut{});
    }
};

// Collects what the services report as unexpected (a test fails if anything is).
struct CollectingErrors final : core::ErrorReporter {
    std::vector<std::string> seen;
    void internal_error(std::string_view where, std::uint64_t, std::string_view what) noexcept override {
        seen.push_back(std::string(where) + ": " + std::string(what));
    }
};

// The services as the server runs them, over memory, with one confirmed visit (Monday 2026-11-16
// 09:00 UTC) of Dr. Amara Okafor (verified, open all day, no notice) and Zoë (a patient with credits).
struct ServerScene {
    core::MemoryStore store;
    core::Pbkdf2Hasher hasher{1};
    core::ManualClock clock;
    core::TestModePaymentProvider payments{clock};
    core::NoIceServers ice;
    CollectingErrors errors;
    core::Services services{store, hasher, clock, payments, ice, errors};
    core::UserId admin = 0, doctor = 0, patient = 0;
    core::AppointmentId visit = 0;
    core::Effects fx;  // what the set-up caused (nobody listens yet)

    explicit ServerScene(core::Instant now) : clock(now) {
        using namespace core;
        auto& accounts = services.accounts;
        auto& clinic = services.clinic;
        admin = accounts.ensure_account({"admin@example.com", "a long enough secret", "Admin", Role::admin, "UTC"}, AccountStatus::active)->id;
        doctor = accounts.sign_up({"dr@example.com", "a long enough secret", "Dr. Amara Okafor", Role::doctor, "UTC"})->user.id;
        patient = accounts.sign_up({"pat@example.com", "a long enough secret", "Zoë", Role::patient, "UTC"})->user.id;
        REQUIRE(clinic.update_doctor_profile(doctor, {"cardiology", "Bio", {"English"}, 10, "LIC-1", "Berlin Chamber", 2}, fx));
        Availability a;
        for (int d = 0; d < 7; ++d) a.weekly.push_back({d, 0, 24 * 60});
        a.min_notice_minutes = 0;
        REQUIRE(clinic.set_availability(doctor, a));
        REQUIRE(clinic.decide_verification(admin, doctor, Verification::verified, "", fx));
        REQUIRE(services.credits.buy_credits(patient, "bundle5", {"4242 4242 4242 4242", 12, 2030, "123", "Z"}, "key-12345678", fx));
        auto booked = clinic.book(patient, doctor, at("2026-11-16T09:00:00Z"), "Follow-up", fx);
        REQUIRE(booked);
        visit = booked->appointment.id;
        REQUIRE(clinic.act(doctor, visit, AppointmentAction::confirm, "", fx));
    }
};

// The client's side of a scripted WebSocket whose server is a ServerScene's dispatcher.
struct Wire {
    core::Services& services;
    core::ConnectionState server_side;
    platform::fake::Peer* peer = nullptr;

    // Answers everything the client sent so far; returns the request types it saw.
    std::vector<std::string> serve() {
        std::vector<std::string> types;
        for (const std::string& frame : std::exchange(peer->sent, {})) {
            auto request = core::protocol::decode_request(frame);
            if (auto* r = std::get_if<core::protocol::Request>(&request)) types.emplace_back(core::protocol::to_string(r->type));
            platform::fake::deliver(*peer, services.dispatcher.handle(server_side, frame).reply);
        }
        return types;
    }
};

}  // namespace app_test
