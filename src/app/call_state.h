// What the call screens show: the phase of the call, who is in the room, this side's media switches,
// connection quality, the in-call chat and the call log. The browser objects themselves (streams,
// peer connections) are owned by CallController; tiles point at its streams for the video views.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/time/clock.h"

namespace platform::rtc {
class MediaStream;
}

namespace app {

enum class CallPhase {
    idle,
    precheck,     // camera preview, microphone meter, devices; not in the room yet
    joining,      // call_join sent
    waiting,      // in the waiting room until the doctor admits
    in_call,
    reconnecting, // the connection dropped; rejoining by itself
    ended,
    failed,
};

struct CallParticipant {
    std::int64_t user_id = 0;
    std::string name, role, state;  // state: waiting | in_call | reconnecting | left
    bool audio = true, video = true, screen = false;
};

struct VideoTile {
    std::int64_t user_id = 0;
    std::string label;
    const platform::rtc::MediaStream* stream = nullptr;
    bool local = false;
    std::string quality;  // "good" | "fair" | "poor" | "" (unknown), remote tiles only
};

struct CallMessage {
    std::int64_t user_id = 0;
    std::string name, text;
    core::Instant at{};
};

struct CallLogLine {
    std::string name, role;
    std::int64_t seconds = 0;
};

// An invitation as the doctor sees it in the call's invite panel.
struct InviteView {
    std::int64_t id = 0;
    std::string role, name, state, guest_name;  // state: open | joined | revoked | expired
};

struct CallState {
    CallPhase phase = CallPhase::idle;
    std::int64_t appointment_id = 0;
    std::string title;           // "Visit with Dr. Amara Okafor"
    std::string error;           // failed / refused: what happened and what to do
    std::string media_error;     // camera or microphone problem, with help
    std::int64_t me = 0;
    bool host = false;           // the doctor
    std::vector<CallParticipant> participants;
    std::string recording = "off";
    std::vector<std::int64_t> consents;
    bool mic_on = true, camera_on = true, sharing = false;
    float mic_level = 0.f;
    double started_ms = 0;       // platform::now_ms() when this side entered the call
    std::vector<VideoTile> tiles;
    std::vector<CallMessage> chat;
    std::string chat_draft;
    std::string notes_draft;     // doctor's clinical notes beside the video
    std::vector<CallLogLine> log;
    std::vector<std::string> camera_names, microphone_names;
    int camera_index = 0, microphone_index = 0;
    bool devices_listed = false;  // enumerate_devices answered (empty lists then mean: none exists)
    bool switching_device = false;
    // Audio only: video is not sent, by choice or because the connection could not carry it.
    bool audio_only = false;
    bool audio_only_auto = false;    // the connection forced it: show the notice
    bool video_offer = false;        // after a fallback the link recovered: offer video back
    std::string link_quality;        // this side's worst connection: "good" | "fair" | "poor" | ""
    // Invitations (the host): the list, the form, and the links made in this tab (the server keeps
    // only a hash of each token, so a link can be copied only where it was created).
    bool guest = false;          // this side is a guest (came by an invitation link)
    std::vector<InviteView> invites;
    std::map<std::int64_t, std::string> invite_links;
    int invite_role = 0;         // 0 colleague, 1 interpreter, 2 family
    std::string invite_name;
    std::string invite_notice;   // "Link copied" and the like
};

// Someone who opened an invitation link (/?invite=<token>): no account, one visit.
struct GuestEntry {
    enum class Phase { none, loading, enter_name, joining, in_visit, invalid } phase = Phase::none;
    std::string token;  // from the URL
    std::string doctor_name, role, suggested_name;
    core::Instant starts_at{}, opens_at{}, closes_at{};
    std::int64_t appointment_id = 0, me = 0;
    std::string name, name_error, error;
    std::string key;    // proves on a reconnect or reload that this browser claimed the invitation
};

}  // namespace app
