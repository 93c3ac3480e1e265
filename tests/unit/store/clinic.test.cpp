// The clinic repository's contract (core/clinic/repository.h), on every store.
#include "stores.h"

using namespace core;
using namespace store_test;
using namespace std::chrono_literals;

namespace {

void check_same(const Appointment& x, const Appointment& y) {
    CHECK(x.id == y.id);
    CHECK(x.doctor_id == y.doctor_id);
    CHECK(x.patient_id == y.patient_id);
    CHECK(x.starts_at == y.starts_at);
    CHECK(x.ends_at == y.ends_at);
    CHECK(x.status == y.status);
    CHECK(x.concern == y.concern);
    CHECK(x.price_credits == y.price_credits);
    CHECK(x.free_cancel_hours == y.free_cancel_hours);
    CHECK(x.late_cancel_refund_percent == y.late_cancel_refund_percent);
    CHECK(x.clinical_notes == y.clinical_notes);
    CHECK(x.visit_summary == y.visit_summary);
    CHECK(x.sequence == y.sequence);
    CHECK(x.reminded_24h == y.reminded_24h);
    CHECK(x.reminded_15m == y.reminded_15m);
    CHECK(x.created_at == y.created_at);
    CHECK(x.updated_at == y.updated_at);
}

std::vector<AppointmentId> ids(const std::vector<Appointment>& list) {
    std::vector<AppointmentId> out;
    for (const auto& a : list) out.push_back(a.id);
    return out;
}

}  // namespace

