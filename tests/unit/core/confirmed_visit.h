// The scene the call tests start from: a verified doctor in Berlin (open 08:00-18:00 every day, no
// notice), a patient with credits, a stranger, and one visit confirmed for Monday 2026-11-16 09:00 UTC;
// the clock stands at 06:00 that day. Services are the real ones over a MemoryStore.
#pragma once
#include <catch2/catch.hpp>

#include <string>

#include "core/accounts/account_service.h"
#include "core/calls/call_service.h"
#include "core/clinic/clinic_service.h"
#include "core/crypto/pbkdf2_hasher.h"
#include "core/store/memory_store.h"
#include "fixture_zones.h"

namespace test_scene {

inline core::Instant at(const char* iso) { return *core::parse_iso8601(iso); }

struct ConfirmedVisit {
    core::MemoryStore store;
    core::Pbkdf2Hasher hasher{1};
    core::ManualClock clock{at("2026-11-16T06:00:00Z")};  // a Monday
    core::AccountService accounts{store, hasher, clock};
    core::TestModePaymentProvider payments{clock};
    core::ClinicService clinic{store, clock, payments};
    core::CallService calls{store, clock, clinic};
    core::UserId admin = 0, doctor = 0, patient = 0, stranger = 0;
    core::AppointmentId visit = 0;
    core::ClinicEffects cfx;
    core::CallEffects fx;
    const core::Instant start = at("2026-11-16T09:00:00Z");

    explicit ConfirmedVisit(const std::string& patient_zone = "America/New_York") {
        using namespace core;
        install_fixture_zones();
        admin = accounts.ensure_account({"admin@example.com", "a long enough secret", "Admin", Role::admin, "UTC"}, AccountStatus::active)->id;
        doctor = accounts.sign_up({"dr@example.com", "a long enough secret", "Dr. Amara Okafor", Role::doctor, "Europe/Berlin"})->user.id;
        patient = accounts.sign_up({"pat@example.com", "a long enough secret", "Zoë Łukasiewicz", Role::patient, patient_zone})->user.id;
        stranger = accounts.sign_up({"x@example.com", "a long enough secret", "Stranger", Role::patient, "UTC"})->user.id;
        REQUIRE(clinic.update_doctor_profile(doctor, {"cardiology", "Bio", {"English"}, 10, "LIC-1", "Berlin Chamber", 2}, cfx));
        Availability a;
        for (int d = 0; d < 7; ++d) a.weekly.push_back({d, 8 * 60, 18 * 60});
        a.min_notice_minutes = 0;
        REQUIRE(clinic.set_availability(doctor, a));
        REQUIRE(clinic.decide_verification(admin, doctor, Verification::verified, "", cfx));
        REQUIRE(clinic.buy_credits(patient, "bundle5", {"4242 4242 4242 4242", 12, 2030, "123", "Z"}, "key-12345678", cfx));
        visit = book(start);
        REQUIRE(clinic.act(doctor, visit, AppointmentAction::confirm, "", cfx));
    }
    core::AppointmentId book(core::Instant when) {
        auto r = clinic.book(patient, doctor, when, "Follow-up", cfx);
        REQUIRE(r);
        return r->id;
    }
};

}  // namespace test_scene
