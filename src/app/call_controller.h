// The video call flow: pre-call check, joining, waiting room, the in-call mesh of peer connections,
// media switches, chat, leaving, and coming back after a dropped connection. It owns the browser
// objects (local stream, one PeerConnection per remote member) through src/platform/rtc, and talks to
// the server only through the Client. Signaling without glare: of two members, the one with the lower
// user id makes the offer.
#pragma once
#include <map>
#include <memory>

#include "app/actions.h"
#include "app/call_recorder.h"
#include "app/client.h"
#include "app/state.h"
#include "core/calls/quality.h"
#include "platform/rtc.h"

namespace app {

class CallController {
public:
    CallController(AppState& state, Client& client);
    ~CallController();

    bool apply(const Action& action);                   // true when it was a call action
    bool on_event(const core::protocol::Event& event);  // true when it was a call event
    void on_session_resumed();                          // rejoin after a reconnect
    void tick(double now_ms);                           // stats and meters, about once a second
    // A guest (invite_join done on this connection) opens the pre-call check of that visit.
    void open_as_guest(std::int64_t appointment_id, std::int64_t me, std::string title);

private:
    struct Peer {
        std::unique_ptr<platform::rtc::PeerConnection> pc;
        bool remote_description = false;
        std::vector<std::string> pending_candidates;
        std::string connection = "new";
    };

    void open(std::int64_t appointment_id);
    void join();
    void leave(bool tell_server);
    void apply_call_state(const core::protocol::json& call);
    void sync_peers();
    Peer& ensure_peer(std::int64_t remote, bool offer);
    void drop_peer(std::int64_t remote);
    void restart_ice(std::int64_t remote);  // offer with new ICE credentials, sent as "restart"
    void on_signal(const core::protocol::json& data);
    void signal(std::int64_t to, const char* kind, core::protocol::json data);
    void send_media_flags();
    void toggle_screen_share();
    void rebuild_tiles();
    void load_log();
    void fail(std::string message);
    void sync_recorder();  // the host records while the room's recording is on (call_recorder.h)
    // Invitations (the host) and the doctor's "patient waiting" list.
    bool apply_invite_action(const Action& action);
    void load_invites();
    void load_waiting();
    void on_waiting(const core::protocol::json& data);

    // Devices: the choice is kept in session storage (survives reloads) by device id.
    void acquire_local(bool retry_with_defaults);
    void list_devices();
    void select_device(bool camera, int index);
    // Audio only: the connection's quality (core/calls/quality.h) or the person decides.
    void on_stats(std::int64_t remote, const platform::rtc::Stats& stats);
    void set_audio_only(bool on, bool automatic);
    const platform::rtc::MediaStream* video_source() const;  // what peers are sent as video (null: none)

    AppState& state_;
    Client& client_;
    std::unique_ptr<platform::rtc::MediaStream> local_;
    std::unique_ptr<platform::rtc::MediaStream> screen_;
    std::map<std::int64_t, Peer> peers_;
    std::map<std::int64_t, std::string> quality_;
    std::string ice_config_ = R"({"iceServers":[]})";
    double next_tick_ms_ = 0;
    CallRecorder recorder_;  // outlives each call: the last chunks upload after leaving
    bool invites_loaded_ = false;
    std::vector<std::string> camera_ids_, microphone_ids_;  // beside CallState's names
    std::map<std::int64_t, core::QualityMeter> meters_;
    core::AudioOnlyRule audio_rule_;
    double now_s_ = 0;  // of the last tick, for the audio-only rule
};

}  // namespace app
