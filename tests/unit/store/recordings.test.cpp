// The recordings repository's contract (core/recordings/repository.h), on every store.
#include "stores.h"

using namespace core;

namespace {

Instant t(int second) {
    return from_unix_ms(1'790'000'000'000 + std::int64_t{second} * 1000);
}

CallRecording recording(AppointmentId appointment, UserId doctor, int started_second) {
    CallRecording r;
    r.appointment_id = appointment;
    r.started_by = doctor;
    r.started_at = t(started_second);
    r.last_chunk_at = t(started_second);
    r.mime_type = "video/webm";
    return r;
}

}  // namespace

STORE_TEST_CASE("[store] recordings: records, chunks, access log", "[store][recordings]") {
    TestType s;
    UserId doctor = 0, patient = 0;
    AppointmentId a = 0;
    RecordingId id = 0, other = 0;
    s.store.transact([&](Transaction& tx) {
        auto& accounts = tx.accounts();
        auto& recordings = tx.recordings();
        doctor = accounts.insert_user(
            {"dr@example.test", "Dr", Role::doctor, AccountStatus::active, "UTC", "$x", t(0)});
        patient = accounts.insert_user(
            {"pat@example.test", "Pat", Role::patient, AccountStatus::active, "UTC", "$x", t(0)});
        Appointment x;
        x.doctor_id = doctor;
        x.patient_id = patient;
        x.starts_at = t(3600);
        x.ends_at = t(5400);
        x.status = AppointmentStatus::in_progress;
        a = tx.clinic().insert_appointment(x);
        CallRecording rec;
        rec.appointment_id = a;
        rec.started_by = doctor;
        rec.started_at = t(20);
        rec.last_chunk_at = t(20);
        rec.mime_type = "video/webm;codecs=vp8,opus";
        id = recordings.insert_recording(rec);
        rec.started_at = t(10);
        other = recordings.insert_recording(rec);
    });
    const std::string binary("\x1a\x45\xdf\xa3\x00\xff\x00", 7);  // NULs and high bytes survive
    s.store.transact([&](Transaction& tx) {
        auto& recordings = tx.recordings();
        recordings.insert_recording_chunk({id, 0, 0, binary});
        recordings.insert_recording_chunk({id, 1, 7, "abcdef"});
        recordings.insert_recording_chunk({id, 2, 13, "XYZ"});
        CHECK_THROWS_AS(recordings.insert_recording_chunk({id, 1, 7, "again"}), UniqueViolation);
    });
    s.store.transact([&](Transaction& tx) {
        auto& recordings = tx.recordings();
        auto rec = recordings.find_recording(id);
        REQUIRE(rec);
        CHECK(rec->mime_type == "video/webm;codecs=vp8,opus");
        CHECK(rec->status == RecordingStatus::uploading);
        rec->bytes = 16;
        rec->chunks = 3;
        rec->status = RecordingStatus::complete;
        rec->finished_at = t(30);
        rec->duration_ms = 9000;
        recordings.update_recording(*rec);
        auto again = recordings.find_recording(id);
        CHECK(again->bytes == 16);
        CHECK(again->status == RecordingStatus::complete);
        CHECK(*again->finished_at == t(30));
        CHECK_FALSE(recordings.find_recording(999));

        const auto list = recordings.recordings_of(a);
        REQUIRE(list.size() == 2);
        CHECK(list[0].id == other);  // by start time
        CHECK(recordings.recordings_with_status(RecordingStatus::uploading).size() == 1);

        const auto all = recordings.recording_chunks(id, 0, 100);
        REQUIRE(all.size() == 3);
        CHECK(all[0].data == binary);
        const auto middle = recordings.recording_chunks(id, 8, 12);
        REQUIRE(middle.size() == 1);
        CHECK(middle[0].seq == 1);
        CHECK(recordings.recording_chunks(id, 7, 13).size() == 1);  // [7, 13) is chunk 1 exactly
        CHECK(recordings.recording_chunks(id, 6, 14).size() == 3);
        CHECK(recordings.recording_chunks(other, 0, 100).empty());

        CHECK(recordings.insert_recording_access(
            {0, id, patient, RecordingAccessAction::play, t(40), "nonce-1"}));
        CHECK_FALSE(recordings.insert_recording_access(
            {0, id, patient, RecordingAccessAction::play, t(41), "nonce-1"}));
        CHECK(recordings.insert_recording_access(
            {0, id, doctor, RecordingAccessAction::download, t(42), "nonce-2"}));
        const auto log = recordings.recording_accesses(id);
        REQUIRE(log.size() == 2);
        CHECK(log[0].user_id == patient);
        CHECK(log[0].at == t(40));
        CHECK(log[1].action == RecordingAccessAction::download);
        CHECK(recordings.recording_accesses(other).empty());
    });
}

