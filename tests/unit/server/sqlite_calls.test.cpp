// The calls part of the Repository (call log, in-call chat): the same scenarios against MemoryStore
// (the reference) and SqliteStore; then the migration to v3 and the call service over SQLite.
#include <catch2/catch.hpp>

#include <filesystem>
#include <stdexcept>

#include <unistd.h>

#include "core/accounts/account_service.h"
#include "core/calls/call_service.h"
#include "core/crypto/pbkdf2_hasher.h"
#include "core/store/memory_store.h"
#include "store/migrations.h"
#include "store/sqlite_store.h"

namespace fs = std::filesystem;
using namespace core;
using namespace std::chrono_literals;

namespace {

struct CallsTempDir {
    fs::path path;
    CallsTempDir() {
        char pattern[] = "/tmp/telemed-calls-test-XXXXXX";
        if (!mkdtemp(pattern)) throw std::runtime_error("mkdtemp failed");
        path = pattern;
    }
    ~CallsTempDir() {
        std::error_code ignored;
        fs::remove_all(path, ignored);
    }
    std::string file(const char* name) const { return (path / name).string(); }
};

struct CallsMemory {
    MemoryStore store;
};
struct CallsSqlite {
    CallsTempDir dir;
    server::SqliteStore store{dir.file("telemed.db")};
};

Instant t(int minute) { return from_unix_ms(1'790'000'000'000 + std::int64_t{minute} * 60'000); }

}  // namespace

TEMPLATE_TEST_CASE("[server] calls repository: participations and messages", "[server][store][calls]", CallsMemory,
                   CallsSqlite) {
    TestType s;
    UserId doctor = 0, patient = 0;
    AppointmentId a = 0, b = 0;
    s.store.transact([&](Repository& r) {
        doctor = r.insert_user({"dr@example.test", "Dr", Role::doctor, AccountStatus::active, "UTC", "$x", t(0)});
        patient = r.insert_user({"pat@example.test", "Pat", Role::patient, AccountStatus::active, "UTC", "$x", t(0)});
        Appointment x;
        x.doctor_id = doctor;
        x.patient_id = patient;
        x.starts_at = t(60);
        x.ends_at = t(90);
        x.status = AppointmentStatus::in_progress;
        a = r.insert_appointment(x);
        x.starts_at = t(120);
        b = r.insert_appointment(x);
    });
    s.store.transact([&](Repository& r) {
        const auto d1 = r.insert_call_participation({0, a, doctor, t(58), std::nullopt});
        const auto p1 = r.insert_call_participation({0, a, patient, t(59), std::nullopt});
        r.insert_call_participation({0, b, patient, t(10), t(11)});
        r.end_call_participation(p1, t(65));
        r.end_call_participation(p1, t(70));  // the first leave stands
        r.end_call_participation(d1, t(50));  // before the join: clamped, never negative
        r.insert_call_participation({0, a, patient, t(66), std::nullopt});
    });
    s.store.transact([&](Repository& r) {
        const auto list = r.call_participations(a);
        REQUIRE(list.size() == 3);
        CHECK(list[0].user_id == doctor);
        CHECK(list[0].left_at == t(58));
        CHECK(list[1].joined_at == t(59));
        CHECK(list[1].left_at == t(65));
        CHECK(list[2].joined_at == t(66));
        CHECK_FALSE(list[2].left_at);
        CHECK(r.call_participations(b).size() == 1);
        CHECK(r.call_participations(999).empty());
    });
    s.store.transact([&](Repository& r) {
        for (int i = 0; i < 5; ++i) r.insert_call_message({0, a, i % 2 ? doctor : patient, "message " + std::to_string(i) + " — ü", t(60 + i)});
        r.insert_call_message({0, b, doctor, "other visit", t(1)});
    });
    s.store.transact([&](Repository& r) {
        const auto all = r.call_messages(a, 100);
        REQUIRE(all.size() == 5);
        CHECK(all[0].text == "message 0 — ü");
        CHECK(all[0].user_id == patient);
        CHECK(all[4].at == t(64));
        const auto newest = r.call_messages(a, 2);  // the newest two, oldest first
        REQUIRE(newest.size() == 2);
        CHECK(newest[0].text == "message 3 — ü");
        CHECK(newest[1].text == "message 4 — ü");
        CHECK(r.call_messages(b, 10).size() == 1);
        CHECK(r.call_messages(a, 0).empty());
    });
}

TEST_CASE("[server] sqlite calls: a version 2 database is upgraded to version 3", "[server][store][calls]") {
    CallsTempDir dir;
    const auto path = dir.file("telemed.db");
    {
        server::sqlite::Database db(path);
        REQUIRE(server::apply_migrations(db, server::schema_migrations().first(2)) == 2);
        db.exec(
            "INSERT INTO users (email, display_name, role, status, time_zone, password_hash, created_at,"
            " password_changed_at) VALUES ('old@example.test', 'Old', 'doctor', 'active', 'UTC', '$x', 1, 1)");
    }
    server::SqliteStore store(path);
    CHECK(store.schema_version() == server::schema_migrations().back().version);  // v3, and on to the newest
    store.transact([&](Repository& r) {
        REQUIRE(r.find_user_by_email("old@example.test"));
        CHECK(r.call_participations(1).empty());
        CHECK(r.call_messages(1, 10).empty());
    });
}

TEMPLATE_TEST_CASE("[server] calls repository: invitations, and guests in the call log and chat", "[server][store][calls][invites]",
                   CallsMemory, CallsSqlite) {
    TestType s;
    UserId doctor = 0, patient = 0;
    AppointmentId a = 0;
    s.store.transact([&](Repository& r) {
        doctor = r.insert_user({"dr@example.test", "Dr", Role::doctor, AccountStatus::active, "UTC", "$x", t(0)});
        patient = r.insert_user({"pat@example.test", "Pat", Role::patient, AccountStatus::active, "UTC", "$x", t(0)});
        Appointment x;
        x.doctor_id = doctor;
        x.patient_id = patient;
        x.starts_at = t(60);
        x.ends_at = t(90);
        x.status = AppointmentStatus::confirmed;
        a = r.insert_appointment(x);
    });
    InviteId first = 0, second = 0;
    s.store.transact([&](Repository& r) {
        CallInvite i;
        i.appointment_id = a;
        i.created_by = doctor;
        i.role = CallRole::interpreter;
        i.name = "Maria";
        i.token_hash = "hash-1";
        i.created_at = t(1);
        i.expires_at = t(180);
        first = r.insert_call_invite(i);
        i.role = CallRole::family;
        i.name = "";
        i.token_hash = "hash-2";
        second = r.insert_call_invite(i);
        i.token_hash = "hash-1";
        CHECK_THROWS(r.insert_call_invite(i));  // a token hash is unique
    });
    s.store.transact([&](Repository& r) {
        r.claim_call_invite(first, "Maria Silva", "key-hash", "Europe/Lisbon", t(50));
        r.revoke_call_invite(second, t(51));
        r.revoke_call_invite(second, t(52));  // the first revoke stands
        const UserId guest = guest_user_id(first);
        r.insert_call_participation({0, a, guest, t(55), t(57)});
        r.insert_call_message({0, a, guest, "Olá", t(56)});
        r.insert_call_message({0, a, patient, "Hi", t(56)});
    });
    s.store.transact([&](Repository& r) {
        auto one = r.find_call_invite(first);
        REQUIRE(one);
        CHECK(one->role == CallRole::interpreter);
        CHECK(one->name == "Maria");
        CHECK(one->guest_name == "Maria Silva");
        CHECK(one->guest_key_hash == "key-hash");
        CHECK(one->guest_time_zone == "Europe/Lisbon");
        CHECK(one->claimed_at == t(50));
        CHECK(one->expires_at == t(180));
        CHECK_FALSE(one->revoked_at);
        CHECK(r.find_call_invite_by_token_hash("hash-2")->revoked_at == t(51));
        CHECK_FALSE(r.find_call_invite_by_token_hash("nope"));
        CHECK(r.call_invites(a).size() == 2);
        CHECK(r.call_invites(a)[0].id == first);
        const auto stretches = r.call_participations(a);
        REQUIRE(stretches.size() == 1);
        CHECK(stretches[0].user_id == -first);
        const auto messages = r.call_messages(a, 10);
        REQUIRE(messages.size() == 2);
        CHECK(messages[0].user_id == -first);
        CHECK(messages[1].user_id == patient);
    });
}

TEST_CASE("[server] sqlite calls: a version 3 database keeps its call log and chat through v5", "[server][store][calls]") {
    CallsTempDir dir;
    const auto path = dir.file("telemed.db");
    {
        server::sqlite::Database db(path);
        REQUIRE(server::apply_migrations(db, server::schema_migrations().first(3)) == 3);
        db.exec(
            "INSERT INTO users (id, email, display_name, role, status, time_zone, password_hash, created_at,"
            " password_changed_at) VALUES (7, 'old@example.test', 'Old', 'doctor', 'active', 'UTC', '$x', 1, 1)");
        db.exec(
            "INSERT INTO appointments (id, patient_id, doctor_id, starts_at, ends_at, status, concern, price_credits,"
            " free_cancel_hours, late_cancel_refund_percent, clinical_notes, visit_summary, sequence, reminded_24h,"
            " reminded_15m, created_at, updated_at) VALUES (3, 7, 7, 1000, 2000, 'completed', '', 1, 24, 50, '', '', 0, 0, 0, 1, 1)");
        db.exec("INSERT INTO call_participations (appointment_id, user_id, joined_at, left_at) VALUES (3, 7, 1000, 1500)");
        db.exec("INSERT INTO call_messages (appointment_id, user_id, text, at) VALUES (3, 7, 'kept', 1200)");
    }
    server::SqliteStore store(path);
    CHECK(store.schema_version() == server::schema_migrations().back().version);
    store.transact([&](Repository& r) {
        const auto stretches = r.call_participations(3);
        REQUIRE(stretches.size() == 1);
        CHECK(stretches[0].user_id == 7);
        CHECK(stretches[0].left_at == from_unix_ms(1500));
        const auto messages = r.call_messages(3, 10);
        REQUIRE(messages.size() == 1);
        CHECK(messages[0].text == "kept");
        CHECK(messages[0].user_id == 7);
    });
}
