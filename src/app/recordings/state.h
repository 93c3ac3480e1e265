// What the screens show about call recordings: the list of the open visit (with who played or
// downloaded each one), the visit's call log, the recording in the player, and how this tab's upload
// of a recording goes.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/calls/messages.h"
#include "core/recordings/messages.h"

namespace app {

struct RecordingsState {
    std::int64_t appointment_id = 0;  // the visit whose list is loaded (0: none)
    std::vector<core::msg::ListedRecording> items;
    // The visit's call log, loaded with the list: no status while nobody has joined yet.
    std::optional<core::CallStatus> call_status;
    std::vector<core::msg::CallLogPerson> call_log;
    bool loading = false;
    bool stale = false;  // something changed (a recording was saved): load the list again
    std::string error;

    // The player: one recording at a time, from a signed URL (server) or bytes (offline demo).
    std::int64_t playing = 0;
    std::string player_url;
    std::string player_bytes;
    std::string player_mime;
    int player_source = 0;      // bumped when the source changes: the screen reloads its <video>
    std::string player_status;  // "Loading the recording…" or what went wrong; "" when playing
    bool busy = false;          // a play or download link is being fetched

    // This tab's recorder (the doctor's): "Saving the recording… 1.2 MB sent", "Recording saved.", errors.
    std::string upload_status;
    bool upload_error = false;
};

}  // namespace app