STORE_TEST_CASE("[store] clinic: doctors and availability", "[store][clinic]") {
    TestType backend;
    Store& store = backend.store;
    const People p = add_people(store);

    SECTION("doctor profiles round-trip, replace, list by verification in user order") {
        store.transact([&](Transaction& tx) {
            auto& clinic = tx.clinic();
            CHECK_FALSE(clinic.find_doctor_profile(p.doctor));
            DoctorProfile profile;
            profile.user_id = p.other_doctor;
            profile.specialty = "cardiology";
            profile.bio = "Bio with \"quotes\" and ünïcödé";
            profile.languages = {"English", "日本語", "Deutsch"};
            profile.years_of_practice = 12;
            profile.licence_number = "LIC-9";
            profile.licence_region = "Berlin";
            profile.price_credits = 4;
            profile.verification = Verification::verified;
            profile.verification_note = "";
            profile.updated_at = at(kT0 + 5);
            clinic.save_doctor_profile(profile);
            DoctorProfile first = profile;
            first.user_id = p.doctor;
            first.verification = Verification::rejected;
            first.verification_note = "Licence unreadable";
            first.languages = {};
            clinic.save_doctor_profile(first);

            auto found = clinic.find_doctor_profile(p.other_doctor);
            REQUIRE(found);
            CHECK(found->specialty == "cardiology");
            CHECK(found->bio == profile.bio);
            CHECK(found->languages == profile.languages);
            CHECK(found->years_of_practice == 12);
            CHECK(found->licence_number == "LIC-9");
            CHECK(found->licence_region == "Berlin");
            CHECK(found->price_credits == 4);
            CHECK(found->verification == Verification::verified);
            CHECK(found->updated_at == at(kT0 + 5));
            CHECK(clinic.find_doctor_profile(p.doctor)->languages.empty());
            CHECK(clinic.find_doctor_profile(p.doctor)->verification_note == "Licence unreadable");

            auto all = clinic.list_doctor_profiles();
            REQUIRE(all.size() == 2);
            CHECK(all[0].user_id == p.doctor);  // by user id, not by insertion
            CHECK(all[1].user_id == p.other_doctor);
            auto verified = clinic.list_doctor_profiles(Verification::verified);
            REQUIRE(verified.size() == 1);
            CHECK(verified[0].user_id == p.other_doctor);
            CHECK(clinic.list_doctor_profiles(Verification::suspended).empty());

            first.verification = Verification::verified;  // save again replaces
            first.bio = "new";
            clinic.save_doctor_profile(first);
            CHECK(clinic.find_doctor_profile(p.doctor)->bio == "new");
            CHECK(clinic.list_doctor_profiles(Verification::verified).size() == 2);
        });
    }
    SECTION("availability round-trips and is replaced as a whole") {
        store.transact([&](Transaction& tx) {
            auto& clinic = tx.clinic();
            CHECK_FALSE(clinic.find_availability(p.doctor));
            Availability a;
            a.doctor_id = p.doctor;
            a.weekly = {{4, 600, 720}, {0, 540, 600}, {0, 840, 1080}};  // order as given
            a.exceptions = {{"2026-12-24", true, 0, 0}, {"2026-12-27", false, 600, 660}};
            a.slot_minutes = 20;
            a.buffer_minutes = 5;
            a.min_notice_minutes = 0;
            a.horizon_days = 90;
            a.auto_confirm = true;
            clinic.save_availability(a);
            auto found = clinic.find_availability(p.doctor);
            REQUIRE(found);
            CHECK(found->doctor_id == p.doctor);
            REQUIRE(found->weekly.size() == 3);
            for (size_t i = 0; i < 3; ++i) {
                CHECK(found->weekly[i].weekday == a.weekly[i].weekday);
                CHECK(found->weekly[i].start_minute == a.weekly[i].start_minute);
                CHECK(found->weekly[i].end_minute == a.weekly[i].end_minute);
            }
            REQUIRE(found->exceptions.size() == 2);
            CHECK(found->exceptions[0].date == "2026-12-24");
            CHECK(found->exceptions[0].day_off);
            CHECK(found->exceptions[1].date == "2026-12-27");
            CHECK_FALSE(found->exceptions[1].day_off);
            CHECK(found->exceptions[1].start_minute == 600);
            CHECK(found->exceptions[1].end_minute == 660);
            CHECK(found->slot_minutes == 20);
            CHECK(found->buffer_minutes == 5);
            CHECK(found->min_notice_minutes == 0);
            CHECK(found->horizon_days == 90);
            CHECK(found->auto_confirm);

            Availability empty;
            empty.doctor_id = p.doctor;
            clinic.save_availability(empty);
            found = clinic.find_availability(p.doctor);
            REQUIRE(found);  // saved, with no hours: still "has availability"
            CHECK(found->weekly.empty());
            CHECK(found->exceptions.empty());
            CHECK(found->slot_minutes == 30);
            CHECK_FALSE(found->auto_confirm);
            CHECK_FALSE(clinic.find_availability(p.other_doctor));
        });
    }
}

