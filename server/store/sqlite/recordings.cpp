// SQLite's recordings: call_recordings, their BLOB chunks and the access log (rules:
// core/recordings/repository.h), and their tables (schema v4).
#include "store/sqlite/repositories.h"
#include "store/sqlite/schema.h"

namespace server {

// [schema] ------------------------------------------------------------------------------------------
// Call recordings: one row per recorded stretch, its bytes as BLOB chunks in this same file (a backup
// of the database file is a backup of the recordings), and the log of every play and download.
// Shipped: never edit.
std::string_view schema::recordings_v4() {
    return R"sql(
CREATE TABLE call_recordings (
    id             INTEGER PRIMARY KEY,
    appointment_id INTEGER NOT NULL REFERENCES appointments (id),
    started_by     INTEGER NOT NULL REFERENCES users (id),
    started_at     INTEGER NOT NULL,
    finished_at    INTEGER,
    mime_type      TEXT    NOT NULL,
    bytes          INTEGER NOT NULL DEFAULT 0 CHECK (bytes >= 0),
    chunks         INTEGER NOT NULL DEFAULT 0 CHECK (chunks >= 0),
    duration_ms    INTEGER NOT NULL DEFAULT 0 CHECK (duration_ms >= 0),
    status         TEXT    NOT NULL CHECK (status IN ('uploading', 'complete', 'failed')),
    last_chunk_at  INTEGER NOT NULL
);
CREATE INDEX call_recordings_by_appointment ON call_recordings (appointment_id, started_at);
CREATE INDEX call_recordings_uploading ON call_recordings (id) WHERE status = 'uploading';

CREATE TABLE call_recording_chunks (
    recording_id INTEGER NOT NULL REFERENCES call_recordings (id),
    seq          INTEGER NOT NULL CHECK (seq >= 0),
    offset_bytes INTEGER NOT NULL CHECK (offset_bytes >= 0),
    data         BLOB    NOT NULL,
    PRIMARY KEY (recording_id, seq)
) WITHOUT ROWID;
CREATE INDEX call_recording_chunks_by_offset ON call_recording_chunks (recording_id, offset_bytes);

CREATE TABLE call_recording_accesses (
    id           INTEGER PRIMARY KEY,
    recording_id INTEGER NOT NULL REFERENCES call_recordings (id),
    user_id      INTEGER NOT NULL REFERENCES users (id),
    action       TEXT    NOT NULL CHECK (action IN ('play', 'download')),
    at           INTEGER NOT NULL,
    token_id     TEXT    NOT NULL
);
CREATE INDEX call_recording_accesses_by_recording ON call_recording_accesses (recording_id, id);
CREATE UNIQUE INDEX call_recording_accesses_by_token ON call_recording_accesses (token_id) WHERE token_id <> '';
)sql";
}

namespace {

#define TELEMED_RECORDING_COLUMNS                                                                             \
    "id, appointment_id, started_by, started_at, finished_at, mime_type, bytes, chunks, duration_ms, status," \
    " last_chunk_at"

core::CallRecording read_recording(const sqlite::Statement& s) {
    core::CallRecording r;
    r.id = s.int64(0);
    r.appointment_id = s.int64(1);
    r.started_by = s.int64(2);
    r.started_at = instant(s.int64(3));
    r.finished_at = optional_instant(s, 4);
    r.mime_type = s.text(5);
    r.bytes = s.int64(6);
    r.chunks = s.int64(7);
    r.duration_ms = s.int64(8);
    r.status = enum_column<core::RecordingStatus>(s, 9);
    r.last_chunk_at = instant(s.int64(10));
    return r;
}

std::vector<core::CallRecording> read_recordings(sqlite::Statement& s) {
    std::vector<core::CallRecording> out;
    while (s.step()) out.push_back(read_recording(s));
    return out;
}

}  // namespace

core::RecordingId SqliteRecordings::insert_recording(const core::CallRecording& r) {
    c_.sql(
          "INSERT INTO call_recordings (appointment_id, started_by, started_at, finished_at, mime_type, bytes, chunks,"
          " duration_ms, status, last_chunk_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)")
        .bind(1, r.appointment_id)
        .bind(2, r.started_by)
        .bind(3, ms(r.started_at))
        .bind(4, optional_ms(r.finished_at))
        .bind(5, std::string_view(r.mime_type))
        .bind(6, r.bytes)
        .bind(7, r.chunks)
        .bind(8, r.duration_ms)
        .bind(9, core::to_string(r.status))
        .bind(10, ms(r.last_chunk_at))
        .run();
    return c_.db.last_insert_rowid();
}

