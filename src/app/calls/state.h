// What the call screens show: the phase of the call, who is in the room, this side's media switches,
// connection quality, the in-call chat and the call log. The browser objects themselves (streams,
// peer connections) are owned by the calls module; tiles point at its streams for the video views.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/calls/messages.h"
#include "core/calls/quality.h"

namespace platform::rtc {
class MediaStream;
}

namespace app {

enum class CallPhase {
    idle,
    precheck,      // camera preview, microphone meter, devices; not in the room yet
    joining,       // call_join sent
    waiting,       // in the waiting room until the doctor admits
    in_call,
    reconnecting,  // the connection dropped; rejoining by itself
    ended,
    failed,
};

struct VideoTile {
    std::int64_t user_id = 0;
    std::string label;
    const platform::rtc::MediaStream* stream = nullptr;
    bool local = false;
    core::LinkQuality quality = core::LinkQuality::unknown;  // remote tiles only
};

struct CallState {
    CallPhase phase = CallPhase::idle;
    std::int64_t appointment_id = 0;
    std::string title;        // "Visit with Dr. Amara Okafor"
    std::string error;        // failed / refused: what happened and what to do
    std::string media_error;  // camera or microphone problem, with help
    std::int64_t me = 0;
    bool host = false;   // the doctor
    bool guest = false;  // this side came by an invitation link
    std::vector<core::msg::Participant> participants;
    core::msg::RecordingConsent recording;
    bool mic_on = true, camera_on = true, sharing = false;
    float mic_level = 0.f;
    double started_ms = 0;  // platform::now_ms() when this side entered the call
    std::int64_t speaker = 0;  // who is speaking (core::ActiveSpeaker), highlighted in a grid; 0 nobody
    bool left_by_me = false;   // ended: this side pressed Leave; the call may go on without it (Rejoin)
    std::vector<VideoTile> tiles;
    std::vector<core::msg::ChatMessage> chat;
    std::string chat_draft;
    std::vector<core::msg::CallLogPerson> log;
    std::vector<std::string> camera_names, microphone_names;
    int camera_index = 0, microphone_index = 0;
    bool devices_listed = false;  // enumerate_devices answered (empty lists then mean: none exists)
    bool switching_device = false;
    // Audio only: video is not sent, by choice or because the connection could not carry it.
    bool audio_only = false;
    bool audio_only_auto = false;  // the connection forced it: show the notice
    bool video_offer = false;      // after a fallback the link recovered: offer video back
    core::LinkQuality link_quality = core::LinkQuality::unknown;  // this side's worst connection
};

// The doctor: visits with somebody in the waiting room -> their names (from call.waiting events).
using WaitingRooms = std::map<std::int64_t, std::vector<std::string>>;

}  // namespace app
