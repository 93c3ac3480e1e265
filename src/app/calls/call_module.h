// The video call: the pre-call check, joining, the waiting room, the room as the server tells it
// (call.state), admission, chat, recording consent, leaving and ending, and coming back after a
// dropped connection (the server keeps the place for 45 s: a rejoin needs no second admission).
// The doctor also learns who waits in which room (call.waiting), anywhere in the app.
//
// The browser side is in three parts it owns: LocalMedia (camera, microphone, devices, screen),
// PeerMesh (the connections and their signaling) and LinkQuality (quality and audio only, the
// core's rules). The host doctor's recording is composed and uploaded by a CallRecorder
// (src/app/recordings/recorder.h), which outlives each call: the last chunks upload after leaving.
#pragma once
#include "app/calls/link_quality.h"
#include "app/calls/local_media.h"
#include "app/calls/peer_mesh.h"
#include "app/module.h"
#include "app/recordings/recorder.h"
#include "core/calls/speaker.h"

namespace app {

class CallModule final : public FeatureModule<CallsAction> {
public:
    explicit CallModule(Context& ctx);
    ~CallModule() override;

    void on_signed_in() override;  // (re)entered: rejoin a call that was going on
    void on_signed_out() override;
    void tick(double now_ms) override;
    std::string route() const override;  // #/visits/<id>/call from the check before it to the end
    bool route_covers_tabs() const override { return true; }
    void follow(const std::string& route) override;

private:
    void apply(const CallsAction& action) override;
    CallState& call() { return state().call; }

    // --- the room
    void open(std::int64_t appointment_id);
    void open_as_guest(const OpenCallAsGuest& a);
    void resume();
    void join();
    void leave(bool tell_server);
    void close();
    void fail(std::string message);
    void on_call_state(const core::msg::CallInfo& room);
    void follow_my_state();
    void load_chat();
    void load_log();
    void on_waiting(const core::msg::WaitingRoom& room);
    void load_waiting();
    // Errors of a request about the call are shown on the call screen.
    Client::ErrorHandler show_on_call_screen();

    // --- media
    void send_media_flags();
    void set_audio_only(bool on, bool automatic);
    void on_stats(std::int64_t remote, const platform::rtc::Stats& stats);
    void sync_peers();
    void rebuild_tiles();
    void sync_recorder();  // the host records while the room's recording is on
    std::string name_of(std::int64_t user) const;

    LocalMedia media_;
    PeerMesh peers_;
    LinkQuality quality_;
    core::ActiveSpeaker speaker_;
    CallRecorder recorder_;
    bool invites_loaded_ = false;
    double next_stats_ms_ = 0;
    double now_s_ = 0;  // of the last tick, for the audio-only rule
};

}  // namespace app
