// What a person does with the recordings of a visit.
#pragma once
#include <cstdint>
#include <variant>

namespace app {

struct PlayRecording {
    std::int64_t recording_id;
};
struct DownloadRecording {
    std::int64_t recording_id;
};
struct ClosePlayer {};
struct RefreshRecordings {};  // something may have changed (back from a call): load the list again
using RecordingsAction = std::variant<PlayRecording, DownloadRecording, ClosePlayer, RefreshRecordings>;

}  // namespace app
