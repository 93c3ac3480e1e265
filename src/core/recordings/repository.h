// What the recordings domain stores: each recording, its bytes as numbered chunks, and who accessed
// it. tests/unit/store/recordings.test.cpp holds every store to the rules written here.
#pragma once
#include <optional>
#include <vector>

#include "core/recordings/model.h"

namespace core {

class RecordingsRepository {
public:
    virtual ~RecordingsRepository() = default;

    virtual RecordingId insert_recording(const CallRecording& r) = 0;  // returns the new id (positive, increasing)
    // Stores what an upload changes: finished_at, mime_type, bytes, chunks, duration_ms, status,
    // last_chunk_at. The appointment, who started it and when stay as inserted. Unknown id: nothing.
    virtual void update_recording(const CallRecording& r) = 0;
    virtual std::optional<CallRecording> find_recording(RecordingId id) = 0;
    // The appointment's recordings, by started_at then id.
    virtual std::vector<CallRecording> recordings_of(AppointmentId appointment) = 0;
    // Every recording in this status, by id (the sweep finalises stale uploads).
    virtual std::vector<CallRecording> recordings_with_status(RecordingStatus status) = 0;
    // Throws UniqueViolation when (recording_id, seq) exists.
    virtual void insert_recording_chunk(const RecordingChunk& c) = 0;
    // The chunks holding any byte of [from, to), by seq.
    virtual std::vector<RecordingChunk> recording_chunks(RecordingId id, std::int64_t from, std::int64_t to) = 0;
    // Stores one access; false (and nothing stored) when an access with this token_id exists. An
    // empty token_id never clashes.
    virtual bool insert_recording_access(const RecordingAccess& a) = 0;
    // The recording's accesses, oldest first (by id).
    virtual std::vector<RecordingAccess> recording_accesses(RecordingId id) = 0;
};

}  // namespace core
