#include "app/recordings/recordings_module.h"

#include "core/crypto/base64.h"
#include "platform/frame.h"

namespace app {

namespace msg = core::msg;

namespace {

std::string file_name(const msg::RecordingInfo& r) {
    return "visit-" + std::to_string(r.appointment_id) + "-recording-" + std::to_string(r.id) + ".webm";
}

}  // namespace

RecordingsModule::RecordingsModule(Context& ctx) : FeatureModule(ctx) {
    ctx.events.on<msg::RecordingUpdated>([this](const msg::RecordingUpdated& e) {
        if (e.appointment_id == state().recordings.appointment_id) state().recordings.stale = true;
    });
}

void RecordingsModule::apply(const RecordingsAction& action) {
    std::visit(overloaded{
                   [this](const PlayRecording& a) { access(a.recording_id, false); },
                   [this](const DownloadRecording& a) { access(a.recording_id, true); },
                   [this](const ClosePlayer&) { close_player(); },
                   [this](const RefreshRecordings&) { state().recordings.stale = true; },
               },
               action);
}

void RecordingsModule::close_player() {
    RecordingsState& r = state().recordings;
    r.playing = 0;
    r.player_url.clear();
    r.player_bytes.clear();
    r.player_status.clear();
}

void RecordingsModule::tick(double now_ms) {
    now_ms_ = now_ms;
    RecordingsState& r = state().recordings;
    const std::int64_t open = state().visits.detail ? state().visits.detail->id : 0;
    if (open != r.appointment_id || r.stale) {
        r.stale = false;
        load(open);
    }
    if (!reload_at_ms_.empty() && now_ms >= reload_at_ms_.front()) {
        reload_at_ms_.erase(reload_at_ms_.begin());
        reload();
    }
    if (!reload_at_ms_.empty()) platform::request_frame_in(reload_at_ms_.front() - now_ms);
}

void RecordingsModule::reload() {
    if (state().recordings.appointment_id) load(state().recordings.appointment_id);
}

void RecordingsModule::load(std::int64_t appointment_id) {
    RecordingsState& r = state().recordings;
    if (r.appointment_id != appointment_id) {  // another visit: its own list and player; the upload line stays
        RecordingsState fresh;
        fresh.upload_status = std::move(r.upload_status);
        fresh.upload_error = r.upload_error;
        r = std::move(fresh);
    }
    r.appointment_id = appointment_id;
    if (!appointment_id || !state().user) return;
    r.loading = true;
    const int generation = ++generation_;
    client().call(
        msg::ListRecordings{appointment_id},
        [this, generation](msg::RecordingList& list) {
            if (generation != generation_) return;  // the person opened another visit meanwhile
            RecordingsState& r = state().recordings;
            r.loading = false;
            r.error.clear();
            r.items = std::move(list.recordings);
        },
        [this, generation](const core::Error& e) {
            if (generation != generation_) return true;
            state().recordings.loading = false;
            state().recordings.error = e.message;  // shown in the section
            return true;
        });
    load_call_log(appointment_id, generation);
}

// Who was in the visit's call and for how long. A visit nobody joined has an empty log: no section.
void RecordingsModule::load_call_log(std::int64_t appointment_id, int generation) {
    client().call(
        msg::ReadCallLog{{appointment_id}},
        [this, generation](msg::CallLogInfo& log) {
            if (generation != generation_) return;
            RecordingsState& r = state().recordings;
            r.call_log = std::move(log.participants);
            r.call_status = r.call_log.empty() ? std::nullopt : std::optional<core::CallStatus>(log.status);
        },
        // Its failure is the list's too, which says so in the section.
        [](const core::Error&) { return true; });
}

void RecordingsModule::access(std::int64_t recording_id, bool download) {
    RecordingsState& r = state().recordings;
    const msg::ListedRecording* item = nullptr;
    for (const msg::ListedRecording& i : r.items)
        if (i.id == recording_id) item = &i;
    if (!item || r.busy) return;
    const std::string name = file_name(*item);
    r.busy = true;
    if (!download) {
        r.playing = recording_id;
        r.player_status = "Loading the recording…";
        r.player_url.clear();
        r.player_bytes.clear();
    }
    const auto action = download ? core::RecordingAccessAction::download : core::RecordingAccessAction::play;
    client().call(
        msg::OpenRecording{recording_id, action},
        [this, recording_id, download, name](msg::RecordingLinkInfo& link) { opened(recording_id, download, name, link); },
        [this, recording_id, download](const core::Error& e) {
            RecordingsState& r = state().recordings;
            r.busy = false;
            if (download || r.playing != recording_id) return false;  // a toast
            r.player_status = e.message;
            return true;
        });
}

void RecordingsModule::opened(std::int64_t recording_id, bool download, const std::string& name, const msg::RecordingLinkInfo& link) {
    RecordingsState& r = state().recordings;
    if (!client().is_local()) {  // the server streams it (Range requests, logged on first use)
        r.busy = false;
        reload_at_ms_ = {now_ms_ + 1500, now_ms_ + 5000};
        if (download) {
            if (ctx_.env.download_url) ctx_.env.download_url(link.url, name);
            return;
        }
        if (r.playing != recording_id) return;
        r.player_url = link.url;
        r.player_mime = link.recording.mime_type;
        r.player_status.clear();
        ++r.player_source;
        return;
    }
    fetch(recording_id, link.token, {}, [this, recording_id, download, name](std::string bytes, std::string mime) {
        RecordingsState& r = state().recordings;
        r.busy = false;
        reload();
        if (download) {
            if (ctx_.env.download) ctx_.env.download(name, mime.substr(0, mime.find(';')), bytes);
            return;
        }
        if (r.playing != recording_id) return;
        r.player_bytes = std::move(bytes);
        r.player_mime = std::move(mime);
        r.player_status.clear();
        ++r.player_source;
    });
}

void RecordingsModule::fetch(std::int64_t recording_id, std::string token, std::string bytes,
                             std::function<void(std::string, std::string)> done) {
    const std::int64_t offset = std::int64_t(bytes.size());
    client().call(
        msg::ReadRecording{recording_id, token, offset},
        [this, recording_id, token, bytes = std::move(bytes), done = std::move(done)](msg::RecordingBytes& piece) mutable {
            auto decoded = core::base64_decode(piece.data);
            if (!decoded) {
                state().recordings.busy = false;
                state().recordings.player_status = "The recording arrived damaged. Try again.";
                return;
            }
            bytes += *decoded;
            if (piece.done || decoded->empty()) return done(std::move(bytes), piece.mime_type);
            fetch(recording_id, token, std::move(bytes), std::move(done));
        },
        [this](const core::Error& e) {
            state().recordings.busy = false;
            state().recordings.player_status = e.message;
            return true;
        });
}

}  // namespace app
