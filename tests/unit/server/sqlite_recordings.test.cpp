// The recordings part of the Repository (records, BLOB chunks, access log): the same scenarios against
// MemoryStore (the reference) and SqliteStore; then the migration to v4.
#include <catch2/catch.hpp>

#include <filesystem>
#include <stdexcept>

#include <unistd.h>

#include "core/store/memory_store.h"
#include "store/migrations.h"
#include "store/sqlite_store.h"

namespace fs = std::filesystem;
using namespace core;

namespace {

struct RecTempDir {
    fs::path path;
    RecTempDir() {
        char pattern[] = "/tmp/telemed-rec-test-XXXXXX";
        if (!mkdtemp(pattern)) throw std::runtime_error("mkdtemp failed");
        path = pattern;
    }
    ~RecTempDir() {
        std::error_code ignored;
        fs::remove_all(path, ignored);
    }
    std::string file(const char* name) const { return (path / name).string(); }
};

struct RecMemory {
    MemoryStore store;
};
struct RecSqlite {
    RecTempDir dir;
    server::SqliteStore store{dir.file("telemed.db")};
};

Instant t(int second) { return from_unix_ms(1'790'000'000'000 + std::int64_t{second} * 1000); }

}  // namespace

TEMPLATE_TEST_CASE("[server] recordings repository: records, chunks, access log", "[server][store][recordings]", RecMemory,
                   RecSqlite) {
    TestType s;
    UserId doctor = 0, patient = 0;
    AppointmentId a = 0;
    RecordingId id = 0, other = 0;
    s.store.transact([&](Repository& r) {
        doctor = r.insert_user({"dr@example.test", "Dr", Role::doctor, AccountStatus::active, "UTC", "$x", t(0)});
        patient = r.insert_user({"pat@example.test", "Pat", Role::patient, AccountStatus::active, "UTC", "$x", t(0)});
        Appointment x;
        x.doctor_id = doctor;
        x.patient_id = patient;
        x.starts_at = t(3600);
        x.ends_at = t(5400);
        x.status = AppointmentStatus::in_progress;
        a = r.insert_appointment(x);
        CallRecording rec;
        rec.appointment_id = a;
        rec.started_by = doctor;
        rec.started_at = t(20);
        rec.last_chunk_at = t(20);
        rec.mime_type = "video/webm;codecs=vp8,opus";
        id = r.insert_recording(rec);
        rec.started_at = t(10);
        other = r.insert_recording(rec);
    });
    const std::string binary("\x1a\x45\xdf\xa3\x00\xff\x00", 7);  // NULs and high bytes survive
    s.store.transact([&](Repository& r) {
        r.insert_recording_chunk({id, 0, 0, binary});
        r.insert_recording_chunk({id, 1, 7, "abcdef"});
        r.insert_recording_chunk({id, 2, 13, "XYZ"});
        CHECK_THROWS_AS(r.insert_recording_chunk({id, 1, 7, "again"}), UniqueViolation);
    });
    s.store.transact([&](Repository& r) {
        auto rec = r.find_recording(id);
        REQUIRE(rec);
        CHECK(rec->mime_type == "video/webm;codecs=vp8,opus");
        CHECK(rec->status == RecordingStatus::uploading);
        rec->bytes = 16;
        rec->chunks = 3;
        rec->status = RecordingStatus::complete;
        rec->finished_at = t(30);
        rec->duration_ms = 9000;
        r.update_recording(*rec);
        auto again = r.find_recording(id);
        CHECK(again->bytes == 16);
        CHECK(again->status == RecordingStatus::complete);
        CHECK(*again->finished_at == t(30));
        CHECK_FALSE(r.find_recording(999));

        const auto list = r.recordings_of(a);
        REQUIRE(list.size() == 2);
        CHECK(list[0].id == other);  // by start time
        CHECK(r.recordings_with_status(RecordingStatus::uploading).size() == 1);

        const auto all = r.recording_chunks(id, 0, 100);
        REQUIRE(all.size() == 3);
        CHECK(all[0].data == binary);
        const auto middle = r.recording_chunks(id, 8, 12);
        REQUIRE(middle.size() == 1);
        CHECK(middle[0].seq == 1);
        CHECK(r.recording_chunks(id, 7, 13).size() == 1);  // [7, 13) is chunk 1 exactly
        CHECK(r.recording_chunks(id, 6, 14).size() == 3);
        CHECK(r.recording_chunks(other, 0, 100).empty());

        CHECK(r.insert_recording_access({0, id, patient, RecordingAccessAction::play, t(40), "nonce-1"}));
        CHECK_FALSE(r.insert_recording_access({0, id, patient, RecordingAccessAction::play, t(41), "nonce-1"}));
        CHECK(r.insert_recording_access({0, id, doctor, RecordingAccessAction::download, t(42), "nonce-2"}));
        const auto log = r.recording_accesses(id);
        REQUIRE(log.size() == 2);
        CHECK(log[0].user_id == patient);
        CHECK(log[0].at == t(40));
        CHECK(log[1].action == RecordingAccessAction::download);
        CHECK(r.recording_accesses(other).empty());
    });
}

TEST_CASE("[server] sqlite recordings: a version 3 database is upgraded to version 4", "[server][store][recordings]") {
    RecTempDir dir;
    const auto path = dir.file("telemed.db");
    {
        server::sqlite::Database db(path);
        REQUIRE(server::apply_migrations(db, server::schema_migrations().first(3)) == 3);
    }
    server::SqliteStore store(path);
    CHECK(store.schema_version() >= 4);
    store.transact([&](Repository& r) { CHECK(r.recordings_of(1).empty()); });
}