STORE_TEST_CASE("[store] clinic: appointments", "[store][clinic]") {
    TestType backend;
    Store& store = backend.store;
    const People p = add_people(store);

    SECTION("round-trip of every field, insert and update") {
        store.transact([&](Transaction& tx) {
            auto& clinic = tx.clinic();
            Appointment a = appointment(p, 60);
            a.id = clinic.insert_appointment(a);
            REQUIRE(a.id > 0);
            auto found = clinic.find_appointment(a.id);
            REQUIRE(found);
            check_same(*found, a);
            CHECK_FALSE(clinic.find_appointment(a.id + 1000));

            a.status = AppointmentStatus::in_progress;
            a.starts_at += 15min;
            a.ends_at += 15min;
            a.clinical_notes = "more";
            a.visit_summary = "";
            a.sequence = 3;
            a.reminded_15m = true;
            a.reminded_24h = false;
            a.updated_at = at(kT0 + 99);
            clinic.update_appointment(a);
            check_same(*clinic.find_appointment(a.id), a);
        });
    }
    SECTION("one slot-holding appointment per doctor and start, on insert") {
        AppointmentId first = 0;
        store.transact([&](Transaction& tx) { first = tx.clinic().insert_appointment(appointment(p, 0)); });
        for (auto status :
             {AppointmentStatus::requested, AppointmentStatus::confirmed, AppointmentStatus::in_progress})
            CHECK_THROWS_AS(store.transact([&](Transaction& tx) {
                tx.clinic().insert_appointment(appointment(p, 0, status, p.other_patient));
            }),
                            UniqueViolation);
        store.transact([&](Transaction& tx) {
            auto& clinic = tx.clinic();
            // Statuses that free the slot may share it; other doctors and other starts are fine.
            for (auto status :
                 {AppointmentStatus::declined, AppointmentStatus::expired, AppointmentStatus::cancelled,
                  AppointmentStatus::completed, AppointmentStatus::no_show})
                clinic.insert_appointment(appointment(p, 0, status, p.other_patient));
            Appointment elsewhere = appointment(p, 0);
            elsewhere.doctor_id = p.other_doctor;
            clinic.insert_appointment(elsewhere);
            clinic.insert_appointment(appointment(p, 30));
            CHECK(clinic.appointments_of(p.doctor, true, at(0), Instant::max()).size() == 7);
        });

        SECTION("cancel frees the slot; a re-booking then succeeds") {
            store.transact([&](Transaction& tx) {
                auto& clinic = tx.clinic();
                Appointment a = *clinic.find_appointment(first);
                a.status = AppointmentStatus::cancelled;
                clinic.update_appointment(a);
                clinic.insert_appointment(appointment(p, 0, AppointmentStatus::requested, p.other_patient));
            });
            store.transact([&](Transaction& tx) {
                auto& clinic = tx.clinic();
                CHECK(clinic.active_appointments_overlapping(p.doctor, true, at(kT0), at(kT0 + 1)).size() ==
                      1);
                // ... and the cancelled one cannot come back while the new one holds the slot
                Appointment a = *clinic.find_appointment(first);
                a.status = AppointmentStatus::confirmed;
                CHECK_THROWS_AS(clinic.update_appointment(a), UniqueViolation);
            });
        }
        SECTION("a failed insert rolls back the whole transaction") {
            CHECK_THROWS_AS(store.transact([&](Transaction& tx) {
                tx.notifications().insert_notification(
                    {0, p.patient, "k", "t", "b", std::nullopt, at(kT0), std::nullopt});
                tx.clinic().insert_appointment(appointment(p, 0));
            }),
                            UniqueViolation);
            store.transact(
                [&](Transaction& tx) { CHECK(tx.notifications().unread_notifications(p.patient) == 0); });
        }
    }
    SECTION("the unique rule on update: moving onto a held slot") {
        store.transact([&](Transaction& tx) {
            auto& clinic = tx.clinic();
            clinic.insert_appointment(appointment(p, 0));
            Appointment b = appointment(p, 30, AppointmentStatus::confirmed, p.other_patient);
            b.id = clinic.insert_appointment(b);
            Appointment moved = b;
            moved.starts_at = at(kT0);
            moved.ends_at = at(kT0) + 30min;
            CHECK_THROWS_AS(clinic.update_appointment(moved), UniqueViolation);
            CHECK(clinic.find_appointment(b.id)->starts_at == b.starts_at);  // unchanged
            moved.status = AppointmentStatus::cancelled;                     // not holding: allowed there
            clinic.update_appointment(moved);
            clinic.update_appointment(*clinic.find_appointment(b.id));  // updating to itself never conflicts
        });
    }
    SECTION("queries and their order") {
        store.transact([&](Transaction& tx) {
            auto& clinic = tx.clinic();
            // Inserted out of order; results come by start time.
            const auto late = clinic.insert_appointment(appointment(p, 120, AppointmentStatus::confirmed));
            const auto early = clinic.insert_appointment(appointment(p, 0, AppointmentStatus::requested));
            const auto middle = clinic.insert_appointment(appointment(p, 60, AppointmentStatus::cancelled));
            const auto other = clinic.insert_appointment(
                appointment(p, 30, AppointmentStatus::in_progress, p.other_patient));
            const auto mine_elsewhere = [&] {
                Appointment a = appointment(p, 90, AppointmentStatus::completed);
                a.doctor_id = p.other_doctor;
                return clinic.insert_appointment(a);
            }();

            CHECK(ids(clinic.appointments_of(p.doctor, true, at(0), Instant::max())) ==
                  std::vector<AppointmentId>{early, other, middle, late});
            CHECK(ids(clinic.appointments_of(p.patient, false, at(0), Instant::max())) ==
                  std::vector<AppointmentId>{early, middle, mine_elsewhere, late});
            // [from, to) on the start
            CHECK(ids(clinic.appointments_of(p.doctor, true, at(kT0 + 30 * kMin), at(kT0 + 120 * kMin))) ==
                  std::vector<AppointmentId>{other, middle});

            // Overlap is strict at both ends; only slot-holding statuses count.
            CHECK(ids(clinic.active_appointments_overlapping(p.doctor, true, at(0), Instant::max())) ==
                  std::vector<AppointmentId>{early, other, late});
            CHECK(ids(clinic.active_appointments_overlapping(p.doctor, true, at(kT0 + 30 * kMin),
                                                             at(kT0 + 60 * kMin))) ==
                  std::vector<AppointmentId>{other});
            CHECK(ids(clinic.active_appointments_overlapping(p.doctor, true, at(kT0 + 29 * kMin),
                                                             at(kT0 + 31 * kMin))) ==
                  std::vector<AppointmentId>{early, other});
            CHECK(clinic
                      .active_appointments_overlapping(p.doctor, true, at(kT0 + 60 * kMin),
                                                       at(kT0 + 120 * kMin))
                      .empty());
            CHECK(ids(clinic.active_appointments_overlapping(p.patient, false, at(0), Instant::max())) ==
                  std::vector<AppointmentId>{early, late});

            CHECK(ids(clinic.appointments_starting(
                      at(0), Instant::max(), {AppointmentStatus::confirmed, AppointmentStatus::requested})) ==
                  std::vector<AppointmentId>{early, late});
            CHECK(
                ids(clinic.appointments_starting(at(kT0 + 1), Instant::max(), {AppointmentStatus::requested}))
                    .empty());
            CHECK(clinic.appointments_starting(at(0), Instant::max(), {}).empty());
            CHECK(ids(clinic.appointments_starting(
                      at(kT0 + 60 * kMin), at(kT0 + 91 * kMin),
                      {AppointmentStatus::cancelled, AppointmentStatus::completed})) ==
                  std::vector<AppointmentId>{middle, mine_elsewhere});
        });
    }
    SECTION("history round-trips in insertion order") {
        store.transact([&](Transaction& tx) {
            auto& clinic = tx.clinic();
            const auto a = clinic.insert_appointment(appointment(p, 0));
            const auto b = clinic.insert_appointment(appointment(p, 30));
            clinic.insert_appointment_change(
                {0, a, std::nullopt, AppointmentStatus::requested, p.patient, "", at(kT0 + 1)});
            clinic.insert_appointment_change(
                {0, b, std::nullopt, AppointmentStatus::requested, p.patient, "", at(kT0 + 2)});
            clinic.insert_appointment_change({0, a, AppointmentStatus::requested, AppointmentStatus::declined,
                                              p.doctor, "Not my field — try cardiology", at(kT0 + 3)});
            clinic.insert_appointment_change(
                {0, a, AppointmentStatus::declined, AppointmentStatus::expired, 0, "", at(kT0 + 4)});
            auto history = clinic.appointment_changes(a);
            REQUIRE(history.size() == 3);
            CHECK(history[0].appointment_id == a);
            CHECK_FALSE(history[0].from);
            CHECK(history[0].to == AppointmentStatus::requested);
            CHECK(history[0].actor == p.patient);
            CHECK(history[0].at == at(kT0 + 1));
            CHECK(history[1].from == AppointmentStatus::requested);
            CHECK(history[1].to == AppointmentStatus::declined);
            CHECK(history[1].message == "Not my field — try cardiology");
            CHECK(history[2].actor == 0);
            CHECK(history[0].id < history[1].id);
            CHECK(history[1].id < history[2].id);
            CHECK(clinic.appointment_changes(b).size() == 1);
            CHECK(clinic.appointment_changes(b + 100).empty());
        });
    }
}