void SqliteRecordings::update_recording(const core::CallRecording& r) {
    c_.sql(
          "UPDATE call_recordings SET finished_at = ?2, mime_type = ?3, bytes = ?4, chunks = ?5, duration_ms = ?6,"
          " status = ?7, last_chunk_at = ?8 WHERE id = ?1")
        .bind(1, r.id)
        .bind(2, optional_ms(r.finished_at))
        .bind(3, std::string_view(r.mime_type))
        .bind(4, r.bytes)
        .bind(5, r.chunks)
        .bind(6, r.duration_ms)
        .bind(7, core::to_string(r.status))
        .bind(8, ms(r.last_chunk_at))
        .run();
}

std::optional<core::CallRecording> SqliteRecordings::find_recording(core::RecordingId id) {
    auto& s = c_.sql("SELECT " TELEMED_RECORDING_COLUMNS " FROM call_recordings WHERE id = ?1");
    s.bind(1, id);
    return s.step() ? std::optional(read_recording(s)) : std::nullopt;
}

std::vector<core::CallRecording> SqliteRecordings::recordings_of(core::AppointmentId appointment) {
    auto& s = c_.sql("SELECT " TELEMED_RECORDING_COLUMNS
                     " FROM call_recordings WHERE appointment_id = ?1 ORDER BY started_at, id");
    s.bind(1, appointment);
    return read_recordings(s);
}

std::vector<core::CallRecording> SqliteRecordings::recordings_with_status(core::RecordingStatus status) {
    auto& s =
        c_.sql("SELECT " TELEMED_RECORDING_COLUMNS " FROM call_recordings WHERE status = ?1 ORDER BY id");
    s.bind(1, core::to_string(status));
    return read_recordings(s);
}

void SqliteRecordings::insert_recording_chunk(const core::RecordingChunk& c) {
    auto& s = c_.sql(
        "INSERT INTO call_recording_chunks (recording_id, seq, offset_bytes, data) VALUES (?1, ?2, ?3, ?4)");
    s.bind(1, c.recording_id).bind(2, c.seq).bind(3, c.offset).bind_blob(4, c.data);
    run_unique(s, "call_recording_chunks.seq");
}

std::vector<core::RecordingChunk> SqliteRecordings::recording_chunks(core::RecordingId id, std::int64_t from,
                                                                     std::int64_t to) {
    // Chunks start in order of seq, so "starts before `to`" and "ends after `from`" pick the run.
    auto& s = c_.sql(
        "SELECT seq, offset_bytes, data FROM call_recording_chunks WHERE recording_id = ?1"
        " AND offset_bytes < ?3 AND offset_bytes + length(data) > ?2 ORDER BY seq");
    s.bind(1, id).bind(2, from).bind(3, to);
    std::vector<core::RecordingChunk> out;
    while (s.step()) out.push_back({id, s.int64(0), s.int64(1), s.blob(2)});
    return out;
}

bool SqliteRecordings::insert_recording_access(const core::RecordingAccess& a) {
    // The partial unique index on token_id (where not empty) is the one conflict DO NOTHING absorbs.
    c_.sql(
          "INSERT INTO call_recording_accesses (recording_id, user_id, action, at, token_id) VALUES (?1, ?2, ?3, ?4, ?5)"
          " ON CONFLICT DO NOTHING")
        .bind(1, a.recording_id)
        .bind(2, a.user_id)
        .bind(3, core::to_string(a.action))
        .bind(4, ms(a.at))
        .bind(5, std::string_view(a.token_id))
        .run();
    return c_.db.changes() > 0;
}

std::vector<core::RecordingAccess> SqliteRecordings::recording_accesses(core::RecordingId id) {
    auto& s = c_.sql(
        "SELECT id, user_id, action, at, token_id FROM call_recording_accesses WHERE recording_id = ?1 ORDER BY id");
    s.bind(1, id);
    std::vector<core::RecordingAccess> out;
    while (s.step())
        out.push_back({s.int64(0), id, s.int64(1), enum_column<core::RecordingAccessAction>(s, 2),
                       instant(s.int64(3)), s.text(4)});
    return out;
}

#undef TELEMED_RECORDING_COLUMNS

}  // namespace server
