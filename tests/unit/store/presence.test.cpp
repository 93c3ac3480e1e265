// The presence repository's contract (core/presence/repository.h), on every store; and the clinic's
// visit_partners, which presence announces to.
#include "stores.h"

using namespace core;
using namespace store_test;

STORE_TEST_CASE("[store] presence: a doctor's hide setting", "[store][presence]") {
    TestType backend;
    Store& store = backend.store;
    const People p = add_people(store);

    SECTION("shown until chosen, the last choice stands, per user") {
        store.transact([&](Transaction& tx) {
            auto& presence = tx.presence();
            CHECK_FALSE(presence.is_hidden(p.doctor));
            presence.set_hidden(p.doctor, true);
            CHECK(presence.is_hidden(p.doctor));
            CHECK_FALSE(presence.is_hidden(p.other_doctor));
            presence.set_hidden(p.doctor, true);  // again: still one choice
            CHECK(presence.is_hidden(p.doctor));
            presence.set_hidden(p.doctor, false);
            CHECK_FALSE(presence.is_hidden(p.doctor));
        });
    }
    SECTION("kept across transactions; an unknown user changes nothing") {
        store.transact([&](Transaction& tx) {
            tx.presence().set_hidden(p.doctor, true);
            tx.presence().set_hidden(987654, true);
        });
        store.transact([&](Transaction& tx) {
            CHECK(tx.presence().is_hidden(p.doctor));
            CHECK_FALSE(tx.presence().is_hidden(987654));
        });
    }
    SECTION("a rolled-back choice is not kept") {
        CHECK_THROWS(store.transact([&](Transaction& tx) {
            tx.presence().set_hidden(p.doctor, true);
            throw std::runtime_error("rolled back");
        }));
        store.transact([&](Transaction& tx) { CHECK_FALSE(tx.presence().is_hidden(p.doctor)); });
    }
}

STORE_TEST_CASE("[store] presence: last active from the sessions", "[store][presence]") {
    TestType backend;
    Store& store = backend.store;
    const People p = add_people(store);
    store.transact([&](Transaction& tx) {
        auto& accounts = tx.accounts();
        CHECK_FALSE(tx.presence().last_active(p.patient).has_value());  // never signed in
        const auto first = accounts.insert_session(Session{0, p.patient, "h1", at(kT0), at(kT0), std::nullopt});
        const auto second = accounts.insert_session(Session{0, p.patient, "h2", at(kT0), at(kT0), std::nullopt});
        accounts.insert_session(Session{0, p.doctor, "h3", at(kT0), at(kT0 + 90 * kMin), std::nullopt});
        accounts.touch_session(first, at(kT0 + 30 * kMin));
        accounts.touch_session(second, at(kT0 + 10 * kMin));
        CHECK(tx.presence().last_active(p.patient) == at(kT0 + 30 * kMin));  // the newest of the user's
        accounts.revoke_session(first, at(kT0 + 31 * kMin));                  // signed out: still counts
        CHECK(tx.presence().last_active(p.patient) == at(kT0 + 30 * kMin));
        CHECK(tx.presence().last_active(p.doctor) == at(kT0 + 90 * kMin));
    });
}

STORE_TEST_CASE("[store] clinic: visit partners", "[store][clinic][presence]") {
    TestType backend;
    Store& store = backend.store;
    const People p = add_people(store);
    store.transact([&](Transaction& tx) {
        auto& clinic = tx.clinic();
        CHECK(clinic.visit_partners(p.doctor).empty());
        clinic.insert_appointment(appointment(p, 0, AppointmentStatus::declined));
        CHECK(clinic.visit_partners(p.doctor).empty());  // declined does not count, as in has_visit_between
        CHECK(clinic.visit_partners(p.patient).empty());
        clinic.insert_appointment(appointment(p, 60, AppointmentStatus::completed));
        clinic.insert_appointment(appointment(p, 120, AppointmentStatus::confirmed));  // the same pair twice
        clinic.insert_appointment(appointment(p, 180, AppointmentStatus::cancelled, p.other_patient));
        CHECK(clinic.visit_partners(p.doctor) == std::vector<UserId>{p.patient, p.other_patient});
        CHECK(clinic.visit_partners(p.patient) == std::vector<UserId>{p.doctor});
        CHECK(clinic.visit_partners(p.other_doctor).empty());
        // The same rule as has_visit_between, from both sides.
        for (UserId patient : clinic.visit_partners(p.doctor)) CHECK(clinic.has_visit_between(p.doctor, patient));
    });
}
