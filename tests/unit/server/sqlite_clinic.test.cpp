// The clinic part of the Repository, the same scenarios against MemoryStore (the reference) and
// SqliteStore, so the two cannot drift; then what only SQLite has: migrations and the core clinic
// service running over it end to end.
#include <catch2/catch.hpp>

#include <filesystem>
#include <stdexcept>

#include <unistd.h>

#include "../core/fixture_zones.h"
#include "core/accounts/account_service.h"
#include "core/clinic/clinic_service.h"
#include "core/crypto/pbkdf2_hasher.h"
#include "core/store/memory_store.h"
#include "store/migrations.h"
#include "store/sqlite_store.h"

namespace fs = std::filesystem;
using namespace core;
using namespace std::chrono_literals;

namespace {

struct TempDir {
    fs::path path;
    TempDir() {
        char pattern[] = "/tmp/telemed-clinic-test-XXXXXX";
        if (!mkdtemp(pattern)) throw std::runtime_error("mkdtemp failed");
        path = pattern;
    }
    ~TempDir() {
        std::error_code ignored;
        fs::remove_all(path, ignored);
    }
    std::string file(const char* name) const { return (path / name).string(); }
};

// The two stores under test.
struct Memory {
    MemoryStore store;
};
struct Sqlite {
    TempDir dir;
    server::SqliteStore store{dir.file("telemed.db")};
};

Instant at(std::int64_t ms) { return from_unix_ms(ms); }
constexpr std::int64_t kT0 = 1'790'000'000'000;  // some Monday-ish instant in 2026
constexpr std::int64_t kMin = 60'000;

// Users to hang rows on (SQLite's foreign keys want them; MemoryStore does not care).
struct People {
    UserId doctor = 0, other_doctor = 0, patient = 0, other_patient = 0;
};

People add_people(Store& store) {
    People p;
    store.transact([&](Repository& r) {
        const auto user = [&](const char* email, Role role) {
            return r.insert_user({email, email, role, AccountStatus::active, "UTC", "$x", at(kT0)});
        };
        p.doctor = user("dr@example.test", Role::doctor);
        p.other_doctor = user("dr2@example.test", Role::doctor);
        p.patient = user("pat@example.test", Role::patient);
        p.other_patient = user("pat2@example.test", Role::patient);
    });
    return p;
}

Appointment appointment(const People& p, std::int64_t start_minute, AppointmentStatus status = AppointmentStatus::requested,
                        UserId patient = 0) {
    Appointment a;
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

LedgerEntry entry(std::string account, std::int64_t amount, LedgerKind kind = LedgerKind::grant) {
    LedgerEntry e;
    e.account = std::move(account);
    e.kind = kind;
    e.amount = amount;
    e.memo = "memo";
    e.at = at(kT0);
    return e;
}

}  // namespace

TEMPLATE_TEST_CASE("[server] clinic repository: doctors and availability", "[server][store]", Memory, Sqlite) {
    TestType backend;
    Store& store = backend.store;
    const People p = add_people(store);

    SECTION("doctor profiles round-trip, replace, list by verification in user order") {
        store.transact([&](Repository& r) {
            CHECK_FALSE(r.find_doctor_profile(p.doctor));
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
            r.save_doctor_profile(profile);
            DoctorProfile first = profile;
            first.user_id = p.doctor;
            first.verification = Verification::rejected;
            first.verification_note = "Licence unreadable";
            first.languages = {};
            r.save_doctor_profile(first);

            auto found = r.find_doctor_profile(p.other_doctor);
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
            CHECK(r.find_doctor_profile(p.doctor)->languages.empty());
            CHECK(r.find_doctor_profile(p.doctor)->verification_note == "Licence unreadable");

            auto all = r.list_doctor_profiles();
            REQUIRE(all.size() == 2);
            CHECK(all[0].user_id == p.doctor);  // by user id, not by insertion
            CHECK(all[1].user_id == p.other_doctor);
            auto verified = r.list_doctor_profiles(Verification::verified);
            REQUIRE(verified.size() == 1);
            CHECK(verified[0].user_id == p.other_doctor);
            CHECK(r.list_doctor_profiles(Verification::suspended).empty());

            first.verification = Verification::verified;  // save again replaces
            first.bio = "new";
            r.save_doctor_profile(first);
            CHECK(r.find_doctor_profile(p.doctor)->bio == "new");
            CHECK(r.list_doctor_profiles(Verification::verified).size() == 2);
        });
    }
    SECTION("user status") {
        store.transact([&](Repository& r) {
            r.set_user_status(p.doctor, AccountStatus::pending_verification);
            CHECK(r.find_user(p.doctor)->status == AccountStatus::pending_verification);
            r.set_user_status(p.doctor, AccountStatus::suspended);
            CHECK(r.find_user(p.doctor)->status == AccountStatus::suspended);
        });
    }
    SECTION("availability round-trips and is replaced as a whole") {
        store.transact([&](Repository& r) {
            CHECK_FALSE(r.find_availability(p.doctor));
            Availability a;
            a.doctor_id = p.doctor;
            a.weekly = {{4, 600, 720}, {0, 540, 600}, {0, 840, 1080}};  // order as given
            a.exceptions = {{"2026-12-24", true, 0, 0}, {"2026-12-27", false, 600, 660}};
            a.slot_minutes = 20;
            a.buffer_minutes = 5;
            a.min_notice_minutes = 0;
            a.horizon_days = 90;
            a.auto_confirm = true;
            r.save_availability(a);
            auto found = r.find_availability(p.doctor);
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
            r.save_availability(empty);
            found = r.find_availability(p.doctor);
            REQUIRE(found);  // saved, with no hours: still "has availability"
            CHECK(found->weekly.empty());
            CHECK(found->exceptions.empty());
            CHECK(found->slot_minutes == 30);
            CHECK_FALSE(found->auto_confirm);
            CHECK_FALSE(r.find_availability(p.other_doctor));
        });
    }
}

TEMPLATE_TEST_CASE("[server] clinic repository: appointments", "[server][store]", Memory, Sqlite) {
    TestType backend;
    Store& store = backend.store;
    const People p = add_people(store);

    SECTION("round-trip of every field, insert and update") {
        store.transact([&](Repository& r) {
            Appointment a = appointment(p, 60);
            a.id = r.insert_appointment(a);
            REQUIRE(a.id > 0);
            auto found = r.find_appointment(a.id);
            REQUIRE(found);
            check_same(*found, a);
            CHECK_FALSE(r.find_appointment(a.id + 1000));

            a.status = AppointmentStatus::in_progress;
            a.starts_at += 15min;
            a.ends_at += 15min;
            a.clinical_notes = "more";
            a.visit_summary = "";
            a.sequence = 3;
            a.reminded_15m = true;
            a.reminded_24h = false;
            a.updated_at = at(kT0 + 99);
            r.update_appointment(a);
            check_same(*r.find_appointment(a.id), a);
        });
    }
    SECTION("one slot-holding appointment per doctor and start, on insert") {
        AppointmentId first = 0;
        store.transact([&](Repository& r) { first = r.insert_appointment(appointment(p, 0)); });
        for (auto status : {AppointmentStatus::requested, AppointmentStatus::confirmed, AppointmentStatus::in_progress})
            CHECK_THROWS_AS(store.transact([&](Repository& r) {
                                r.insert_appointment(appointment(p, 0, status, p.other_patient));
                            }),
                            UniqueViolation);
        store.transact([&](Repository& r) {
            // Statuses that free the slot may share it; other doctors and other starts are fine.
            for (auto status : {AppointmentStatus::declined, AppointmentStatus::expired, AppointmentStatus::cancelled,
                                AppointmentStatus::completed, AppointmentStatus::no_show})
                r.insert_appointment(appointment(p, 0, status, p.other_patient));
            Appointment elsewhere = appointment(p, 0);
            elsewhere.doctor_id = p.other_doctor;
            r.insert_appointment(elsewhere);
            r.insert_appointment(appointment(p, 30));
            CHECK(r.appointments_of(p.doctor, true, at(0), Instant::max()).size() == 7);
        });

        SECTION("cancel frees the slot; a re-booking then succeeds") {
            store.transact([&](Repository& r) {
                Appointment a = *r.find_appointment(first);
                a.status = AppointmentStatus::cancelled;
                r.update_appointment(a);
                r.insert_appointment(appointment(p, 0, AppointmentStatus::requested, p.other_patient));
            });
            store.transact([&](Repository& r) {
                CHECK(r.active_appointments_overlapping(p.doctor, true, at(kT0), at(kT0 + 1)).size() == 1);
                // ... and the cancelled one cannot come back while the new one holds the slot
                Appointment a = *r.find_appointment(first);
                a.status = AppointmentStatus::confirmed;
                CHECK_THROWS_AS(r.update_appointment(a), UniqueViolation);
            });
        }
        SECTION("a failed insert rolls back the whole transaction") {
            CHECK_THROWS_AS(store.transact([&](Repository& r) {
                                r.insert_notification({0, p.patient, "k", "t", "b", std::nullopt, at(kT0), std::nullopt});
                                r.insert_appointment(appointment(p, 0));
                            }),
                            UniqueViolation);
            store.transact([&](Repository& r) { CHECK(r.unread_notifications(p.patient) == 0); });
        }
    }
    SECTION("the unique rule on update: moving onto a held slot") {
        store.transact([&](Repository& r) {
            r.insert_appointment(appointment(p, 0));
            Appointment b = appointment(p, 30, AppointmentStatus::confirmed, p.other_patient);
            b.id = r.insert_appointment(b);
            Appointment moved = b;
            moved.starts_at = at(kT0);
            moved.ends_at = at(kT0) + 30min;
            CHECK_THROWS_AS(r.update_appointment(moved), UniqueViolation);
            CHECK(r.find_appointment(b.id)->starts_at == b.starts_at);  // unchanged
            moved.status = AppointmentStatus::cancelled;                // not holding: allowed there
            r.update_appointment(moved);
            r.update_appointment(*r.find_appointment(b.id));  // updating to itself never conflicts
        });
    }
    SECTION("queries and their order") {
        store.transact([&](Repository& r) {
            // Inserted out of order; results come by start time.
            const auto late = r.insert_appointment(appointment(p, 120, AppointmentStatus::confirmed));
            const auto early = r.insert_appointment(appointment(p, 0, AppointmentStatus::requested));
            const auto middle = r.insert_appointment(appointment(p, 60, AppointmentStatus::cancelled));
            const auto other = r.insert_appointment(appointment(p, 30, AppointmentStatus::in_progress, p.other_patient));
            const auto mine_elsewhere = [&] {
                Appointment a = appointment(p, 90, AppointmentStatus::completed);
                a.doctor_id = p.other_doctor;
                return r.insert_appointment(a);
            }();

            CHECK(ids(r.appointments_of(p.doctor, true, at(0), Instant::max())) ==
                  std::vector<AppointmentId>{early, other, middle, late});
            CHECK(ids(r.appointments_of(p.patient, false, at(0), Instant::max())) ==
                  std::vector<AppointmentId>{early, middle, mine_elsewhere, late});
            // [from, to) on the start
            CHECK(ids(r.appointments_of(p.doctor, true, at(kT0 + 30 * kMin), at(kT0 + 120 * kMin))) ==
                  std::vector<AppointmentId>{other, middle});

            // Overlap is strict at both ends; only slot-holding statuses count.
            CHECK(ids(r.active_appointments_overlapping(p.doctor, true, at(0), Instant::max())) ==
                  std::vector<AppointmentId>{early, other, late});
            CHECK(ids(r.active_appointments_overlapping(p.doctor, true, at(kT0 + 30 * kMin), at(kT0 + 60 * kMin))) ==
                  std::vector<AppointmentId>{other});
            CHECK(ids(r.active_appointments_overlapping(p.doctor, true, at(kT0 + 29 * kMin), at(kT0 + 31 * kMin))) ==
                  std::vector<AppointmentId>{early, other});
            CHECK(r.active_appointments_overlapping(p.doctor, true, at(kT0 + 60 * kMin), at(kT0 + 120 * kMin)).empty());
            CHECK(ids(r.active_appointments_overlapping(p.patient, false, at(0), Instant::max())) ==
                  std::vector<AppointmentId>{early, late});

            CHECK(ids(r.appointments_starting(at(0), Instant::max(), {AppointmentStatus::confirmed, AppointmentStatus::requested})) ==
                  std::vector<AppointmentId>{early, late});
            CHECK(ids(r.appointments_starting(at(kT0 + 1), Instant::max(), {AppointmentStatus::requested})).empty());
            CHECK(r.appointments_starting(at(0), Instant::max(), {}).empty());
            CHECK(ids(r.appointments_starting(at(kT0 + 60 * kMin), at(kT0 + 91 * kMin),
                                              {AppointmentStatus::cancelled, AppointmentStatus::completed})) ==
                  std::vector<AppointmentId>{middle, mine_elsewhere});
        });
    }
    SECTION("history round-trips in insertion order") {
        store.transact([&](Repository& r) {
            const auto a = r.insert_appointment(appointment(p, 0));
            const auto b = r.insert_appointment(appointment(p, 30));
            r.insert_appointment_change({0, a, std::nullopt, AppointmentStatus::requested, p.patient, "", at(kT0 + 1)});
            r.insert_appointment_change({0, b, std::nullopt, AppointmentStatus::requested, p.patient, "", at(kT0 + 2)});
            r.insert_appointment_change({0, a, AppointmentStatus::requested, AppointmentStatus::declined, p.doctor,
                                         "Not my field — try cardiology", at(kT0 + 3)});
            r.insert_appointment_change({0, a, AppointmentStatus::declined, AppointmentStatus::expired, 0, "", at(kT0 + 4)});
            auto history = r.appointment_changes(a);
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
            CHECK(r.appointment_changes(b).size() == 1);
            CHECK(r.appointment_changes(b + 100).empty());
        });
    }
}

TEMPLATE_TEST_CASE("[server] clinic repository: ledger, purchases, notifications", "[server][store]", Memory, Sqlite) {
    TestType backend;
    Store& store = backend.store;
    const People p = add_people(store);

    SECTION("the ledger: balanced postings, balances, total, newest first") {
        store.transact([&](Repository& r) {
            CHECK(r.ledger_total() == 0);
            CHECK(r.account_balance(wallet_account(p.patient)) == 0);
            const auto appt = r.insert_appointment(appointment(p, 0));
            Purchase bought;
            bought.user_id = p.patient;
            bought.idempotency_key = "key-0001";
            bought.package_id = "bundle5";
            const auto purchase = r.insert_purchase(bought);

            LedgerEntry out_of = entry(kExternalPayments, -10, LedgerKind::purchase);
            LedgerEntry in_to = entry(wallet_account(p.patient), 10, LedgerKind::purchase);
            out_of.purchase_id = in_to.purchase_id = purchase;
            const auto first = r.post_ledger({out_of, in_to});
            LedgerEntry hold_out = entry(wallet_account(p.patient), -3, LedgerKind::hold);
            LedgerEntry hold_in = entry(escrow_account(appt), 3, LedgerKind::hold);
            hold_out.appointment_id = hold_in.appointment_id = appt;
            const auto second = r.post_ledger({hold_out, hold_in});
            const auto third = r.post_ledger({entry(escrow_account(appt), -3, LedgerKind::earning),
                                              entry(earnings_account(p.doctor), 2, LedgerKind::earning),
                                              entry(wallet_account(p.patient), 1, LedgerKind::refund)});
            CHECK(first != second);
            CHECK(second != third);

            CHECK(r.account_balance(wallet_account(p.patient)) == 8);
            CHECK(r.account_balance(escrow_account(appt)) == 0);
            CHECK(r.account_balance(earnings_account(p.doctor)) == 2);
            CHECK(r.account_balance(kExternalPayments) == -10);
            CHECK(r.ledger_total() == 0);

            auto mine = r.ledger_entries({wallet_account(p.patient)}, 10);
            REQUIRE(mine.size() == 3);
            CHECK(mine[0].kind == LedgerKind::refund);  // newest first
            CHECK(mine[0].posting_id == third);
            CHECK(mine[1].kind == LedgerKind::hold);
            CHECK(mine[1].amount == -3);
            CHECK(mine[1].appointment_id == appt);
            CHECK_FALSE(mine[1].purchase_id);
            CHECK(mine[1].posting_id == second);
            CHECK(mine[2].kind == LedgerKind::purchase);
            CHECK(mine[2].purchase_id == purchase);
            CHECK_FALSE(mine[2].appointment_id);
            CHECK(mine[2].memo == "memo");
            CHECK(mine[2].at == at(kT0));
            CHECK(mine[0].id > mine[1].id);
            CHECK(mine[1].id > mine[2].id);

            auto both = r.ledger_entries({wallet_account(p.patient), earnings_account(p.doctor)}, 2);
            REQUIRE(both.size() == 2);
            CHECK(both[0].account == wallet_account(p.patient));
            CHECK(both[1].account == earnings_account(p.doctor));
            CHECK(r.ledger_entries({wallet_account(p.patient)}, 0).empty());
            CHECK(r.ledger_entries({"wallet:nobody"}, 10).empty());
            CHECK(r.ledger_entries({}, 10).empty());
            // Entries of one posting share its id.
            auto escrow = r.ledger_entries({escrow_account(appt)}, 10);
            REQUIRE(escrow.size() == 2);
            CHECK(escrow[0].posting_id == third);
            CHECK(escrow[1].posting_id == second);
        });
    }
    SECTION("an unbalanced posting is refused and nothing of the transaction stays") {
        CHECK_THROWS_AS(store.transact([&](Repository& r) {
                            r.post_ledger({entry(kExternalPayments, -5), entry(wallet_account(p.patient), 5)});
                            r.post_ledger({entry(kExternalPayments, -5), entry(wallet_account(p.patient), 6)});
                        }),
                        std::logic_error);
        store.transact([&](Repository& r) {
            CHECK(r.account_balance(wallet_account(p.patient)) == 0);
            CHECK(r.ledger_entries({wallet_account(p.patient)}, 10).empty());
            CHECK(r.ledger_total() == 0);
        });
    }
    SECTION("purchases: round-trip, update, one per user and key") {
        store.transact([&](Repository& r) {
            Purchase x;
            x.user_id = p.patient;
            x.idempotency_key = "checkout-123456";
            x.package_id = "family";
            x.credits = 24;
            x.amount_cents = 39900;
            x.currency = "EUR";
            x.created_at = at(kT0 + 7);
            x.id = r.insert_purchase(x);
            CHECK_FALSE(r.find_purchase(p.patient, "other-key"));
            CHECK_FALSE(r.find_purchase(p.other_patient, "checkout-123456"));
            auto found = r.find_purchase(p.patient, "checkout-123456");
            REQUIRE(found);
            CHECK(found->id == x.id);
            CHECK(found->package_id == "family");
            CHECK(found->credits == 24);
            CHECK(found->amount_cents == 39900);
            CHECK(found->status == PurchaseStatus::pending);
            CHECK(found->created_at == at(kT0 + 7));

            x.status = PurchaseStatus::succeeded;
            x.charge_id = "ch_test_1";
            x.card_brand = "Visa";
            x.card_last4 = "4242";
            r.update_purchase(x);
            found = r.find_purchase(p.patient, "checkout-123456");
            CHECK(found->status == PurchaseStatus::succeeded);
            CHECK(found->charge_id == "ch_test_1");
            CHECK(found->card_brand == "Visa");
            CHECK(found->card_last4 == "4242");
            CHECK(found->decline_reason.empty());

            Purchase same_key_other_user = x;
            same_key_other_user.user_id = p.other_patient;
            CHECK(r.insert_purchase(same_key_other_user) != x.id);
            CHECK_THROWS_AS(r.insert_purchase(x), UniqueViolation);
        });
    }
    SECTION("notifications: newest first, unread count, only the owner marks read") {
        store.transact([&](Repository& r) {
            std::vector<NotificationId> mine;
            const auto appt = r.insert_appointment(appointment(p, 0));
            for (int i = 0; i < 4; ++i)
                mine.push_back(r.insert_notification({0, p.patient, "kind." + std::to_string(i), "Title " + std::to_string(i),
                                                      "Body", i % 2 ? std::optional(appt) : std::nullopt,
                                                      at(kT0 + i), std::nullopt}));
            const auto theirs = r.insert_notification({0, p.other_patient, "k", "t", "b", std::nullopt, at(kT0), std::nullopt});
            CHECK(r.unread_notifications(p.patient) == 4);

            auto list = r.notifications_of(p.patient, 3);
            REQUIRE(list.size() == 3);
            CHECK(list[0].id == mine[3]);
            CHECK(list[1].id == mine[2]);
            CHECK(list[2].id == mine[1]);
            CHECK(list[0].kind == "kind.3");
            CHECK(list[0].title == "Title 3");
            CHECK(list[0].body == "Body");
            CHECK(list[0].appointment_id == appt);
            CHECK_FALSE(list[1].appointment_id);
            CHECK(list[0].created_at == at(kT0 + 3));
            CHECK_FALSE(list[0].read_at);
            CHECK(r.notifications_of(p.patient, 0).empty());

            CHECK_FALSE(r.mark_notification_read(p.patient, theirs, at(kT0 + 10)));  // not mine
            CHECK_FALSE(r.mark_notification_read(p.patient, theirs + 1000, at(kT0 + 10)));
            CHECK(r.unread_notifications(p.other_patient) == 1);
            CHECK(r.mark_notification_read(p.patient, mine[1], at(kT0 + 10)));
            CHECK(r.mark_notification_read(p.patient, mine[1], at(kT0 + 20)));  // again: fine, first time stands
            CHECK(r.unread_notifications(p.patient) == 3);
            list = r.notifications_of(p.patient, 50);
            REQUIRE(list.size() == 4);
            CHECK(list[2].read_at == at(kT0 + 10));
        });
    }
}

// --- SQLite only ------------------------------------------------------------------------------------

TEST_CASE("[server] sqlite clinic: migrations", "[server][store]") {
    TempDir dir;
    const auto path = dir.file("telemed.db");
    const auto table_count = [](server::sqlite::Database& db) {
        auto s = db.prepare(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('doctor_profiles', 'weekly_hours',"
            " 'availability_settings', 'availability_exceptions', 'appointments', 'appointment_changes',"
            " 'ledger_entries', 'purchases', 'notifications')");
        s.step();
        return s.int64(0);
    };

    SECTION("an empty file gets every version") {
        server::SqliteStore store(path);
        CHECK(store.schema_version() == server::schema_migrations().back().version);
        server::sqlite::Database db(path);
        CHECK(table_count(db) == 9);
        auto index = db.prepare("SELECT sql FROM sqlite_master WHERE name = 'appointments_one_per_slot'");
        REQUIRE(index.step());
        CHECK_THAT(index.text(0), Catch::Contains("UNIQUE") && Catch::Contains("WHERE status IN"));
    }
    SECTION("a version 1 database is upgraded to version 2 and keeps its data") {
        {
            server::sqlite::Database db(path);
            REQUIRE(server::apply_migrations(db, server::schema_migrations().first(1)) == 1);
            REQUIRE(server::schema_version(db) == 1);
            CHECK(table_count(db) == 0);
            db.exec(
                "INSERT INTO users (email, display_name, role, status, time_zone, password_hash, created_at,"
                " password_changed_at) VALUES ('old@example.test', 'Old', 'doctor', 'active', 'UTC', '$x', 1, 1)");
        }
        server::SqliteStore store(path);
        CHECK(store.schema_version() == server::schema_migrations().back().version);
        store.transact([&](Repository& r) {
            auto old = r.find_user_by_email("old@example.test");
            REQUIRE(old);
            CHECK(old->display_name == "Old");
            DoctorProfile profile;
            profile.user_id = old->id;
            r.save_doctor_profile(profile);  // the new tables work with the old rows
            CHECK(r.find_doctor_profile(old->id));
        });
        server::sqlite::Database db(path);
        CHECK(table_count(db) == 9);
        auto versions = db.prepare("SELECT version FROM schema_migrations ORDER BY version");
        std::vector<std::int64_t> applied;
        while (versions.step()) applied.push_back(versions.int64(0));
        std::vector<std::int64_t> known;
        for (const auto& m : server::schema_migrations()) known.push_back(m.version);
        CHECK(applied == known);  // and on to the newest
    }
    SECTION("the ledger is append-only in the database itself") {
        server::SqliteStore store(path);
        People p = add_people(store);
        store.transact([&](Repository& r) { r.post_ledger({entry(kExternalPayments, -1), entry(wallet_account(p.patient), 1)}); });
        server::sqlite::Database db(path);
        CHECK_THROWS_WITH(db.exec("UPDATE ledger_entries SET amount = 100"), Catch::Contains("append-only"));
        CHECK_THROWS_WITH(db.exec("DELETE FROM ledger_entries"), Catch::Contains("append-only"));
    }
}

TEST_CASE("[server] sqlite clinic: the clinic service end to end over SQLite", "[server][store]") {
    install_fixture_zones();
    TempDir dir;
    server::SqliteStore store(dir.file("telemed.db"));
    Pbkdf2Hasher hasher{1};
    ManualClock clock{*parse_iso8601("2026-11-16T06:00:00Z")};  // a Monday
    AccountService accounts{store, hasher, clock};
    TestModePaymentProvider payments{clock};
    ClinicService clinic{store, clock, payments};
    ClinicEffects fx;

    const auto admin = accounts.ensure_account({"admin@example.test", "a long enough secret", "Admin", Role::admin, "UTC"},
                                               AccountStatus::active)->id;
    const auto doctor = accounts.sign_up({"dr@example.test", "a long enough secret", "Dr. Who", Role::doctor, "UTC"})->user.id;
    const auto patient = accounts.sign_up({"pat@example.test", "a long enough secret", "Pat", Role::patient, "UTC"})->user.id;
    REQUIRE(clinic.update_doctor_profile(doctor, {"cardiology", "Bio", {"English"}, 10, "LIC-1", "Region", 3}, fx));
    Availability hours;
    for (int d = 0; d < 5; ++d) hours.weekly.push_back({d, 9 * 60, 12 * 60});
    REQUIRE(clinic.set_availability(doctor, hours));
    REQUIRE(clinic.decide_verification(admin, doctor, Verification::verified, "", fx));

    // Buy credits (a retry with the same key changes nothing).
    REQUIRE(clinic.buy_credits(patient, "bundle5", {"4242 4242 4242 4242", 12, 2030, "123", "Pat"}, "purchase-key-1", fx));
    REQUIRE(clinic.buy_credits(patient, "bundle5", {"4242 4242 4242 4242", 12, 2030, "123", "Pat"}, "purchase-key-1", fx));
    CHECK(clinic.wallet(patient)->available == 10);

    auto slots = clinic.slots(doctor, clock.now(), clock.now() + std::chrono::days(2));
    REQUIRE(slots);
    REQUIRE_FALSE(slots->empty());
    const Instant start = slots->front().starts_at;
    CHECK(start == *parse_iso8601("2026-11-16T09:00:00Z"));

    auto booked = clinic.book(patient, doctor, start, "Palpitations", fx);
    REQUIRE(booked);
    CHECK(booked->status == AppointmentStatus::requested);
    CHECK(clinic.wallet(patient)->available == 7);
    CHECK(clinic.wallet(patient)->held == 3);
    CHECK(clinic.book(patient, doctor, start, "again", fx).error().code == ErrorCode::slot_taken);
    CHECK(clinic.slots(doctor, clock.now(), clock.now() + std::chrono::days(2))->size() == slots->size() - 1);

    REQUIRE(clinic.act(doctor, booked->id, AppointmentAction::confirm, "", fx));
    clock.set(start + 5min);
    REQUIRE(clinic.act(doctor, booked->id, AppointmentAction::complete, "", fx));
    REQUIRE(clinic.write_notes(doctor, booked->id, std::string("private note"), std::string("Rest and fluids"), fx));

    const auto w = clinic.wallet(patient);
    CHECK(w->available == 7);
    CHECK(w->held == 0);
    CHECK(clinic.wallet(doctor)->earnings == 3);
    std::int64_t total = 1;
    store.transact([&](Repository& r) { total = r.ledger_total(); });
    CHECK(total == 0);

    auto view = clinic.appointment(patient, booked->id);
    REQUIRE(view);
    CHECK(view->appointment.status == AppointmentStatus::completed);
    CHECK(view->appointment.clinical_notes.empty());  // private to the doctor
    CHECK(view->appointment.visit_summary == "Rest and fluids");
    CHECK(view->history.size() == 3);  // requested, confirmed, completed
    CHECK(clinic.appointment(doctor, booked->id)->appointment.clinical_notes == "private note");
    auto notes = clinic.notifications(patient, 50);
    REQUIRE(notes);
    CHECK(notes->size() >= 3);  // confirmed, completed, summary
}
