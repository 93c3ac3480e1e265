// The plain data of call recordings: one CallRecording per recorded stretch of a call, its bytes as
// numbered chunks (uploaded in order by the doctor's browser), and the access log of who played or
// downloaded it. Kept with the appointment, like the call log.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/enums.h"
#include "core/ids.h"
#include "core/time/clock.h"

namespace core {

// uploading: chunks still arrive; complete: playable; failed: nothing usable was received.
#define CORE_RECORDING_STATUSES(X) X(uploading) X(complete) X(failed)
CORE_ENUM(RecordingStatus, CORE_RECORDING_STATUSES)
#define CORE_RECORDING_ACCESS_ACTIONS(X) X(play) X(download)
CORE_ENUM(RecordingAccessAction, CORE_RECORDING_ACCESS_ACTIONS)

struct CallRecording {
    RecordingId id = 0;
    AppointmentId appointment_id = 0;
    UserId started_by = 0;  // the host doctor whose browser records and uploads
    Instant started_at{};
    std::optional<Instant> finished_at;
    std::string mime_type;     // e.g. "video/webm;codecs=vp8,opus"
    std::int64_t bytes = 0;    // the sum of the stored chunks
    std::int64_t chunks = 0;   // chunks stored: the next expected seq
    std::int64_t duration_ms = 0;
    RecordingStatus status = RecordingStatus::uploading;
    Instant last_chunk_at{};   // the last accepted chunk (started_at before the first)
};

// One piece of the recording's bytes. offset = the bytes of every chunk before it.
struct RecordingChunk {
    RecordingId recording_id = 0;
    std::int64_t seq = 0;
    std::int64_t offset = 0;
    std::string data;  // raw bytes
};

// One play or download. token_id names the link that was used: one row per link, however many
// range requests a video element makes with it.
struct RecordingAccess {
    std::int64_t id = 0;
    RecordingId recording_id = 0;
    UserId user_id = 0;
    RecordingAccessAction action = RecordingAccessAction::play;
    Instant at{};
    std::string token_id;
};

}  // namespace core
