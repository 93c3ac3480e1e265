// The recordings part of SqliteRepository: call_recordings, their BLOB chunks and the access log.
// Schema: migration v4 in migrations.cpp. The semantics are MemoryStore's;
// tests/unit/server/sqlite_recordings.test.cpp runs the same scenarios against both.
#include <sqlite3.h>

#include "store/sqlite_repository.h"

namespace server {

namespace {

constexpr const char* kRecordingColumns =
    "id, appointment_id, started_by, started_at, finished_at, mime_type, bytes, chunks, duration_ms, status, last_chunk_at";

core::CallRecording read_recording(const sqlite::Statement& s) {
    core::CallRecording r;
    r.id = s.int64(0);
    r.appointment_id = s.int64(1);
    r.started_by = s.int64(2);
    r.started_at = instant(s.int64(3));
    if (auto f = s.optional_int64(4)) r.finished_at = instant(*f);
    r.mime_type = s.text(5);
    r.bytes = s.int64(6);
    r.chunks = s.int64(7);
    r.duration_ms = s.int64(8);
    r.status = core::recording_status_from_string(s.text(9)).value_or(core::RecordingStatus::failed);
    r.last_chunk_at = instant(s.int64(10));
    return r;
}

std::vector<core::CallRecording> read_recordings(sqlite::Statement& s) {
    std::vector<core::CallRecording> out;
    while (s.step()) out.push_back(read_recording(s));
    return out;
}

}  // namespace

core::RecordingId SqliteRepository::insert_recording(const core::CallRecording& r) {
    sql("INSERT INTO call_recordings (appointment_id, started_by, started_at, finished_at, mime_type, bytes, chunks,"
        " duration_ms, status, last_chunk_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)")
        .bind(1, r.appointment_id)
        .bind(2, r.started_by)
        .bind(3, ms(r.started_at))
        .bind(4, r.finished_at ? std::optional(ms(*r.finished_at)) : std::nullopt)
        .bind(5, std::string_view(r.mime_type))
        .bind(6, r.bytes)
        .bind(7, r.chunks)
        .bind(8, r.duration_ms)
        .bind(9, core::to_string(r.status))
        .bind(10, ms(r.last_chunk_at))
        .run();
    return db_.last_insert_rowid();
}

void SqliteRepository::update_recording(const core::CallRecording& r) {
    sql("UPDATE call_recordings SET finished_at = ?2, mime_type = ?3, bytes = ?4, chunks = ?5, duration_ms = ?6,"
        " status = ?7, last_chunk_at = ?8 WHERE id = ?1")
        .bind(1, r.id)
        .bind(2, r.finished_at ? std::optional(ms(*r.finished_at)) : std::nullopt)
        .bind(3, std::string_view(r.mime_type))
        .bind(4, r.bytes)
        .bind(5, r.chunks)
        .bind(6, r.duration_ms)
        .bind(7, core::to_string(r.status))
        .bind(8, ms(r.last_chunk_at))
        .run();
}

std::optional<core::CallRecording> SqliteRepository::find_recording(core::RecordingId id) {
    auto& s = sql(std::string("SELECT ") + kRecordingColumns + " FROM call_recordings WHERE id = ?1");
    s.bind(1, id);
    if (!s.step()) return std::nullopt;
    return read_recording(s);
}

std::vector<core::CallRecording> SqliteRepository::recordings_of(core::AppointmentId appointment) {
    auto& s = sql(std::string("SELECT ") + kRecordingColumns +
                  " FROM call_recordings WHERE appointment_id = ?1 ORDER BY started_at, id");
    s.bind(1, appointment);
    return read_recordings(s);
}

std::vector<core::CallRecording> SqliteRepository::recordings_with_status(core::RecordingStatus status) {
    auto& s = sql(std::string("SELECT ") + kRecordingColumns + " FROM call_recordings WHERE status = ?1 ORDER BY id");
    s.bind(1, core::to_string(status));
    return read_recordings(s);
}

void SqliteRepository::insert_recording_chunk(const core::RecordingChunk& c) {
    auto& s = sql("INSERT INTO call_recording_chunks (recording_id, seq, offset_bytes, data) VALUES (?1, ?2, ?3, ?4)");
    s.bind(1, c.recording_id).bind(2, c.seq).bind(3, c.offset).bind_blob(4, c.data);
    try {
        s.run();
    } catch (const sqlite::Error& e) {
        if (e.code == SQLITE_CONSTRAINT_PRIMARYKEY || e.code == SQLITE_CONSTRAINT_UNIQUE)
            throw core::UniqueViolation("call_recording_chunks.seq");
        throw;
    }
}

std::vector<core::RecordingChunk> SqliteRepository::recording_chunks(core::RecordingId id, std::int64_t from, std::int64_t to) {
    // Chunks start in order of seq, so "starts before `to`" and "ends after `from`" pick the run.
    auto& s = sql("SELECT seq, offset_bytes, data FROM call_recording_chunks WHERE recording_id = ?1"
                  " AND offset_bytes < ?3 AND offset_bytes + length(data) > ?2 ORDER BY seq");
    s.bind(1, id).bind(2, from).bind(3, to);
    std::vector<core::RecordingChunk> out;
    while (s.step()) out.push_back({id, s.int64(0), s.int64(1), s.blob(2)});
    return out;
}

bool SqliteRepository::insert_recording_access(const core::RecordingAccess& a) {
    sql("INSERT INTO call_recording_accesses (recording_id, user_id, action, at, token_id) VALUES (?1, ?2, ?3, ?4, ?5)"
        " ON CONFLICT DO NOTHING")
        .bind(1, a.recording_id)
        .bind(2, a.user_id)
        .bind(3, core::to_string(a.action))
        .bind(4, ms(a.at))
        .bind(5, std::string_view(a.token_id))
        .run();
    return db_.changes() > 0;
}

std::vector<core::RecordingAccess> SqliteRepository::recording_accesses(core::RecordingId id) {
    auto& s = sql("SELECT id, user_id, action, at, token_id FROM call_recording_accesses WHERE recording_id = ?1 ORDER BY id");
    s.bind(1, id);
    std::vector<core::RecordingAccess> out;
    while (s.step())
        out.push_back({s.int64(0), id, s.int64(1),
                       core::recording_access_action_from_string(s.text(2)).value_or(core::RecordingAccessAction::play),
                       instant(s.int64(3)), s.text(4)});
    return out;
}

}  // namespace server
