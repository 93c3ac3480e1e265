// The clinic, credits and notification services end to end over SQLite: booking, escrow, the visit
// and its notes through the real store (each operation one SQLite transaction).
//
// NOT YET BUILT: the services are being rewritten in another worktree (issue 8), so this file is left
// out of the temporary store_tests target (cmake/native.cmake); unit_tests picks it up once the tree
// links. It is the old tests/unit/server/sqlite_clinic.test.cpp case, ported to the services' new
// headers (ClinicService without payments, CreditsService, NotificationService, Effects) with every
// assertion kept.
#include <catch2/catch.hpp>

#include "../../../support/temp_dir.h"
#include "../../core/fixture_zones.h"
#include "core/accounts/service.h"
#include "core/clinic/service.h"
#include "core/credits/service.h"
#include "core/crypto/pbkdf2_hasher.h"
#include "core/notifications/service.h"
#include "store/sqlite/store.h"

using namespace core;
using namespace std::chrono_literals;
using test_support::TempDir;

TEST_CASE("[server] sqlite clinic: the clinic service end to end over SQLite", "[server][store]") {
    install_fixture_zones();
    TempDir dir;
    server::SqliteStore store(dir.file("telemed.db"));
    Pbkdf2Hasher hasher{1};
    ManualClock clock{*parse_iso8601("2026-11-16T06:00:00Z")};  // a Monday
    AccountService accounts{store, hasher, clock};
    TestModePaymentProvider payments{clock};
    CreditsService credits{store, clock, payments};
    NotificationService notifications{store, clock};
    ClinicService clinic{store, clock};
    Effects fx;

    const auto admin =
        accounts
            .ensure_account({"admin@example.test", "a long enough secret", "Admin", Role::admin, "UTC"},
                            AccountStatus::active)
            ->id;
    const auto doctor =
        accounts.sign_up({"dr@example.test", "a long enough secret", "Dr. Who", Role::doctor, "UTC"})
            ->user.id;
    const auto patient =
        accounts.sign_up({"pat@example.test", "a long enough secret", "Pat", Role::patient, "UTC"})->user.id;
    REQUIRE(clinic.update_doctor_profile(doctor, {"cardiology", "Bio", {"English"}, 10, "LIC-1", "Region", 3},
                                         fx));
    Availability hours;
    for (int d = 0; d < 5; ++d) hours.weekly.push_back({d, 9 * 60, 12 * 60});
    REQUIRE(clinic.set_availability(doctor, hours));
    REQUIRE(clinic.decide_verification(admin, doctor, Verification::verified, "", fx));

    // Buy credits (a retry with the same key changes nothing).
    REQUIRE(credits.buy_credits(patient, "bundle5", {"4242 4242 4242 4242", 12, 2030, "123", "Pat"},
                                "purchase-key-1", fx));
    REQUIRE(credits.buy_credits(patient, "bundle5", {"4242 4242 4242 4242", 12, 2030, "123", "Pat"},
                                "purchase-key-1", fx));
    CHECK(credits.wallet(patient)->available == 10);

    auto slots = clinic.slots(doctor, clock.now(), clock.now() + std::chrono::days(2));
    REQUIRE(slots);
    REQUIRE_FALSE(slots->empty());
    const Instant start = slots->front().starts_at;
    CHECK(start == *parse_iso8601("2026-11-16T09:00:00Z"));

    auto booked = clinic.book(patient, doctor, start, "Palpitations", fx);
    REQUIRE(booked);
    CHECK(booked->appointment.status == AppointmentStatus::requested);
    CHECK(credits.wallet(patient)->available == 7);
    CHECK(credits.wallet(patient)->held == 3);
    CHECK(clinic.book(patient, doctor, start, "again", fx).error().code == ErrorCode::slot_taken);
    CHECK(clinic.slots(doctor, clock.now(), clock.now() + std::chrono::days(2))->size() == slots->size() - 1);

    REQUIRE(clinic.act(doctor, booked->appointment.id, AppointmentAction::confirm, "", fx));
    clock.set(start + 5min);
    REQUIRE(clinic.act(doctor, booked->appointment.id, AppointmentAction::complete, "", fx));
    REQUIRE(clinic.write_notes(doctor, booked->appointment.id, std::string("private note"),
                               std::string("Rest and fluids"), fx));

    const auto w = credits.wallet(patient);
    CHECK(w->available == 7);
    CHECK(w->held == 0);
    CHECK(credits.wallet(doctor)->earnings == 3);
    std::int64_t total = 1;
    store.transact([&](Transaction& tx) { total = tx.credits().ledger_total(); });
    CHECK(total == 0);

    auto view = clinic.appointment(patient, booked->appointment.id);
    REQUIRE(view);
    CHECK(view->appointment.status == AppointmentStatus::completed);
    CHECK(view->appointment.clinical_notes.empty());  // private to the doctor
    CHECK(view->appointment.visit_summary == "Rest and fluids");
    CHECK(view->history.size() == 3);  // requested, confirmed, completed
    CHECK(clinic.appointment(doctor, booked->appointment.id)->appointment.clinical_notes == "private note");
    auto notes = notifications.list(patient, 50);
    REQUIRE(notes);
    CHECK(notes->notifications.size() >= 3);  // confirmed, completed, summary
}