STORE_TEST_CASE("[store] clinic: unknown ids, id order and ties", "[store][clinic]") {
    TestType backend;
    Store& store = backend.store;
    const People p = add_people(store);

    SECTION("updating an unknown appointment changes nothing and does not throw") {
        store.transact([&](Transaction& tx) {
            auto& clinic = tx.clinic();
            const AppointmentId a = clinic.insert_appointment(appointment(p, 0));
            Appointment ghost = appointment(p, 0);  // would even clash with `a` if it were stored
            ghost.id = a + 100;
            CHECK_NOTHROW(clinic.update_appointment(ghost));
            CHECK_FALSE(clinic.find_appointment(a + 100));
            CHECK(clinic.appointments_of(p.doctor, true, at(0), Instant::max()).size() == 1);
        });
    }
    SECTION("ids are positive and increase") {
        store.transact([&](Transaction& tx) {
            auto& clinic = tx.clinic();
            const AppointmentId a = clinic.insert_appointment(appointment(p, 0));
            const AppointmentId b = clinic.insert_appointment(appointment(p, -60));
            CHECK(a > 0);
            CHECK(b > a);
            clinic.insert_appointment_change(
                {0, b, std::nullopt, AppointmentStatus::requested, p.patient, "", at(kT0)});
            clinic.insert_appointment_change({0, b, AppointmentStatus::requested,
                                              AppointmentStatus::confirmed, p.doctor, "",
                                              at(kT0 - 1)});  // an earlier instant: still listed after
            const auto history = clinic.appointment_changes(b);
            REQUIRE(history.size() == 2);
            CHECK(history[0].id > 0);
            CHECK(history[0].to == AppointmentStatus::requested);
            CHECK(history[1].id > history[0].id);
        });
    }
    SECTION("appointments starting at the same instant come by id") {
        store.transact([&](Transaction& tx) {
            auto& clinic = tx.clinic();
            // The patient at one instant with two doctors; inserted in this order.
            Appointment second_doctor = appointment(p, 0, AppointmentStatus::confirmed);
            second_doctor.doctor_id = p.other_doctor;
            const AppointmentId first = clinic.insert_appointment(second_doctor);
            const AppointmentId second =
                clinic.insert_appointment(appointment(p, 0, AppointmentStatus::requested));
            const std::vector<AppointmentId> by_id{first, second};
            CHECK(ids(clinic.appointments_of(p.patient, false, at(0), Instant::max())) == by_id);
            CHECK(ids(clinic.active_appointments_overlapping(p.patient, false, at(0), Instant::max())) ==
                  by_id);
            CHECK(ids(clinic.appointments_starting(
                      at(0), Instant::max(), {AppointmentStatus::requested, AppointmentStatus::confirmed})) ==
                  by_id);
        });
    }
    SECTION("saving availability again replaces the hours and exceptions, keeping their order") {
        store.transact([&](Transaction& tx) {
            auto& clinic = tx.clinic();
            Availability a;
            a.doctor_id = p.doctor;
            a.weekly = {{0, 540, 600}, {1, 540, 600}};
            a.exceptions = {{"2026-12-24", true, 0, 0}};
            clinic.save_availability(a);
            a.weekly = {{6, 600, 660}, {2, 480, 540}};
            a.exceptions = {{"2026-12-31", false, 600, 660}, {"2026-12-30", true, 0, 0}};
            clinic.save_availability(a);
            const auto found = clinic.find_availability(p.doctor);
            REQUIRE(found);
            REQUIRE(found->weekly.size() == 2);
            CHECK(found->weekly[0].weekday == 6);
            CHECK(found->weekly[1].weekday == 2);
            REQUIRE(found->exceptions.size() == 2);
            CHECK(found->exceptions[0].date == "2026-12-31");
            CHECK(found->exceptions[1].date == "2026-12-30");
        });
    }
}
