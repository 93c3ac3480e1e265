// The scene the call, invitation and recording tests start from: a verified doctor in Berlin (open
// 08:00-18:00 every day, no notice), a patient with credits, a stranger, and one visit confirmed for
// Monday 2026-11-16 09:00 UTC; the clock stands at 06:00 that day. The real services over a
// MemoryStore (or the store a test passes), built by the composition root (services_fixture.h).
#pragma once
#include <catch2/catch.hpp>

#include <string>

#include "fixture_zones.h"
#include "services_fixture.h"

namespace test_scene {

struct ConfirmedVisit : ServicesFixture {
    core::UserId admin = 0, doctor = 0, patient = 0, stranger = 0;
    core::AppointmentId visit = 0;
    core::Effects cfx;  // what the set-up and the clinic steps leave, kept apart from ...
    core::Effects fx;   // ... what the operations under test leave
    const core::Instant start = at("2026-11-16T09:00:00Z");

    explicit ConfirmedVisit(const std::string& patient_zone = "America/New_York", core::ServicePolicies policies = {},
                            core::Store* other = nullptr)
        : ServicesFixture(at("2026-11-16T06:00:00Z"), std::move(policies), other) {  // a Monday
        using namespace core;
        install_fixture_zones();
        admin = accounts.ensure_account({"admin@example.com", kPassword, "Admin", Role::admin, "UTC"}, AccountStatus::active)->id;
        doctor = accounts.sign_up({"dr@example.com", kPassword, "Dr. Amara Okafor", Role::doctor, "Europe/Berlin"})->user.id;
        patient = accounts.sign_up({"pat@example.com", kPassword, "Zoë Łukasiewicz", Role::patient, patient_zone})->user.id;
        stranger = accounts.sign_up({"x@example.com", kPassword, "Stranger", Role::patient, "UTC"})->user.id;
        REQUIRE(clinic.update_doctor_profile(doctor, {"cardiology", "Bio", {"English"}, 10, "LIC-1", "Berlin Chamber", 2}, cfx));
        Availability a;
        for (int d = 0; d < 7; ++d) a.weekly.push_back({d, 8 * 60, 18 * 60});
        a.min_notice_minutes = 0;
        REQUIRE(clinic.set_availability(doctor, a));
        REQUIRE(clinic.decide_verification(admin, doctor, Verification::verified, "", cfx));
        REQUIRE(credits.buy_credits(patient, "bundle5", {"4242 4242 4242 4242", 12, 2030, "123", "Z"}, "key-12345678", cfx));
        visit = book(start);
        REQUIRE(clinic.act(doctor, visit, AppointmentAction::confirm, "", cfx));
    }
    core::AppointmentId book(core::Instant when) {
        auto r = clinic.book(patient, doctor, when, "Follow-up", cfx);
        REQUIRE(r);
        return r->appointment.id;
    }
};

}  // namespace test_scene
