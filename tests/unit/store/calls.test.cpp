// The calls repository's contract (core/calls/repository.h), on every store. Guests in the call log
// and chat need an invitation: tests/unit/store/invitations.test.cpp.
#include "stores.h"

using namespace core;

namespace {

Instant t(int minute) {
    return from_unix_ms(1'790'000'000'000 + std::int64_t{minute} * 60'000);
}

}  // namespace

STORE_TEST_CASE("[store] calls: participations and messages", "[store][calls]") {
    TestType s;
    UserId doctor = 0, patient = 0;
    AppointmentId a = 0, b = 0;
    s.store.transact([&](Transaction& tx) {
        auto& accounts = tx.accounts();
        auto& clinic = tx.clinic();
        doctor = accounts.insert_user(
            {"dr@example.test", "Dr", Role::doctor, AccountStatus::active, "UTC", "$x", t(0)});
        patient = accounts.insert_user(
            {"pat@example.test", "Pat", Role::patient, AccountStatus::active, "UTC", "$x", t(0)});
        Appointment x;
        x.doctor_id = doctor;
        x.patient_id = patient;
        x.starts_at = t(60);
        x.ends_at = t(90);
        x.status = AppointmentStatus::in_progress;
        a = clinic.insert_appointment(x);
        x.starts_at = t(120);
        b = clinic.insert_appointment(x);
    });
    s.store.transact([&](Transaction& tx) {
        auto& calls = tx.calls();
        const auto d1 = calls.insert_call_participation({0, a, doctor, t(58), std::nullopt});
        const auto p1 = calls.insert_call_participation({0, a, patient, t(59), std::nullopt});
        calls.insert_call_participation({0, b, patient, t(10), t(11)});
        calls.end_call_participation(p1, t(65));
        calls.end_call_participation(p1, t(70));  // the first leave stands
        calls.end_call_participation(d1, t(50));  // before the join: clamped, never negative
        calls.insert_call_participation({0, a, patient, t(66), std::nullopt});
    });
    s.store.transact([&](Transaction& tx) {
        auto& calls = tx.calls();
        const auto list = calls.call_participations(a);
        REQUIRE(list.size() == 3);
        CHECK(list[0].user_id == doctor);
        CHECK(list[0].left_at == t(58));
        CHECK(list[1].joined_at == t(59));
        CHECK(list[1].left_at == t(65));
        CHECK(list[2].joined_at == t(66));
        CHECK_FALSE(list[2].left_at);
        CHECK(calls.call_participations(b).size() == 1);
        CHECK(calls.call_participations(999).empty());
    });
    s.store.transact([&](Transaction& tx) {
        auto& calls = tx.calls();
        for (int i = 0; i < 5; ++i)
            calls.insert_call_message(
                {0, a, i % 2 ? doctor : patient, "message " + std::to_string(i) + " — ü", t(60 + i)});
        calls.insert_call_message({0, b, doctor, "other visit", t(1)});
    });
    s.store.transact([&](Transaction& tx) {
        auto& calls = tx.calls();
        const auto all = calls.call_messages(a, 100);
        REQUIRE(all.size() == 5);
        CHECK(all[0].text == "message 0 — ü");
        CHECK(all[0].user_id == patient);
        CHECK(all[4].at == t(64));
        const auto newest = calls.call_messages(a, 2);  // the newest two, oldest first
        REQUIRE(newest.size() == 2);
        CHECK(newest[0].text == "message 3 — ü");
        CHECK(newest[1].text == "message 4 — ü");
        CHECK(calls.call_messages(b, 10).size() == 1);
        CHECK(calls.call_messages(a, 0).empty());
    });
}

STORE_TEST_CASE("[store] calls: ids, unknown ids, ties, negative stretches", "[store][calls]") {
    TestType fixture;
    Store& store = fixture.store;
    const store_test::People p = store_test::add_people(store);
    const AppointmentId a = store
                                .transact([&](Transaction& tx) {
                                    return tx.clinic().insert_appointment(store_test::appointment(p, 0));
                                })
                                .value;

    SECTION("a stretch inserted with left_at before joined_at is stored as joined_at") {
        store.transact([&](Transaction& tx) {
            auto& calls = tx.calls();
            const auto id = calls.insert_call_participation({0, a, p.doctor, t(10), t(9)});
            const auto list = calls.call_participations(a);
            REQUIRE(list.size() == 1);
            CHECK(list[0].id == id);
            CHECK(list[0].left_at == t(10));
        });
    }
    SECTION("ending an unknown stretch changes nothing and does not throw") {
        store.transact([&](Transaction& tx) {
            auto& calls = tx.calls();
            const auto id = calls.insert_call_participation({0, a, p.doctor, t(10), std::nullopt});
            CHECK_NOTHROW(calls.end_call_participation(id + 100, t(20)));
            REQUIRE(calls.call_participations(a).size() == 1);
            CHECK_FALSE(calls.call_participations(a)[0].left_at);
        });
    }
    SECTION("ids are positive and increase; equal joins come by id; every field is kept") {
        store.transact([&](Transaction& tx) {
            auto& calls = tx.calls();
            const auto first = calls.insert_call_participation({0, a, p.patient, t(10), std::nullopt});
            const auto second = calls.insert_call_participation({0, a, p.doctor, t(10), t(15)});
            CHECK(first > 0);
            CHECK(second > first);
            const auto list = calls.call_participations(a);
            REQUIRE(list.size() == 2);
            CHECK(list[0].id == first);
            CHECK(list[0].appointment_id == a);
            CHECK(list[0].user_id == p.patient);
            CHECK(list[0].joined_at == t(10));
            CHECK(list[1].id == second);
            CHECK(list[1].left_at == t(15));
        });
    }
    SECTION("messages: the newest by id, oldest first, whatever their instants; none for a limit <= 0") {
        store.transact([&](Transaction& tx) {
            auto& calls = tx.calls();
            const auto m1 = calls.insert_call_message({0, a, p.patient, "first", t(30)});
            const auto m2 =
                calls.insert_call_message({0, a, p.doctor, "second", t(20)});  // a clock that stepped back
            const auto m3 = calls.insert_call_message({0, a, p.patient, "third", t(25)});
            CHECK(m1 > 0);
            CHECK(m2 > m1);
            CHECK(m3 > m2);
            const auto two = calls.call_messages(a, 2);
            REQUIRE(two.size() == 2);
            CHECK(two[0].id == m2);
            CHECK(two[0].text == "second");
            CHECK(two[0].user_id == p.doctor);
            CHECK(two[0].at == t(20));
            CHECK(two[0].appointment_id == a);
            CHECK(two[1].id == m3);
            CHECK(calls.call_messages(a, -1).empty());
        });
    }
}
