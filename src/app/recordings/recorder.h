// The doctor's side of a call recording: composes the call (every video side by side, the audio
// mixed; platform::rtc::compose), records it with MediaRecorder in one-second slices, and uploads the
// bytes in order as numbered chunks of at most kPieceBytes, with a bounded number in flight (the
// server closes sockets that do not read, and a flooded socket would delay signaling and chat).
//
// Each recording is an Upload that outlives the call screen: after stop() the recorder hands over its
// last slice, the queue drains, and recording_finish closes it. A chunk whose reply says "offline" is
// sent again after the reconnect (the server ignores a repeated seq). When the queue grows past
// kMaxQueuedBytes the network cannot keep up: the recording stops, and what arrived is kept.
#pragma once
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "app/net/client.h"
#include "app/recordings/state.h"
#include "platform/rtc.h"

namespace app {

class CallRecorder {
public:
    static constexpr size_t kPieceBytes = 32 * 1024;  // raw; ~43 KiB base64, under the 64 KiB frame
    static constexpr int kMaxInFlight = 4;
    static constexpr size_t kMaxQueuedBytes = 16 * 1024 * 1024;
    static constexpr int kTimesliceMs = 1000;

    // on_failed(message): the recording could not go on (the call should stop recording).
    // on_saved(appointment): a recording of this visit was finalised.
    CallRecorder(Client& client, RecordingsState& state, std::function<void(std::string)> on_failed,
                 std::function<void(std::int64_t)> on_saved);
    ~CallRecorder();

    bool recording() const;  // a recorder is running (not stopping)
    void start(std::int64_t appointment_id, const std::vector<platform::rtc::CompositeSource>& sources);
    void stop();  // the last slice is still uploaded
    void pump();  // sends what may be sent (after a reconnect, say); cheap when idle

    struct Upload;

private:
    void status();
    Client& client_;
    RecordingsState& state_;
    std::function<void(std::string)> on_failed_;
    std::function<void(std::int64_t)> on_saved_;
    std::vector<std::shared_ptr<Upload>> uploads_;  // oldest first; the last one may be recording
};

}  // namespace app
