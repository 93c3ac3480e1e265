#include "app/recordings_controller.h"

#include "core/crypto/base64.h"
#include "platform/frame.h"

namespace app {

using core::protocol::json;
using core::protocol::RequestType;
using core::protocol::Response;

namespace {

core::Instant instant_of(const json& j, const char* field) {
    return core::parse_iso8601(j.value(field, "")).value_or(core::Instant{});
}

RecordingItem item_from(const json& j) {
    RecordingItem r;
    r.id = j.value("id", std::int64_t{0});
    r.appointment_id = j.value("appointment_id", std::int64_t{0});
    r.started_at = instant_of(j, "started_at");
    r.duration_ms = j.value("duration_ms", std::int64_t{0});
    r.bytes = j.value("bytes", std::int64_t{0});
    r.status = j.value("status", "");
    r.mime_type = j.value("mime_type", "video/webm");
    r.started_by_name = j.value("started_by_name", "");
    for (const json& a : j.value("accesses", json::array()))
        r.accesses.push_back({a.value("display_name", ""), a.value("action", ""), instant_of(a, "at")});
    return r;
}

CallLogPerson person_from(const json& j) {
    CallLogPerson p{j.value("display_name", ""), j.value("role", ""), j.value("total_seconds", std::int64_t{0}), {}};
    for (const json& i : j.value("intervals", json::array())) {
        CallLogPerson::Stretch s{instant_of(i, "joined_at"), std::nullopt};
        if (i.contains("left_at") && i["left_at"].is_string()) s.left = instant_of(i, "left_at");
        p.stretches.push_back(s);
    }
    return p;
}

}  // namespace

RecordingsController::RecordingsController(AppState& state, Client& client, Download download, DownloadUrl download_url)
    : state_(state), client_(client), download_(std::move(download)), download_url_(std::move(download_url)) {}

bool RecordingsController::apply(const Action& action) {
    RecordingsState& r = state_.recordings;
    if (auto* play = std::get_if<PlayRecording>(&action)) access(play->recording_id, false);
    else if (auto* dl = std::get_if<DownloadRecording>(&action)) access(dl->recording_id, true);
    else if (std::holds_alternative<ClosePlayer>(action)) {
        r.playing = 0;
        r.player_url.clear();
        r.player_bytes.clear();
        r.player_status.clear();
    } else return false;
    return true;
}

bool RecordingsController::on_event(const core::protocol::Event& event) {
    if (event.name != core::protocol::events::kRecordingUpdated) return false;
    if (event.data.value("appointment_id", std::int64_t{0}) == state_.recordings.appointment_id) state_.recordings.stale = true;
    return true;
}

void RecordingsController::tick(double now_ms) {
    now_ms_ = now_ms;
    const std::int64_t open = state_.clinic.detail ? state_.clinic.detail->id : 0;
    if (open != state_.recordings.appointment_id || state_.recordings.stale) {
        state_.recordings.stale = false;
        load(open);
    }
    if (!reload_at_ms_.empty() && now_ms >= reload_at_ms_.front()) {
        reload_at_ms_.erase(reload_at_ms_.begin());
        reload();
    }
    if (!reload_at_ms_.empty()) platform::request_frame_in(reload_at_ms_.front() - now_ms);
}

void RecordingsController::reload() {
    if (state_.recordings.appointment_id) load(state_.recordings.appointment_id);
}

void RecordingsController::load(std::int64_t appointment_id) {
    RecordingsState& r = state_.recordings;
    if (r.appointment_id != appointment_id) {  // another visit: its own list and player; the upload line stays
        RecordingsState fresh;
        fresh.upload_status = std::move(r.upload_status);
        fresh.upload_error = r.upload_error;
        r = std::move(fresh);
    }
    r.appointment_id = appointment_id;
    if (!appointment_id || !state_.user) return;
    r.loading = true;
    const int generation = ++generation_;
    client_.call(RequestType::recordings_list, {{"appointment_id", appointment_id}}, [this, generation](const Response& res) {
        if (generation != generation_) return;  // the person opened another visit meanwhile
        RecordingsState& r = state_.recordings;
        r.loading = false;
        if (!res.ok) return void(r.error = res.error.message);
        r.error.clear();
        r.items.clear();
        for (const json& j : res.data.value("recordings", json::array())) r.items.push_back(item_from(j));
    });
    load_call_log(appointment_id, generation);
}

// Who was in the visit's call and for how long. A visit nobody joined has an empty log: no section.
void RecordingsController::load_call_log(std::int64_t appointment_id, int generation) {
    client_.call(RequestType::call_log, {{"appointment_id", appointment_id}}, [this, generation](const Response& res) {
        if (generation != generation_ || !res.ok) return;
        RecordingsState& r = state_.recordings;
        r.call_log.clear();
        for (const json& j : res.data.value("participants", json::array())) r.call_log.push_back(person_from(j));
        r.call_status = r.call_log.empty() ? "" : res.data.value("status", "");
    });
}

std::string RecordingsController::file_name(const RecordingItem& r) {
    return "visit-" + std::to_string(r.appointment_id) + "-recording-" + std::to_string(r.id) + ".webm";
}

void RecordingsController::access(std::int64_t recording_id, bool download) {
    RecordingsState& r = state_.recordings;
    const RecordingItem* item = nullptr;
    for (const RecordingItem& i : r.items)
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
    client_.call(RequestType::recording_access, {{"recording_id", recording_id}, {"action", download ? "download" : "play"}},
                 [this, recording_id, download, name](const Response& res) {
                     RecordingsState& r = state_.recordings;
                     if (!res.ok) {
                         r.busy = false;
                         if (!download && r.playing == recording_id) r.player_status = res.error.message;
                         else state_.notices.push_back({Notice::Kind::error, res.error.message});
                         return;
                     }
                     const std::string url = res.data.value("url", "");
                     const std::string token = res.data.value("token", "");
                     if (!client_.is_local()) {  // the server streams it (Range requests, logged on first use)
                         r.busy = false;
                         reload_at_ms_ = {now_ms_ + 1500, now_ms_ + 5000};
                         if (download) return download_url_(url, name);
                         if (r.playing != recording_id) return;
                         r.player_url = url;
                         r.player_mime = res.data.value("recording", json::object()).value("mime_type", "video/webm");
                         r.player_status.clear();
                         ++r.player_source;
                         return;
                     }
                     fetch(recording_id, token, {}, [this, recording_id, download, name](std::string bytes, std::string mime) {
                         RecordingsState& r = state_.recordings;
                         r.busy = false;
                         reload();
                         if (download) return download_(name, mime.substr(0, mime.find(';')), bytes);
                         if (r.playing != recording_id) return;
                         r.player_bytes = std::move(bytes);
                         r.player_mime = std::move(mime);
                         r.player_status.clear();
                         ++r.player_source;
                     });
                 });
}

void RecordingsController::fetch(std::int64_t recording_id, std::string token, std::string bytes,
                                 std::function<void(std::string, std::string)> done) {
    const std::int64_t offset = std::int64_t(bytes.size());
    client_.call(RequestType::recording_data, {{"recording_id", recording_id}, {"token", token}, {"offset", offset}},
                 [this, recording_id, token, bytes = std::move(bytes), done = std::move(done)](const Response& res) mutable {
                     if (!res.ok) {
                         state_.recordings.busy = false;
                         state_.recordings.player_status = res.error.message;
                         return;
                     }
                     auto piece = core::base64_decode(res.data.value("data", ""));
                     if (!piece) return;
                     bytes += *piece;
                     if (res.data.value("done", true) || piece->empty())
                         return done(std::move(bytes), res.data.value("mime_type", "video/webm"));
                     fetch(recording_id, token, std::move(bytes), std::move(done));
                 });
}

}  // namespace app
