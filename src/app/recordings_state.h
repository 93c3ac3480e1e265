// What the screens show about call recordings: the list of the open visit (with who played or
// downloaded each one), the recording in the player, and how this tab's upload of a recording goes.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/time/clock.h"

namespace app {

struct RecordingAccessLine {
    std::string name;
    std::string action;  // "play" | "download"
    core::Instant at{};
};

struct RecordingItem {
    std::int64_t id = 0;
    std::int64_t appointment_id = 0;
    core::Instant started_at{};
    std::int64_t duration_ms = 0;
    std::int64_t bytes = 0;
    std::string status;  // "uploading" | "complete" | "failed"
    std::string mime_type;
    std::string started_by_name;
    std::vector<RecordingAccessLine> accesses;  // oldest first
};

// One person's time in the visit's video call (the call log), for the visit detail.
struct CallLogPerson {
    std::string name, role;
    std::int64_t seconds = 0;
    struct Stretch {
        core::Instant joined{};
        std::optional<core::Instant> left;  // empty while still in the call
    };
    std::vector<Stretch> stretches;  // oldest first
};

struct RecordingsState {
    std::int64_t appointment_id = 0;  // the visit whose list is loaded (0: none)
    std::vector<RecordingItem> items;
    // The visit's call log, loaded with the list: "" (nobody joined yet) | "open" | "ended".
    std::string call_status;
    std::vector<CallLogPerson> call_log;
    bool loading = false;
    bool stale = false;  // something changed (a recording was saved): load the list again
    std::string error;

    // The player: one recording at a time, from a signed URL (server) or bytes (offline demo).
    std::int64_t playing = 0;
    std::string player_url;
    std::string player_bytes;
    std::string player_mime;
    int player_source = 0;       // bumped when the source changes: the screen reloads its <video>
    std::string player_status;   // "Loading the recording…" or what went wrong; "" when playing
    bool busy = false;           // a play or download link is being fetched

    // This tab's recorder (the doctor's): "Saving the recording… 1.2 MB sent", "Recording saved.", errors.
    std::string upload_status;
    bool upload_error = false;
};

}  // namespace app