STORE_TEST_CASE("[store] recordings: what an update changes, unknown ids, ties, tokens",
                "[store][recordings]") {
    TestType fixture;
    Store& store = fixture.store;
    const store_test::People p = store_test::add_people(store);
    const AppointmentId a = store
                                .transact([&](Transaction& tx) {
                                    return tx.clinic().insert_appointment(store_test::appointment(p, 0));
                                })
                                .value;

    SECTION("an update stores what an upload changes; appointment, starter and start stay") {
        store.transact([&](Transaction& tx) {
            auto& recordings = tx.recordings();
            const RecordingId id = recordings.insert_recording(recording(a, p.doctor, 10));
            const AppointmentId b = tx.clinic().insert_appointment(store_test::appointment(p, 60));
            CallRecording changed = *recordings.find_recording(id);
            changed.appointment_id = b;
            changed.started_by = p.other_doctor;
            changed.started_at = t(99);
            changed.finished_at = t(40);
            changed.mime_type = "video/webm;codecs=vp9,opus";
            changed.bytes = 1234;
            changed.chunks = 5;
            changed.duration_ms = 30'000;
            changed.status = RecordingStatus::failed;
            changed.last_chunk_at = t(39);
            recordings.update_recording(changed);
            const auto found = recordings.find_recording(id);
            REQUIRE(found);
            CHECK(found->appointment_id == a);
            CHECK(found->started_by == p.doctor);
            CHECK(found->started_at == t(10));
            CHECK(found->finished_at == t(40));
            CHECK(found->mime_type == "video/webm;codecs=vp9,opus");
            CHECK(found->bytes == 1234);
            CHECK(found->chunks == 5);
            CHECK(found->duration_ms == 30'000);
            CHECK(found->status == RecordingStatus::failed);
            CHECK(found->last_chunk_at == t(39));
            CHECK(recordings.recordings_of(b).empty());
        });
    }
    SECTION("updating an unknown recording changes nothing and does not throw") {
        store.transact([&](Transaction& tx) {
            auto& recordings = tx.recordings();
            const RecordingId id = recordings.insert_recording(recording(a, p.doctor, 10));
            CallRecording ghost = *recordings.find_recording(id);
            ghost.id = id + 100;
            ghost.status = RecordingStatus::complete;
            CHECK_NOTHROW(recordings.update_recording(ghost));
            CHECK_FALSE(recordings.find_recording(id + 100));
            CHECK(recordings.recordings_with_status(RecordingStatus::complete).empty());
        });
    }
    SECTION("ids are positive and increase; equal starts come by id; statuses by id") {
        store.transact([&](Transaction& tx) {
            auto& recordings = tx.recordings();
            const RecordingId first = recordings.insert_recording(recording(a, p.doctor, 10));
            const RecordingId second = recordings.insert_recording(recording(a, p.doctor, 10));
            const RecordingId third = recordings.insert_recording(recording(a, p.doctor, 5));
            CHECK(first > 0);
            CHECK(second > first);
            CHECK(third > second);
            const auto list = recordings.recordings_of(a);
            REQUIRE(list.size() == 3);
            CHECK(list[0].id == third);
            CHECK(list[1].id == first);
            CHECK(list[2].id == second);
            const auto uploading = recordings.recordings_with_status(RecordingStatus::uploading);
            REQUIRE(uploading.size() == 3);
            CHECK(uploading[0].id == first);
            CHECK(uploading[1].id == second);
            CHECK(uploading[2].id == third);
        });
    }
    SECTION("chunks come by seq, whatever order they were stored in; offset and bytes are kept") {
        store.transact([&](Transaction& tx) {
            auto& recordings = tx.recordings();
            const RecordingId id = recordings.insert_recording(recording(a, p.doctor, 10));
            recordings.insert_recording_chunk({id, 1, 3, "def"});
            recordings.insert_recording_chunk({id, 0, 0, "abc"});
            const auto chunks = recordings.recording_chunks(id, 0, 6);
            REQUIRE(chunks.size() == 2);
            CHECK(chunks[0].recording_id == id);
            CHECK(chunks[0].seq == 0);
            CHECK(chunks[0].data == "abc");
            CHECK(chunks[1].seq == 1);
            CHECK(chunks[1].offset == 3);
            CHECK(chunks[1].data == "def");
            CHECK(recordings.recording_chunks(id, 6, 100).empty());  // nothing at or after the end
        });
    }
    SECTION("an empty token_id never clashes; every field of an access is kept") {
        store.transact([&](Transaction& tx) {
            auto& recordings = tx.recordings();
            const RecordingId id = recordings.insert_recording(recording(a, p.doctor, 10));
            CHECK(recordings.insert_recording_access(
                {0, id, p.patient, RecordingAccessAction::play, t(20), ""}));
            CHECK(recordings.insert_recording_access(
                {0, id, p.doctor, RecordingAccessAction::download, t(21), ""}));
            const auto log = recordings.recording_accesses(id);
            REQUIRE(log.size() == 2);
            CHECK(log[0].id > 0);
            CHECK(log[1].id > log[0].id);
            CHECK(log[0].recording_id == id);
            CHECK(log[0].user_id == p.patient);
            CHECK(log[0].action == RecordingAccessAction::play);
            CHECK(log[1].at == t(21));
            CHECK(log[1].token_id.empty());
        });
    }
}
