#include "app/calls/call_module.h"

#include <algorithm>

#include "platform/frame.h"

namespace app {

namespace msg = core::msg;
namespace rtc = platform::rtc;
using core::CallMemberState;

namespace {

bool in_room(CallPhase p) {
    return p == CallPhase::waiting || p == CallPhase::in_call || p == CallPhase::joining || p == CallPhase::reconnecting;
}

}  // namespace

CallModule::CallModule(Context& ctx)
    : FeatureModule(ctx),
      media_(ctx.state.call),
      recorder_(
          ctx.client, ctx.state.recordings,
          [this](std::string why) {
              // Recording cannot go on: say so, and stop it for everyone so the state stays honest.
              call().error = why;
              if (call().appointment_id) client().send(msg::ChangeRecording{call().appointment_id, core::RecordingAction::stop});
          },
          [this](std::int64_t) { ctx_.dispatch(RefreshRecordings{}); }) {
    media_.on_new_stream = [this] {
        peers_.add_stream(*media_.local());
        if (!quality_.audio_only() && !call().sharing) peers_.replace_track(rtc::TrackKind::video, media_.local());
        rebuild_tiles();
    };
    media_.on_track_switched = [this](rtc::TrackKind kind) {
        const rtc::MediaStream* source = kind == rtc::TrackKind::audio ? media_.local() : media_.video_source();
        if (kind == rtc::TrackKind::audio || source == media_.local()) peers_.replace_track(kind, source);
        rebuild_tiles();
    };
    media_.on_sharing_changed = [this] {
        peers_.replace_track(rtc::TrackKind::video, media_.video_source());
        send_media_flags();
        rebuild_tiles();
    };
    peers_.send_signal = [this](std::int64_t to, core::SignalKind kind, core::protocol::json data) {
        client().send(msg::SendSignal{call().appointment_id, to, kind, std::move(data)});
    };
    peers_.on_connection_started = [this](std::int64_t remote) { quality_.connection_started(remote, now_s_); };
    peers_.on_changed = [this] { rebuild_tiles(); };
    peers_.on_error = [this](std::string message) { call().error = std::move(message); };

    ctx.events.on<msg::CallStateChanged>([this](const msg::CallStateChanged& e) {
        const CallPhase p = call().phase;
        if (e.appointment_id == call().appointment_id && p != CallPhase::idle && p != CallPhase::precheck && p != CallPhase::ended)
            on_call_state(e);
    });
    ctx.events.on<msg::SignalRelayed>([this](const msg::SignalRelayed& e) {
        if (e.appointment_id != call().appointment_id || call().phase != CallPhase::in_call) return;
        sync_peers();  // what new connections send is current
        peers_.on_signal(e);
    });
    ctx.events.on<msg::ChatReceived>([this](const msg::ChatReceived& e) {
        if (e.appointment_id == call().appointment_id) call().chat.push_back(e.message);
    });
    ctx.events.on<msg::WaitingChanged>([this](const msg::WaitingChanged& e) { on_waiting(e); });
}

CallModule::~CallModule() = default;

void CallModule::apply(const CallsAction& action) {
    CallState& c = call();
    std::visit(overloaded{
                   [this](const OpenCall& a) { open(a.appointment_id); },
                   [this](const OpenCallAsGuest& a) { open_as_guest(a); },
                   [this](const ResumeCall&) { resume(); },
                   [this](const JoinCall&) { join(); },
                   [this](const LeaveCall&) { leave(true); },
                   [this](const CloseCall&) { close(); },
                   [this, &c](const AdmitToCall& a) {
                       client().call(msg::AdmitToCall{c.appointment_id, a.user_id}, nullptr, show_on_call_screen());
                   },
                   [this, &c](const EndConsultation&) { client().call(msg::EndCall{{c.appointment_id}}, nullptr, show_on_call_screen()); },
                   [this, &c](const ToggleMicrophone&) {
                       media_.set_microphone(!c.mic_on);
                       send_media_flags();
                   },
                   [this, &c](const ToggleCamera&) {
                       media_.set_camera(!c.camera_on);
                       send_media_flags();
                   },
                   [this](const ToggleScreenShare&) { media_.toggle_screen_share(); },
                   [this, &c](const ToggleAudioOnly&) { set_audio_only(!c.audio_only, false); },
                   [this, &c](const RetryMedia&) {
                       c.media_error.clear();
                       media_.acquire(true);
                   },
                   [this, &c](const SendCallChat&) {
                       if (c.chat_draft.empty()) return;
                       client().call(
                           msg::SendChat{c.appointment_id, c.chat_draft}, [this](msg::ChatPosted&) { call().chat_draft.clear(); },
                           show_on_call_screen());
                   },
                   [](const PlayTestTone&) { rtc::play_test_tone(); },
                   [this](const SelectDevice& a) { media_.select_device(a.camera, a.index); },
                   [this, &c](const SetRecording& a) {
                       client().call(msg::ChangeRecording{c.appointment_id, a.action}, nullptr, show_on_call_screen());
                   },
               },
               action);
}

Client::ErrorHandler CallModule::show_on_call_screen() {
    return [this](const core::Error& e) {
        call().error = e.message;
        return true;
    };
}

void CallModule::fail(std::string message) {
    call().phase = CallPhase::failed;
    call().error = std::move(message);
}

// --- before the call ---------------------------------------------------------------------------------

void CallModule::open(std::int64_t appointment_id) {
    leave(false);
    invites_loaded_ = false;
    CallState& c = call();
    c = CallState{};
    c.appointment_id = appointment_id;
    c.phase = CallPhase::precheck;
    c.me = state().user ? state().user->id : 0;
    c.host = state().has_role(core::Role::doctor);
    for (const msg::AppointmentInfo& a : state().visits.appointments)
        if (a.id == appointment_id) c.title = "Visit with " + (c.host ? a.patient.display_name : a.doctor.display_name);
    quality_.reset();
    speaker_.reset();
    media_.acquire(true);
    media_.list_devices();
}

void CallModule::open_as_guest(const OpenCallAsGuest& a) {
    open(a.appointment_id);
    CallState& c = call();
    c.me = a.me;
    c.host = false;
    c.guest = true;
    c.title = a.title;
}

void CallModule::join() {
    CallState& c = call();
    if (c.phase != CallPhase::precheck && c.phase != CallPhase::reconnecting && c.phase != CallPhase::failed) return;
    c.phase = c.phase == CallPhase::reconnecting ? CallPhase::reconnecting : CallPhase::joining;
    c.error.clear();
    client().call(
        msg::JoinCall{{c.appointment_id}},
        [this](msg::CallJoined& r) {
            CallState& c = call();
            c.me = r.you;
            peers_.set_me(r.you);
            peers_.set_ice_servers(r.ice_servers);
            // Back after a drop: the others saw us `reconnecting` and dropped their connections to us (see
            // on_call_state), so ours are dead ends too. Fresh ones: the offering side (lower id) offers
            // anew with new ICE credentials, the other answers. A path that fails while both sides keep
            // their connection is repaired by an ICE restart instead (PeerMesh).
            if (c.phase == CallPhase::reconnecting) peers_.clear();
            on_call_state(r.call);
            if (!c.guest) load_chat();  // the chat's history is the visit's record: not for guests
        },
        [this](const core::Error& e) {
            if (e.code == core::ErrorCode::offline && call().phase == CallPhase::reconnecting) return true;  // again on resume
            fail(e.message);
            return true;
        });
}

void CallModule::load_chat() {
    client().call(msg::ReadChat{{call().appointment_id}}, [this](msg::ChatHistory& h) { call().chat = std::move(h.messages); },
                  [](const core::Error& e) { return e.code == core::ErrorCode::offline; });
}

void CallModule::resume() {
    CallState& c = call();
    if (c.phase == CallPhase::in_call || c.phase == CallPhase::waiting || c.phase == CallPhase::reconnecting) {
        c.phase = CallPhase::reconnecting;
        join();  // the server kept our place for 45 s: we come back in without a second admission
    }
}

void CallModule::on_signed_in() {
    if (state().has_role(core::Role::doctor)) load_waiting();
    resume();
}

void CallModule::on_signed_out() { close(); }

std::string CallModule::route() const {
    const CallState& c = ctx_.state.call;
    if (c.phase == CallPhase::idle || c.guest || c.appointment_id <= 0) return {};
    return "#/visits/" + std::to_string(c.appointment_id) + "/call";
}

// A call's URL (a reload, Forward) opens the check before joining; nobody is put into a room by an
// address alone. Leaving the call's URL (Back) closes the check or the ended call; a person in the
// room stays there until they press Leave.
void CallModule::follow(const std::string& route) {
    CallState& c = call();
    if (auto id = route_number(route, "#/visits", "/call")) {
        if (c.phase != CallPhase::idle && c.appointment_id == *id) return;
        if (in_room(c.phase)) return;
        ctx_.dispatch(OpenAppointment{*id});
        return open(*id);
    }
    if (c.guest || in_room(c.phase)) return;
    if (c.phase != CallPhase::idle) close();
}

void CallModule::leave(bool tell_server) {
    CallState& c = call();
    const bool was_in_room = in_room(c.phase);
    recorder_.stop();  // before the streams go: the last slice still shows the call
    if (tell_server && was_in_room) client().send(msg::LeaveCall{{c.appointment_id}});
    peers_.clear();  // RAII closes every connection; their late callbacks are dropped
    media_.release();
    if (c.phase == CallPhase::idle) return;
    c.phase = CallPhase::ended;
    c.left_by_me = tell_server && was_in_room;
    c.sharing = false;
    c.tiles.clear();
    if (was_in_room && !c.guest) load_log();
}

// Back from a call: the visit may have a new recording (the patient hears of it no other way).
void CallModule::close() {
    leave(true);
    call() = CallState{};
    ctx_.dispatch(RefreshRecordings{});
}

void CallModule::load_log() {
    client().call(msg::ReadCallLog{{call().appointment_id}}, [this](msg::CallLogInfo& log) { call().log = std::move(log.participants); },
                  [](const core::Error& e) { return e.code == core::ErrorCode::offline; });
}

// --- the room ----------------------------------------------------------------------------------------

void CallModule::on_call_state(const msg::CallInfo& room) {
    CallState& c = call();
    std::map<std::int64_t, CallMemberState> before;
    for (const msg::Participant& p : c.participants) before[p.user_id] = p.state;
    c.participants = room.participants;
    c.recording = room.recording;
    if (room.status == core::CallStatus::ended) return leave(false);
    follow_my_state();
    if (c.phase == CallPhase::ended) return;
    // The host's invite panel says who used which link: look again when someone new arrives.
    bool newcomer = false;
    for (const msg::Participant& p : c.participants) newcomer |= !before.count(p.user_id);
    if (c.host && c.phase == CallPhase::in_call && (!invites_loaded_ || newcomer)) {
        invites_loaded_ = true;
        ctx_.dispatch(RefreshInvites{});
    }
    // Someone back from a dropped connection needs a fresh connection: their browser lost the old one.
    for (const msg::Participant& p : c.participants)
        if (p.user_id != c.me && before.count(p.user_id) && before[p.user_id] != CallMemberState::in_call && p.state == CallMemberState::in_call)
            peers_.drop(p.user_id);
    sync_peers();
    rebuild_tiles();
    sync_recorder();
}

void CallModule::follow_my_state() {
    CallState& c = call();
    for (const msg::Participant& p : c.participants) {
        if (p.user_id != c.me) continue;
        switch (p.state) {
            case CallMemberState::waiting: c.phase = CallPhase::waiting; return;
            case CallMemberState::in_call:
                if (c.phase != CallPhase::in_call) c.started_ms = platform::now_ms();
                c.phase = CallPhase::in_call;
                return;
            case CallMemberState::left: return leave(false);
            case CallMemberState::reconnecting: return;
        }
    }
}

void CallModule::load_waiting() {
    client().call(msg::ListWaitingRooms{}, [this](msg::WaitingRooms& r) {
        state().call_waiting.clear();
        for (const msg::WaitingRoom& room : r.rooms) on_waiting(room);
    });
}

void CallModule::on_waiting(const msg::WaitingRoom& room) {
    std::vector<std::string> names;
    for (const msg::Participant& p : room.waiting) names.push_back(p.display_name);
    if (names.empty()) state().call_waiting.erase(room.appointment_id);
    else state().call_waiting[room.appointment_id] = std::move(names);
    platform::request_frame();
}

// --- media ---------------------------------------------------------------------------------------------

void CallModule::sync_peers() {
    const CallState& c = call();
    if (c.phase != CallPhase::in_call) return peers_.clear();
    peers_.set_me(c.me);
    peers_.set_outgoing(media_.local(), c.sharing || c.audio_only, media_.video_source());
    std::vector<std::int64_t> present;
    for (const msg::Participant& p : c.participants)
        if (p.user_id != c.me && p.state == CallMemberState::in_call) present.push_back(p.user_id);
    peers_.sync(present);
}

void CallModule::send_media_flags() {
    const CallState& c = call();
    if (c.phase != CallPhase::in_call && c.phase != CallPhase::waiting) return;
    client().send(msg::SetCallMedia{c.appointment_id, c.mic_on, c.camera_on && !c.audio_only, c.sharing && !c.audio_only});
}

// Audio only sends no video at all (replaceTrack(null): the encoder stops, unlike a disabled track's
// black frames), keeps the sender for later, and tells the others through call_media (video off).
void CallModule::set_audio_only(bool on, bool automatic) {
    CallState& c = call();
    if (!automatic) quality_.set_manual(on);
    c.audio_only = on;
    c.audio_only_auto = on && automatic;
    c.video_offer = false;
    peers_.replace_track(rtc::TrackKind::video, media_.video_source());
    send_media_flags();
    rebuild_tiles();
}

void CallModule::on_stats(std::int64_t remote, const rtc::Stats& stats) {
    CallState& c = call();
    const bool sending_video = !c.audio_only && (c.camera_on || c.sharing);
    const core::AudioOnlyAdvice advice = quality_.observe(remote, stats, sending_video, now_s_, peers_.remotes());
    speaker_.hear(remote, float(stats.audio_level), now_s_);
    c.link_quality = quality_.worst();
    if (advice.fall_back) set_audio_only(true, true);
    if (advice.offer_video) c.video_offer = true;
}

std::string CallModule::name_of(std::int64_t user) const {
    for (const msg::Participant& p : ctx_.state.call.participants)
        if (p.user_id == user) return p.display_name;
    return {};
}

void CallModule::rebuild_tiles() {
    CallState& c = call();
    c.tiles.clear();
    for (std::int64_t id : peers_.remotes()) c.tiles.push_back({id, name_of(id), peers_.remote_stream(id), false, quality_.of(id)});
    if (media_.local()) c.tiles.push_back({c.me, "You", media_.preview(), true, core::LinkQuality::unknown});
    platform::request_frame();
}

void CallModule::sync_recorder() {
    const CallState& c = call();
    const bool want = c.host && c.phase == CallPhase::in_call && c.recording.state == core::RecordingState::on;
    if (!want) {
        if (recorder_.recording()) recorder_.stop();
        return;
    }
    if (recorder_.recording()) return;
    // No source at all (no camera, nobody connected yet) fails loudly in start() and stops the recording.
    std::vector<rtc::CompositeSource> sources;
    if (media_.local()) sources.push_back({media_.local(), state().user ? state().user->display_name : "Doctor"});
    for (std::int64_t id : peers_.remotes())
        if (const rtc::MediaStream* s = peers_.remote_stream(id)) sources.push_back({s, name_of(id)});
    recorder_.start(c.appointment_id, sources);
}

void CallModule::tick(double now_ms) {
    if (client().online()) recorder_.pump();  // chunks refused while offline go again
    CallState& c = call();
    if (c.phase == CallPhase::idle || c.phase == CallPhase::ended) return;
    if (client().status() == ConnectionStatus::reconnecting && (c.phase == CallPhase::in_call || c.phase == CallPhase::waiting))
        c.phase = CallPhase::reconnecting;
    if (media_.local()) c.mic_level = media_.local()->audio_level();
    if (c.mic_on) speaker_.hear(c.me, c.mic_level, now_ms / 1000.0);
    c.speaker = speaker_.speaker(now_ms / 1000.0);
    if (now_ms < next_stats_ms_) return;
    next_stats_ms_ = now_ms + 1000;
    now_s_ = now_ms / 1000.0;
    peers_.get_stats([this](std::int64_t remote, const rtc::Stats& s) { on_stats(remote, s); });
    rebuild_tiles();
    platform::request_frame_in(1000);  // the timer, meter and quality stay current
}

}  // namespace app
