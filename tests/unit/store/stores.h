// The repository contract suite's fixtures: every test in tests/unit/store/ runs once on each store
// in TELEMED_STORES, so the stores cannot drift apart. A store is one fixture struct with a `store`
// member, fresh for each test (SQLite: a new file in a new temporary directory), listed here once:
//
//   STORE_TEST_CASE("[store] accounts: sessions", "[store][accounts]") {
//       TestType fixture;                  // Catch2's name for the store's fixture
//       core::Store& store = fixture.store;
//       ...
//   }
//
// Beside them, the rows other rows hang on (users, an appointment): SQLite's foreign keys want them,
// MemoryStore does not check, and the contract holds on both only if tests write valid data.
#pragma once
#include <catch2/catch.hpp>

#include <chrono>
#include <string>

#include "../../support/temp_dir.h"
#include "core/store/memory/memory_store.h"
#include "core/store/store.h"
#include "store/sqlite/store.h"

namespace store_test {

using test_support::TempDir;

struct MemoryStoreFixture {
    core::MemoryStore store;
};

struct SqliteStoreFixture {
    TempDir dir;
    server::SqliteStore store{dir.file("telemed.db")};
};

// --- rows to hang other rows on ---------------------------------------------------------------------

inline core::Instant at(std::int64_t unix_ms) {
    return core::from_unix_ms(unix_ms);
}
constexpr std::int64_t kT0 = 1'790'000'000'000;  // an instant in 2026
constexpr std::int64_t kMin = 60'000;

inline core::NewUser new_user(const std::string& email, core::Role role = core::Role::patient) {
    return core::NewUser{email, email, role, core::AccountStatus::active, "UTC", "$x", at(kT0)};
}

struct People {
    core::UserId doctor = 0, other_doctor = 0, patient = 0, other_patient = 0;
};

inline People add_people(core::Store& store) {
    return store
        .transact([](core::Transaction& tx) {
            auto& accounts = tx.accounts();
            People p;
            p.doctor = accounts.insert_user(new_user("dr@example.test", core::Role::doctor));
            p.other_doctor = accounts.insert_user(new_user("dr2@example.test", core::Role::doctor));
            p.patient = accounts.insert_user(new_user("pat@example.test"));
            p.other_patient = accounts.insert_user(new_user("pat2@example.test"));
            return p;
        })
        .value;
}

// An appointment of p.doctor starting `start_minute` minutes after kT0, 30 minutes long, every field set.
inline core::Appointment appointment(const People& p, std::int64_t start_minute,
                                     core::AppointmentStatus status = core::AppointmentStatus::requested,
                                     core::UserId patient = 0) {
    using namespace std::chrono_literals;
    core::Appointment a;
    a.doctor_id = p.doctor;
    a.patient_id = patient ? patient : p.patient;
    a.starts_at = at(kT0 + start_minute * kMin);
    a.ends_at = a.starts_at + 30min;
    a.status = status;
    a.concern = "Headache — Kopfschmerzen";
    a.price_credits = 3;
    a.free_cancel_hours = 12;
    a.late_cancel_refund_percent = 40;
    a.clinical_notes = "private";
    a.visit_summary = "shared";
    a.sequence = 2;
    a.reminded_24h = true;
    a.reminded_15m = false;
    a.created_at = at(kT0 - 1000);
    a.updated_at = at(kT0 - 500);
    return a;
}

}  // namespace store_test

// Every store the contract suite runs on: adding one (PostgreSQL) is one more name here.
#define TELEMED_STORES store_test::MemoryStoreFixture, store_test::SqliteStoreFixture

// A test case run once per store; inside, TestType is the store's fixture.
#define STORE_TEST_CASE(name, tags) TEMPLATE_TEST_CASE(name, tags, TELEMED_STORES)
