#include "app/calls/local_media.h"

#include "platform/storage.h"

namespace app {

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

bool call_is_over(const CallState& c) { return c.phase == CallPhase::idle || c.phase == CallPhase::ended; }

}  // namespace

// Camera and microphone, the remembered ones first. A remembered device that is gone (unplugged,
// another computer) is forgotten and the browser's defaults are asked for instead.
void LocalMedia::acquire(bool remembered_first) {
    rtc::MediaRequest req;
    if (remembered_first) {
        req.video_device_id = platform::session_storage::get(kCameraKey).value_or("");
        req.audio_device_id = platform::session_storage::get(kMicrophoneKey).value_or("");
    }
    const bool remembered = !req.video_device_id.empty() || !req.audio_device_id.empty();
    const std::int64_t appointment = call_.appointment_id;
    rtc::request_user_media(req, [this, remembered, appointment](rtc::Result<std::unique_ptr<rtc::MediaStream>> r) {
        if (call_.appointment_id != appointment || call_is_over(call_)) return;  // left meanwhile
        if (!r) {
            if (remembered && r.error().code == rtc::ErrorCode::not_found) {
                platform::session_storage::remove(kCameraKey);
                platform::session_storage::remove(kMicrophoneKey);
                return acquire(false);
            }
            call_.media_error = media_help(r.error());
            return list_devices();  // tells whether anything exists at all
        }
        adopt(std::move(r.value()));
    });
}

void LocalMedia::adopt(std::unique_ptr<rtc::MediaStream> stream) {
    call_.media_error.clear();
    local_ = std::move(stream);
    local_->set_enabled(rtc::TrackKind::audio, call_.mic_on);
    local_->set_enabled(rtc::TrackKind::video, call_.camera_on);
    list_devices();  // labels are only given once a permission was granted
    if (on_new_stream) on_new_stream();
}

void LocalMedia::list_devices() {
    rtc::enumerate_devices([this](rtc::Result<std::vector<rtc::Device>> r) {
        if (!r) return;
        CallState& c = call_;
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

// Another camera or microphone: only that track is captured again and swapped in the local stream.
void LocalMedia::select_device(bool camera, int index) {
    CallState& c = call_;
    auto& ids = camera ? camera_ids_ : microphone_ids_;
    if (index < 0 || index >= int(ids.size()) || c.switching_device) return;
    (camera ? c.camera_index : c.microphone_index) = index;
    platform::session_storage::set(camera ? kCameraKey : kMicrophoneKey, ids[std::size_t(index)]);
    if (!local_) return acquire(true);
    rtc::MediaRequest req;
    req.audio = !camera;
    req.video = camera;
    (camera ? req.video_device_id : req.audio_device_id) = ids[std::size_t(index)];
    c.switching_device = true;
    const rtc::TrackKind kind = camera ? rtc::TrackKind::video : rtc::TrackKind::audio;
    const std::int64_t appointment = c.appointment_id;
    rtc::request_user_media(req, [this, kind, appointment](rtc::Result<std::unique_ptr<rtc::MediaStream>> r) {
        CallState& c = call_;
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
        if (on_track_switched) on_track_switched(kind);
    });
}

void LocalMedia::toggle_screen_share() {
    if (call_.sharing) {
        screen_.reset();
        call_.sharing = false;
        if (on_sharing_changed) on_sharing_changed();
        return;
    }
    rtc::request_display_media([this](rtc::Result<std::unique_ptr<rtc::MediaStream>> r) {
        if (!r) {
            if (r.error().code != rtc::ErrorCode::permission_denied) call_.error = "Screen sharing could not start: " + r.error().message;
            return;
        }
        screen_ = std::move(r.value());
        screen_->on_track_ended = [this](rtc::TrackKind) {  // "Stop sharing" in the browser's own bar
            if (call_.sharing) toggle_screen_share();
        };
        call_.sharing = true;
        if (on_sharing_changed) on_sharing_changed();
    });
}

void LocalMedia::set_microphone(bool on) {
    call_.mic_on = on;
    if (local_) local_->set_enabled(rtc::TrackKind::audio, on);
}

void LocalMedia::set_camera(bool on) {
    call_.camera_on = on;
    if (local_) local_->set_enabled(rtc::TrackKind::video, on);
}

void LocalMedia::release() {
    screen_.reset();
    local_.reset();
}

const rtc::MediaStream* LocalMedia::video_source() const {
    if (call_.audio_only) return nullptr;
    return call_.sharing && screen_ ? screen_.get() : local_.get();
}

}  // namespace app
