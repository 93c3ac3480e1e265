#include "app/call_controller.h"

#include <algorithm>

#include "platform/clipboard.h"
#include "platform/frame.h"
#include "platform/page.h"
#include "platform/storage.h"

namespace app {

using core::protocol::json;
using core::protocol::RequestType;
using core::protocol::Response;
namespace rtc = platform::rtc;

namespace {

// The chosen devices, by id, for this tab (kept across reloads).
constexpr const char* kCameraKey = "telemed.call.camera";
constexpr const char* kMicrophoneKey = "telemed.call.microphone";

std::string media_help(const rtc::Error& e) {
    switch (e.code) {
        case rtc::ErrorCode::permission_denied:
            return "The browser blocked the camera and microphone. Allow them for this site (the camera icon in the "
                   "address bar), then try again.";
        case rtc::ErrorCode::not_found:
            return "No camera or microphone was found. Connect one and press \"Try the camera again\", or join with what "
                   "you have: the others will still hear or see you through what works.";
        case rtc::ErrorCode::device_in_use:
            return "The camera or microphone is used by another program. Close it and try again.";
        default: return "The camera or microphone could not start: " + e.message;
    }
}

}  // namespace

CallController::CallController(AppState& state, Client& client)
    : state_(state),
      client_(client),
      recorder_(
          client, state.recordings,
          [this](std::string why) {
              // Recording cannot go on: say so, and stop it for everyone so the state stays honest.
              state_.call.error = why;
              if (state_.call.appointment_id)
                  client_.call(RequestType::call_recording, {{"appointment_id", state_.call.appointment_id}, {"action", "stop"}},
                               [](const Response&) {});
          },
          [this](std::int64_t) { state_.recordings.stale = true; }) {}
CallController::~CallController() = default;

bool CallController::apply(const Action& action) {
    CallState& c = state_.call;
    return std::visit(
        [&](const auto& a) -> bool {
            using A = std::decay_t<decltype(a)>;
            if constexpr (std::is_same_v<A, OpenCall>) open(a.appointment_id);
            else if constexpr (std::is_same_v<A, JoinCall>) join();
            else if constexpr (std::is_same_v<A, LeaveCall>) leave(true);
            else if constexpr (std::is_same_v<A, CloseCall>) leave(true), c = CallState{};
            else if constexpr (std::is_same_v<A, AdmitToCall>)
                client_.call(RequestType::call_admit, {{"appointment_id", c.appointment_id}, {"user_id", a.user_id}},
                             [this](const Response& r) { if (!r.ok) state_.call.error = r.error.message; });
            else if constexpr (std::is_same_v<A, EndConsultation>) {
                client_.call(RequestType::call_end, {{"appointment_id", c.appointment_id}}, [this](const Response& r) {
                    if (!r.ok) state_.call.error = r.error.message;
                });
            } else if constexpr (std::is_same_v<A, ToggleMicrophone>) {
                c.mic_on = !c.mic_on;
                if (local_) local_->set_enabled(rtc::TrackKind::audio, c.mic_on);
                send_media_flags();
            } else if constexpr (std::is_same_v<A, ToggleCamera>) {
                c.camera_on = !c.camera_on;
                if (local_) local_->set_enabled(rtc::TrackKind::video, c.camera_on);
                send_media_flags();
            } else if constexpr (std::is_same_v<A, ToggleScreenShare>) toggle_screen_share();
            else if constexpr (std::is_same_v<A, PlayTestTone>) rtc::play_test_tone();
            else if constexpr (std::is_same_v<A, SendCallChat>) {
                if (c.chat_draft.empty()) return true;
                client_.call(RequestType::call_chat, {{"appointment_id", c.appointment_id}, {"text", c.chat_draft}},
                             [this](const Response& r) {
                                 if (!r.ok) state_.call.error = r.error.message;
                                 else state_.call.chat_draft.clear();
                             });
            } else if constexpr (std::is_same_v<A, RecordingAction>)
                client_.call(RequestType::call_recording, {{"appointment_id", c.appointment_id}, {"action", a.action}},
                             [this](const Response& r) { if (!r.ok) state_.call.error = r.error.message; });
            else if constexpr (std::is_same_v<A, SelectDevice>) select_device(a.camera, a.index);
            else if constexpr (std::is_same_v<A, ToggleAudioOnly>) set_audio_only(!c.audio_only, false);
            else if constexpr (std::is_same_v<A, RetryMedia>) {
                c.media_error.clear();
                acquire_local(true);
            } else return apply_invite_action(action);
            return true;
        },
        action);
}

void CallController::fail(std::string message) {
    state_.call.phase = CallPhase::failed;
    state_.call.error = std::move(message);
}

// --- before the call ---------------------------------------------------------------------------------

void CallController::open(std::int64_t appointment_id) {
    leave(false);
    invites_loaded_ = false;
    CallState& c = state_.call;
    c = CallState{};
    c.appointment_id = appointment_id;
    c.phase = CallPhase::precheck;
    c.me = state_.user ? state_.user->id : 0;
    c.host = state_.user && state_.user->role == "doctor";
    for (const AppointmentItem& a : state_.clinic.appointments)
        if (a.id == appointment_id) c.title = c.host ? "Visit with " + a.patient_name : "Visit with " + a.doctor_name;
    audio_rule_ = core::AudioOnlyRule{};
    meters_.clear();
    quality_.clear();
    acquire_local(true);
    list_devices();
}

// Camera and microphone, the remembered ones first. A remembered device that is gone (unplugged,
// another computer) is forgotten and the browser's defaults are asked for instead.
void CallController::acquire_local(bool retry_with_defaults) {
    rtc::MediaRequest req;
    if (retry_with_defaults) {
        req.video_device_id = platform::session_storage::get(kCameraKey).value_or("");
        req.audio_device_id = platform::session_storage::get(kMicrophoneKey).value_or("");
    }
    const bool remembered = !req.video_device_id.empty() || !req.audio_device_id.empty();
    const std::int64_t appointment = state_.call.appointment_id;
    rtc::request_user_media(req, [this, remembered, appointment](rtc::Result<std::unique_ptr<rtc::MediaStream>> r) {
        CallState& c = state_.call;
        if (c.appointment_id != appointment || c.phase == CallPhase::idle || c.phase == CallPhase::ended) return;  // left meanwhile
        if (!r) {
            if (remembered && r.error().code == rtc::ErrorCode::not_found) {
                platform::session_storage::remove(kCameraKey);
                platform::session_storage::remove(kMicrophoneKey);
                return acquire_local(false);
            }
            c.media_error = media_help(r.error());
            return list_devices();  // tells whether anything exists at all
        }
        c.media_error.clear();
        local_ = std::move(r.value());
        local_->set_enabled(rtc::TrackKind::audio, c.mic_on);
        local_->set_enabled(rtc::TrackKind::video, c.camera_on);
        for (auto& [id, p] : peers_)
            if (p.pc) p.pc->add_stream(*local_);
        if (!audio_rule_.audio_only() && !c.sharing)
            for (auto& [id, p] : peers_)
                if (p.pc) p.pc->replace_track(rtc::TrackKind::video, local_.get());
        list_devices();  // labels are only given once a permission was granted
        rebuild_tiles();
    });
}

void CallController::list_devices() {
    rtc::enumerate_devices([this](rtc::Result<std::vector<rtc::Device>> r) {
        CallState& c = state_.call;
        if (!r) return;
        c.camera_names.clear(), c.microphone_names.clear(), camera_ids_.clear(), microphone_ids_.clear();
        const std::string cam = platform::session_storage::get(kCameraKey).value_or("");
        const std::string mic = platform::session_storage::get(kMicrophoneKey).value_or("");
        c.camera_index = c.microphone_index = 0;
        for (const rtc::Device& d : r.value()) {
            const bool camera = d.kind == rtc::Device::Kind::video_input;
            if (!camera && d.kind != rtc::Device::Kind::audio_input) continue;
            auto& names = camera ? c.camera_names : c.microphone_names;
            auto& ids = camera ? camera_ids_ : microphone_ids_;
            if (d.device_id == (camera ? cam : mic)) (camera ? c.camera_index : c.microphone_index) = int(ids.size());
            names.push_back(d.label.empty() ? (camera ? "Camera " : "Microphone ") + std::to_string(names.size() + 1) : d.label);
            ids.push_back(d.device_id);
        }
        c.devices_listed = true;
        if (c.camera_names.empty() && c.microphone_names.empty() && !local_ && c.media_error.empty())
            c.media_error = "This device has no camera or microphone that the browser can use. You can still join: the "
                            "others will not see or hear you, but the chat works.";
    });
}

// Another camera or microphone: only that track is captured again and swapped in the local stream
// (preview and meter follow) and on every connection (replaceTrack: no renegotiation).
void CallController::select_device(bool camera, int index) {
    CallState& c = state_.call;
    auto& ids = camera ? camera_ids_ : microphone_ids_;
    if (index < 0 || index >= int(ids.size()) || c.switching_device) return;
    (camera ? c.camera_index : c.microphone_index) = index;
    platform::session_storage::set(camera ? kCameraKey : kMicrophoneKey, ids[std::size_t(index)]);
    if (!local_) return acquire_local(true);
    rtc::MediaRequest req;
    req.audio = !camera;
    req.video = camera;
    (camera ? req.video_device_id : req.audio_device_id) = ids[std::size_t(index)];
    c.switching_device = true;
    const rtc::TrackKind kind = camera ? rtc::TrackKind::video : rtc::TrackKind::audio;
    const std::int64_t appointment = c.appointment_id;
    rtc::request_user_media(req, [this, kind, appointment](rtc::Result<std::unique_ptr<rtc::MediaStream>> r) {
        CallState& c = state_.call;
        if (c.appointment_id != appointment) return;
        c.switching_device = false;
        if (!r) {
            c.media_error = media_help(r.error());
            return;
        }
        if (!local_ || !local_->take_track(kind, *r.value())) {
            c.media_error = "The new device gave no picture or sound. Choose another one.";
            return;
        }
        c.media_error.clear();
        const rtc::MediaStream* source = kind == rtc::TrackKind::audio ? local_.get() : video_source();
        if (kind == rtc::TrackKind::audio || source == local_.get())
            for (auto& [id, p] : peers_)
                if (p.pc) p.pc->replace_track(kind, source);
        rebuild_tiles();
    });
}

void CallController::join() {
    CallState& c = state_.call;
    if (c.phase != CallPhase::precheck && c.phase != CallPhase::reconnecting && c.phase != CallPhase::failed) return;
    c.phase = c.phase == CallPhase::reconnecting ? CallPhase::reconnecting : CallPhase::joining;
    c.error.clear();
    client_.call(RequestType::call_join, {{"appointment_id", c.appointment_id}}, [this](const Response& r) {
        CallState& c = state_.call;
        if (!r.ok) {
            if (r.error.code == core::ErrorCode::offline && c.phase == CallPhase::reconnecting) return;  // retried on resume
            return fail(r.error.message);
        }
        c.me = r.data.value("you", c.me);
        ice_config_ = json{{"iceServers", r.data.value("ice_servers", json::array())}}.dump();
        // Back after a drop: the others saw us `reconnecting` and dropped their connections to us (see
        // apply_call_state), so ours are dead ends too. Fresh ones: the offering side (lower id) offers
        // anew with new ICE credentials, the other answers. A path that fails while both sides keep
        // their connection is repaired by an ICE restart instead (on_connection_state "failed").
        if (c.phase == CallPhase::reconnecting) peers_.clear();
        apply_call_state(r.data.value("call", json::object()));
        client_.call(RequestType::call_messages, {{"appointment_id", c.appointment_id}}, [this](const Response& m) {
            if (!m.ok) return;
            state_.call.chat.clear();
            for (const json& x : m.data.value("messages", json::array()))
                state_.call.chat.push_back({x.value("user_id", std::int64_t{0}), x.value("display_name", ""), x.value("text", ""),
                                            core::parse_iso8601(x.value("at", "")).value_or(core::Instant{})});
        });
    });
}

void CallController::leave(bool tell_server) {
    CallState& c = state_.call;
    const bool was_in_room = c.phase == CallPhase::waiting || c.phase == CallPhase::in_call || c.phase == CallPhase::joining ||
                             c.phase == CallPhase::reconnecting;
    recorder_.stop();  // before the streams go: the last slice still shows the call
    if (tell_server && was_in_room)
        client_.call(RequestType::call_leave, {{"appointment_id", c.appointment_id}}, [](const Response&) {});
    peers_.clear();  // RAII closes every connection; their late callbacks are dropped
    screen_.reset();
    local_.reset();
    if (c.phase != CallPhase::idle) {
        c.phase = CallPhase::ended;
        c.sharing = false;
        c.tiles.clear();
        if (was_in_room) load_log();
    }
}

// --- the room ----------------------------------------------------------------------------------------

bool CallController::on_event(const core::protocol::Event& e) {
    CallState& c = state_.call;
    if (e.name == "call.state") {
        if (e.data.value("appointment_id", std::int64_t{0}) == c.appointment_id && c.phase != CallPhase::idle &&
            c.phase != CallPhase::precheck && c.phase != CallPhase::ended)
            apply_call_state(e.data);
        return true;
    }
    if (e.name == "call.signal") {
        if (e.data.value("appointment_id", std::int64_t{0}) == c.appointment_id) on_signal(e.data);
        return true;
    }
    if (e.name == "call.waiting") {
        on_waiting(e.data);
        return true;
    }
    if (e.name == "call.chat") {
        const json m = e.data.value("message", json::object());
        c.chat.push_back({m.value("user_id", std::int64_t{0}), m.value("display_name", ""), m.value("text", ""),
                          core::parse_iso8601(m.value("at", "")).value_or(core::Instant{})});
        return true;
    }
    return false;
}

void CallController::apply_call_state(const json& call) {
    CallState& c = state_.call;
    std::map<std::int64_t, std::string> before;
    for (const CallParticipant& p : c.participants) before[p.user_id] = p.state;
    c.participants.clear();
    for (const json& p : call.value("participants", json::array()))
        c.participants.push_back({p.value("user_id", std::int64_t{0}), p.value("display_name", ""), p.value("role", ""),
                                  p.value("state", ""), p.value("audio", true), p.value("video", true), p.value("screen", false)});
    const json rec = call.value("recording", json::object());
    c.recording = rec.value("state", "off");
    c.consents = rec.value("consents", std::vector<std::int64_t>{});
    if (call.value("status", "open") == "ended") return leave(false);

    std::string my_state;
    for (const CallParticipant& p : c.participants)
        if (p.user_id == c.me) my_state = p.state;
    if (my_state == "waiting") c.phase = CallPhase::waiting;
    else if (my_state == "in_call") {
        if (c.phase != CallPhase::in_call) c.started_ms = platform::now_ms();
        c.phase = CallPhase::in_call;
    } else if (my_state == "left") return leave(false);
    // The host's invite panel says who used which link: reload it when someone new arrives.
    bool newcomer = false;
    for (const CallParticipant& p : c.participants) newcomer |= !before.count(p.user_id);
    if (c.host && c.phase == CallPhase::in_call && (!invites_loaded_ || newcomer)) {
        invites_loaded_ = true;
        load_invites();
    }
    // Someone back from a dropped connection needs a fresh connection: their browser lost the old one.
    for (const CallParticipant& p : c.participants)
        if (p.user_id != c.me && before.count(p.user_id) && before[p.user_id] != "in_call" && p.state == "in_call") drop_peer(p.user_id);
    sync_peers();
    rebuild_tiles();
    sync_recorder();
}

void CallController::sync_recorder() {
    const CallState& c = state_.call;
    const bool want = c.host && c.phase == CallPhase::in_call && c.recording == "on";
    if (!want) {
        if (recorder_.recording()) recorder_.stop();
        return;
    }
    if (recorder_.recording()) return;
    // No source at all (no camera, nobody connected yet) fails loudly in start() and stops the recording.
    std::vector<rtc::CompositeSource> sources;
    if (local_) sources.push_back({local_.get(), state_.user ? state_.user->display_name : "Doctor"});
    for (const auto& [id, peer] : peers_) {
        if (!peer.pc || !peer.pc->remote_stream()) continue;
        std::string name;
        for (const CallParticipant& p : c.participants)
            if (p.user_id == id) name = p.name;
        sources.push_back({peer.pc->remote_stream(), name});
    }
    recorder_.start(c.appointment_id, sources);
}

void CallController::sync_peers() {
    const CallState& c = state_.call;
    if (c.phase != CallPhase::in_call) {
        peers_.clear();
        return;
    }
    std::vector<std::int64_t> present;
    for (const CallParticipant& p : c.participants)
        if (p.user_id != c.me && p.state == "in_call") {
            present.push_back(p.user_id);
            if (!peers_.count(p.user_id) && c.me < p.user_id) ensure_peer(p.user_id, /*offer=*/true);
        }
    for (auto it = peers_.begin(); it != peers_.end();)
        it = std::find(present.begin(), present.end(), it->first) == present.end() ? peers_.erase(it) : std::next(it);
}

CallController::Peer& CallController::ensure_peer(std::int64_t remote, bool offer) {
    auto it = peers_.find(remote);
    if (it != peers_.end()) return it->second;
    Peer& peer = peers_[remote];
    audio_rule_.connection_started(now_s_);
    meters_.erase(remote);  // a fresh connection ramps up from zero: its own warm-up
    auto created = rtc::PeerConnection::create(ice_config_);
    if (!created) {
        state_.call.error = "Could not start the connection: " + created.error().message;
        return peer;
    }
    peer.pc = std::move(created.value());
    if (local_) peer.pc->add_stream(*local_);
    if (screen_ || state_.call.audio_only) peer.pc->replace_track(rtc::TrackKind::video, video_source());
    peer.pc->on_ice_candidate = [this, remote](std::string candidate) {
        if (!candidate.empty()) signal(remote, "candidate", json::parse(candidate, nullptr, false));
    };
    peer.pc->on_track = [this](rtc::TrackKind, rtc::MediaStream&) { rebuild_tiles(); };
    peer.pc->on_connection_state = [this, remote](std::string s) {
        auto p = peers_.find(remote);
        if (p == peers_.end()) return;
        p->second.connection = s;
        // A failed path (network change) is repaired by an ICE restart from the offering side.
        if (s == "failed" && state_.call.me < remote && p->second.pc) restart_ice(remote);
        rebuild_tiles();
    };
    if (offer)
        peer.pc->create_offer(false, [this, remote](rtc::Result<std::string> o) {
            if (!o || !peers_.count(remote)) return;
            peers_[remote].pc->set_local_description(o.value(), [this, remote](rtc::Result<std::string> d) {
                if (d) signal(remote, "offer", json::parse(d.value(), nullptr, false));
            });
        });
    return peer;
}

// Its quality history goes with it: a later connection to the same person is measured afresh.
void CallController::drop_peer(std::int64_t remote) {
    peers_.erase(remote);
    meters_.erase(remote);
    quality_.erase(remote);
}

void CallController::restart_ice(std::int64_t remote) {
    auto it = peers_.find(remote);
    if (it == peers_.end() || !it->second.pc) return;
    it->second.pc->create_offer(true, [this, remote](rtc::Result<std::string> o) {
        if (o && peers_.count(remote))
            peers_[remote].pc->set_local_description(o.value(), [this, remote](rtc::Result<std::string> d) {
                if (d) signal(remote, "restart", json::parse(d.value(), nullptr, false));
            });
    });
}

void CallController::on_signal(const json& data) {
    const std::int64_t from = data.value("from_user_id", std::int64_t{0});
    const std::string kind = data.value("kind", "");
    const json payload = data.value("data", json::object());
    if (state_.call.phase != CallPhase::in_call) return;
    if (kind == "offer" || kind == "restart") {
        if (kind == "offer") drop_peer(from);  // a new offer means a new connection on their side
        Peer& peer = ensure_peer(from, false);
        if (!peer.pc) return;
        peer.pc->set_remote_description(payload.dump(), [this, from](rtc::Result<rtc::Done> r) {
            if (!r || !peers_.count(from)) return;
            Peer& p = peers_[from];
            p.remote_description = true;
            for (const std::string& c : std::exchange(p.pending_candidates, {})) p.pc->add_ice_candidate(c);
            p.pc->create_answer([this, from](rtc::Result<std::string> a) {
                if (!a || !peers_.count(from)) return;
                peers_[from].pc->set_local_description(a.value(), [this, from](rtc::Result<std::string> d) {
                    if (d) signal(from, "answer", json::parse(d.value(), nullptr, false));
                });
            });
        });
    } else if (kind == "answer") {
        auto it = peers_.find(from);
        if (it == peers_.end() || !it->second.pc) return;
        it->second.pc->set_remote_description(payload.dump(), [this, from](rtc::Result<rtc::Done> r) {
            if (!r || !peers_.count(from)) return;
            Peer& p = peers_[from];
            p.remote_description = true;
            for (const std::string& c : std::exchange(p.pending_candidates, {})) p.pc->add_ice_candidate(c);
        });
    } else if (kind == "candidate") {
        auto it = peers_.find(from);
        if (it == peers_.end() || !it->second.pc) return;
        // Candidates can arrive before the description they belong to: keep them until then.
        if (it->second.remote_description) it->second.pc->add_ice_candidate(payload.dump());
        else it->second.pending_candidates.push_back(payload.dump());
    }
}

void CallController::signal(std::int64_t to, const char* kind, json data) {
    client_.call(RequestType::call_signal,
                 {{"appointment_id", state_.call.appointment_id}, {"to_user_id", to}, {"kind", kind}, {"data", std::move(data)}},
                 [](const Response&) {});
}

void CallController::send_media_flags() {
    const CallState& c = state_.call;
    if (c.phase != CallPhase::in_call && c.phase != CallPhase::waiting) return;
    client_.call(RequestType::call_media,
                 {{"appointment_id", c.appointment_id}, {"audio", c.mic_on}, {"video", c.camera_on && !c.audio_only},
                  {"screen", c.sharing && !c.audio_only}},
                 [](const Response&) {});
}

const rtc::MediaStream* CallController::video_source() const {
    if (state_.call.audio_only) return nullptr;
    return state_.call.sharing && screen_ ? screen_.get() : local_.get();
}

// Audio only sends no video at all (replaceTrack(null): the encoder stops, unlike a disabled track's
// black frames), keeps the sender for later, and tells the others through call_media (video off).
void CallController::set_audio_only(bool on, bool automatic) {
    CallState& c = state_.call;
    if (!automatic) audio_rule_.set_manual(on);
    c.audio_only = on;
    c.audio_only_auto = on && automatic;
    c.video_offer = false;
    for (auto& [id, p] : peers_)
        if (p.pc) p.pc->replace_track(rtc::TrackKind::video, video_source());
    send_media_flags();
    rebuild_tiles();
}

void CallController::on_stats(std::int64_t remote, const rtc::Stats& s) {
    CallState& c = state_.call;
    const bool sending_video = !c.audio_only && (c.camera_on || c.sharing);
    const core::LinkSample sample{s.rtt_ms, s.packet_loss, sending_video ? s.outbound_video_bitrate_kbps : -1.0,
                                  s.bandwidth_limited};
    quality_[remote] = std::string(core::to_string(meters_[remote].update(sample)));
    // This side's link is its worst connection.
    core::LinkQuality worst = core::LinkQuality::unknown;
    for (const auto& [id, m] : meters_)
        if (peers_.count(id) && static_cast<int>(m.level()) > static_cast<int>(worst)) worst = m.level();
    c.link_quality = std::string(core::to_string(worst));
    const core::AudioOnlyAdvice advice = audio_rule_.observe(now_s_, worst, sample);
    if (advice.fall_back) set_audio_only(true, true);
    if (advice.offer_video) c.video_offer = true;
}

void CallController::toggle_screen_share() {
    CallState& c = state_.call;
    if (c.sharing) {
        screen_.reset();
        c.sharing = false;
        for (auto& [id, p] : peers_)
            if (p.pc) p.pc->replace_track(rtc::TrackKind::video, video_source());
        send_media_flags();
        return rebuild_tiles();
    }
    rtc::request_display_media([this](rtc::Result<std::unique_ptr<rtc::MediaStream>> r) {
        CallState& c = state_.call;
        if (!r) {
            if (r.error().code != rtc::ErrorCode::permission_denied) c.error = "Screen sharing could not start: " + r.error().message;
            return;
        }
        screen_ = std::move(r.value());
        screen_->on_track_ended = [this](rtc::TrackKind) {  // "Stop sharing" in the browser's own bar
            if (state_.call.sharing) toggle_screen_share();
        };
        c.sharing = true;
        for (auto& [id, p] : peers_)
            if (p.pc) p.pc->replace_track(rtc::TrackKind::video, video_source());
        send_media_flags();
        rebuild_tiles();
    });
}

void CallController::rebuild_tiles() {
    CallState& c = state_.call;
    c.tiles.clear();
    for (auto& [id, p] : peers_) {
        std::string name;
        for (const CallParticipant& x : c.participants)
            if (x.user_id == id) name = x.name;
        c.tiles.push_back({id, name, p.pc ? p.pc->remote_stream() : nullptr, false, quality_[id]});
    }
    if (local_) c.tiles.push_back({c.me, "You", c.sharing && screen_ ? screen_.get() : local_.get(), true, ""});
    platform::request_frame();
}

void CallController::on_session_resumed() {
    CallState& c = state_.call;
    if (state_.user && state_.user->role == "doctor") load_waiting();
    if (c.phase == CallPhase::in_call || c.phase == CallPhase::waiting || c.phase == CallPhase::reconnecting) {
        c.phase = CallPhase::reconnecting;
        join();  // the server kept our place for 45 s: we come back in without a second admission
    }
}

void CallController::tick(double now_ms) {
    if (client_.online()) recorder_.pump();  // chunks refused while offline go again
    CallState& c = state_.call;
    if (c.phase == CallPhase::idle || c.phase == CallPhase::ended) return;
    if (client_.status() == ConnectionStatus::reconnecting && (c.phase == CallPhase::in_call || c.phase == CallPhase::waiting))
        c.phase = CallPhase::reconnecting;
    if (local_) c.mic_level = local_->audio_level();
    if (now_ms < next_tick_ms_) return;
    next_tick_ms_ = now_ms + 1000;
    now_s_ = now_ms / 1000.0;
    for (auto& [id, p] : peers_)
        if (p.pc)
            p.pc->get_stats([this, id = id](rtc::Result<rtc::Stats> s) {
                if (s && peers_.count(id)) on_stats(id, s.value());
            });
    rebuild_tiles();
    platform::request_frame_in(1000);  // the timer, meter and quality stay current
}

void CallController::load_log() {
    client_.call(RequestType::call_log, {{"appointment_id", state_.call.appointment_id}}, [this](const Response& r) {
        if (!r.ok) return;
        state_.call.log.clear();
        for (const json& p : r.data.value("participants", json::array()))
            state_.call.log.push_back({p.value("display_name", ""), p.value("role", ""), p.value("total_seconds", std::int64_t{0})});
    });
}

// --- invitations and guests ------------------------------------------------------------------------

void CallController::open_as_guest(std::int64_t appointment_id, std::int64_t me, std::string title) {
    open(appointment_id);
    CallState& c = state_.call;
    c.me = me;
    c.host = false;
    c.guest = true;
    c.title = std::move(title);
}

bool CallController::apply_invite_action(const Action& action) {
    CallState& c = state_.call;
    static const char* kRoles[] = {"colleague", "interpreter", "family"};
    if (const auto* a = std::get_if<CreateInvite>(&action)) {
        const std::string role = a->role.empty() ? kRoles[std::clamp(c.invite_role, 0, 2)] : a->role;
        client_.call(RequestType::call_invite_create, {{"appointment_id", c.appointment_id}, {"role", role}, {"name", c.invite_name}},
                     [this](const Response& r) {
                         CallState& c = state_.call;
                         if (!r.ok) {
                             c.invite_notice = r.error.message;
                             return;
                         }
                         const std::int64_t id = r.data.value("invite", json::object()).value("id", std::int64_t{0});
                         c.invite_links[id] = platform::origin() + r.data.value("path", "");
                         c.invite_name.clear();
                         c.invite_notice = "Invitation link created. Copy it and send it to the person you invite.";
                         load_invites();
                     });
        return true;
    }
    if (const auto* a = std::get_if<CopyInviteLink>(&action)) {
        auto link = c.invite_links.find(a->invite_id);
        if (link == c.invite_links.end()) return true;
        platform::copy_to_clipboard(link->second);
        c.invite_notice = "Link copied. They can open it without an account; you let them in from the waiting room.";
        return true;
    }
    if (const auto* a = std::get_if<RevokeInvite>(&action)) {
        client_.call(RequestType::call_invite_revoke, {{"appointment_id", c.appointment_id}, {"invite_id", a->invite_id}},
                     [this](const Response& r) {
                         if (!r.ok) state_.call.invite_notice = r.error.message;
                         else state_.call.invite_notice = "Invitation withdrawn: the link no longer works.";
                         load_invites();
                     });
        return true;
    }
    return false;
}

void CallController::load_invites() {
    client_.call(RequestType::call_invites, {{"appointment_id", state_.call.appointment_id}}, [this](const Response& r) {
        if (!r.ok) return;
        CallState& c = state_.call;
        c.invites.clear();
        for (const json& i : r.data.value("invites", json::array()))
            c.invites.push_back({i.value("id", std::int64_t{0}), i.value("role", ""), i.value("name", ""), i.value("state", ""),
                                 i.value("guest_name", "")});
    });
}

void CallController::load_waiting() {
    client_.call(RequestType::call_waiting, json::object(), [this](const Response& r) {
        if (!r.ok) return;
        state_.call_waiting.clear();
        for (const json& room : r.data.value("rooms", json::array())) on_waiting(room);
    });
}

void CallController::on_waiting(const json& data) {
    const std::int64_t id = data.value("appointment_id", std::int64_t{0});
    std::vector<std::string> names;
    for (const json& p : data.value("waiting", json::array())) names.push_back(p.value("display_name", ""));
    if (names.empty()) state_.call_waiting.erase(id);
    else state_.call_waiting[id] = std::move(names);
    platform::request_frame();
}

}  // namespace app
