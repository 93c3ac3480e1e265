// The recording messages (docs/PROTOCOL.md, "Recordings"): the host doctor's upload, the visit's list
// with its access log, signed links, and the bytes over the protocol for the offline demo.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/protocol/protocol.h"
#include "core/recordings/model.h"

namespace core::msg {

using protocol::RequestType;

struct RecordingInfo {
    RecordingId id = 0;
    AppointmentId appointment_id = 0;
    UserId started_by = 0;
    Instant started_at{};
    std::optional<Instant> finished_at;
    std::string mime_type;
    std::int64_t bytes = 0;
    std::int64_t duration_ms = 0;
    RecordingStatus status = RecordingStatus::uploading;

    static RecordingInfo of(const CallRecording& r) {
        return {r.id, r.appointment_id, r.started_by, r.started_at, r.finished_at, r.mime_type, r.bytes, r.duration_ms, r.status};
    }
    template <typename F>
    void fields(F& f) {
        f("id", id);
        f("appointment_id", appointment_id);
        f("started_by", started_by);
        f("started_at", started_at);
        f.optional("finished_at", finished_at);
        f("mime_type", mime_type);
        f("bytes", bytes);
        f("duration_ms", duration_ms);
        f("status", status);
    }
};

struct AccessLine {
    UserId user_id = 0;
    std::string display_name;
    RecordingAccessAction action = RecordingAccessAction::play;
    Instant at{};
    template <typename F>
    void fields(F& f) {
        f("user_id", user_id);
        f("display_name", display_name);
        f("action", action);
        f("at", at);
    }
};

// A recording with who started it and who opened it (recordings_list).
struct ListedRecording : RecordingInfo {
    std::string started_by_name;
    std::vector<AccessLine> accesses;  // oldest first
    template <typename F>
    void fields(F& f) {
        RecordingInfo::fields(f);
        f("started_by_name", started_by_name);
        f("accesses", accesses);
    }
};

// --- replies ---------------------------------------------------------------------------------------

struct RecordingReply {
    RecordingInfo recording;
    template <typename F>
    void fields(F& f) {
        f("recording", recording);
    }
};

struct ChunkStored {
    std::int64_t seq = 0;
    std::int64_t bytes = 0;    // the recording's size so far
    bool duplicate = false;    // this seq was stored before; nothing changed
    template <typename F>
    void fields(F& f) {
        f("seq", seq);
        f("bytes", bytes);
        f("duplicate", duplicate);
    }
};

struct RecordingList {
    AppointmentId appointment_id = 0;
    std::vector<ListedRecording> recordings;  // by start time
    template <typename F>
    void fields(F& f) {
        f("appointment_id", appointment_id);
        f("recordings", recordings);
    }
};

struct RecordingLinkInfo {
    RecordingInfo recording;
    RecordingAccessAction action = RecordingAccessAction::play;
    std::string token;
    std::string url;  // "/recordings/<id>?token=…", relative to the server
    Instant expires_at{};
    template <typename F>
    void fields(F& f) {
        f("recording", recording);
        f("action", action);
        f("token", token);
        f("url", url);
        f("expires_at", expires_at);
    }
};

struct RecordingBytes {
    std::int64_t offset = 0;
    std::string data;  // base64, at most 40 KiB raw
    std::int64_t bytes = 0;  // the whole recording
    std::string mime_type;
    bool done = false;
    template <typename F>
    void fields(F& f) {
        f("offset", offset);
        f("data", data);
        f("bytes", bytes);
        f("mime_type", mime_type);
        f("done", done);
    }
};

// --- requests --------------------------------------------------------------------------------------

struct StartRecording {
    static constexpr RequestType type = RequestType::recording_start;
    using Reply = RecordingReply;
    AppointmentId appointment_id = 0;
    std::string mime_type;
    template <typename F>
    void fields(F& f) {
        f("appointment_id", appointment_id);
        f("mime_type", mime_type);
    }
};

struct UploadChunk {
    static constexpr RequestType type = RequestType::recording_chunk;
    using Reply = ChunkStored;
    RecordingId recording_id = 0;
    std::int64_t seq = 0;
    std::string data;  // base64
    template <typename F>
    void fields(F& f) {
        f("recording_id", recording_id);
        f("seq", seq);
        f("data", data);
    }
};

struct FinishRecording {
    static constexpr RequestType type = RequestType::recording_finish;
    using Reply = RecordingReply;
    RecordingId recording_id = 0;
    std::int64_t duration_ms = 0;
    template <typename F>
    void fields(F& f) {
        f("recording_id", recording_id);
        f("duration_ms", duration_ms);
    }
};

struct ListRecordings {
    static constexpr RequestType type = RequestType::recordings_list;
    using Reply = RecordingList;
    AppointmentId appointment_id = 0;
    template <typename F>
    void fields(F& f) {
        f("appointment_id", appointment_id);
    }
};

struct OpenRecording {
    static constexpr RequestType type = RequestType::recording_access;
    using Reply = RecordingLinkInfo;
    RecordingId recording_id = 0;
    RecordingAccessAction action = RecordingAccessAction::play;
    template <typename F>
    void fields(F& f) {
        f("recording_id", recording_id);
        f("action", action, "Choose play or download.");
    }
};

struct ReadRecording {
    static constexpr RequestType type = RequestType::recording_data;
    using Reply = RecordingBytes;
    RecordingId recording_id = 0;
    std::string token;
    std::int64_t offset = 0;
    template <typename F>
    void fields(F& f) {
        f("recording_id", recording_id);
        f("token", token);
        f("offset", offset);
    }
};

// --- events ----------------------------------------------------------------------------------------

// To the visit's patient and doctor when a recording starts and when it is saved.
struct RecordingUpdated {
    static constexpr std::string_view name = "recording.updated";
    AppointmentId appointment_id = 0;
    RecordingInfo recording;
    template <typename F>
    void fields(F& f) {
        f("appointment_id", appointment_id);
        f("recording", recording);
    }
};

}  // namespace core::msg
