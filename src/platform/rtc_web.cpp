// platform::rtc over web/rtc.js (telemed_rtc_* functions).
// userData: objects pass `this` (web/rtc.js drops every callback of a handle once it was closed or
// released, and the destructors close/release first, so a callback never sees a dead object); free
// functions pass a request id, looked up in a table here.
#include <nlohmann/json.hpp>

#include <cstring>
#include <unordered_map>

#include "platform/frame.h"
#include "platform/rtc.h"

extern "C" {
using MediaDoneFn = void (*)(void* ud, int handle, int code, const char* message);
using TextDoneFn = void (*)(void* ud, int code, const char* text);
using StreamEventFn = void (*)(void* ud, int kind, int event);
using PcEventFn = void (*)(void* ud, int type, int num, const char* text);
using PcOpDoneFn = void (*)(void* ud, int op, int code, const char* text);
using ChunkFn = void (*)(void* ud, const uint8_t* data, int size);

void telemed_rtc_get_user_media(int audio, int video, const char* audio_id, const char* video_id, void* ud,
                                MediaDoneFn cb);
void telemed_rtc_get_display_media(void* ud, MediaDoneFn cb);
void telemed_rtc_enumerate_devices(void* ud, TextDoneFn cb);
void telemed_rtc_stream_listen(int h, void* ud, StreamEventFn cb);
void telemed_rtc_stream_set_enabled(int h, int kind, int on);
int telemed_rtc_stream_track_state(int h, int kind);
void telemed_rtc_stream_stop(int h);
void telemed_rtc_stream_release(int h);
int telemed_rtc_stream_is_local(int h);
double telemed_rtc_audio_level(int h);
int telemed_rtc_pc_create(const char* config, void* ud, PcEventFn cb, char* err, int cap);
int telemed_rtc_pc_add_stream(int h, int stream);
void telemed_rtc_pc_restart_ice(int h);
void telemed_rtc_pc_close(int h);
void telemed_rtc_pc_op(int h, int kind, const char* arg, int num, int flag, void* ud, int op, PcOpDoneFn cb);
int telemed_rtc_compose(const int* handles, int n, const char* labels_json, int width, int height, int fps, char* err,
                        int err_cap);
int telemed_rtc_recorder_start(int stream, const char* mime, int timeslice, void* ud, ChunkFn on_chunk,
                               TextDoneFn on_stop, char* out, int cap);
void telemed_rtc_recorder_stop(int h);
void telemed_rtc_recorder_release(int h);
int telemed_rtc_play_tone();
int telemed_rtc_stream_take_track(int to, int from, int kind);
int telemed_rtc_synthetic_stream(const char* name);
}

namespace platform::rtc {


namespace {

int kind_int(TrackKind k) { return k == TrackKind::video ? 1 : 0; }

Error error_of(int code, const char* message) {
    if (code < 1 || code > static_cast<int>(ErrorCode::unknown)) code = static_cast<int>(ErrorCode::unknown);
    return Error{static_cast<ErrorCode>(code), message ? message : ""};
}

// Capture requests in flight, by id (the userData the JS side hands back).
std::unordered_map<intptr_t, StreamDone>& stream_requests() {
    static std::unordered_map<intptr_t, StreamDone> m;
    return m;
}
std::unordered_map<intptr_t, std::function<void(Result<std::vector<Device>>)>>& device_requests() {
    static std::unordered_map<intptr_t, std::function<void(Result<std::vector<Device>>)>> m;
    return m;
}
intptr_t next_request_id = 1;

template <class Map>
typename Map::mapped_type take(Map& m, void* ud) {
    auto it = m.find(reinterpret_cast<intptr_t>(ud));
    if (it == m.end()) return {};
    auto fn = std::move(it->second);
    m.erase(it);
    return fn;
}

void on_media(void* ud, int handle, int code, const char* message) {
    request_frame();
    auto done = take(stream_requests(), ud);
    if (handle <= 0) {
        if (done) done(error_of(code, message));
        return;
    }
    auto stream = std::make_unique<MediaStream>(handle);  // released (stopped) if nobody takes it
    if (done) done(std::move(stream));
}

void on_devices(void* ud, int code, const char* text) {
    request_frame();
    auto done = take(device_requests(), ud);
    if (!done) return;
    if (code != 0) return done(error_of(code, text));
    std::vector<Device> out;
    const auto list = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (!list.is_array()) return done(Error{ErrorCode::unknown, "bad device list"});
    for (const auto& d : list) {
        const std::string kind = d.value("kind", "");
        Device dev;
        if (kind == "audioinput") dev.kind = Device::Kind::audio_input;
        else if (kind == "videoinput") dev.kind = Device::Kind::video_input;
        else if (kind == "audiooutput") dev.kind = Device::Kind::audio_output;
        else continue;
        dev.device_id = d.value("deviceId", "");
        dev.label = d.value("label", "");
        out.push_back(std::move(dev));
    }
    done(std::move(out));
}

void on_stream_event(void* ud, int kind, int event) {
    request_frame();
    auto* stream = static_cast<MediaStream*>(ud);
    // Copy: the callback may destroy the stream (and with it the std::function running).
    if (event == 1 && stream->on_track_ended) {
        auto cb = stream->on_track_ended;
        cb(kind ? TrackKind::video : TrackKind::audio);
    }
}

Stats stats_of(const char* text) {
    Stats s;
    const auto j = nlohmann::json::parse(text, nullptr, false);
    if (!j.is_object()) return s;
    s.rtt_ms = j.value("rtt_ms", -1.0);
    s.packet_loss = j.value("packet_loss", 0.0);
    s.inbound_video_bitrate_kbps = j.value("inbound_video_bitrate_kbps", 0.0);
    s.outbound_video_bitrate_kbps = j.value("outbound_video_bitrate_kbps", 0.0);
    s.frames_decoded = static_cast<int64_t>(j.value("frames_decoded", 0.0));
    s.frames_per_second = j.value("frames_per_second", 0.0);
    s.audio_level = j.value("audio_level", 0.0);
    s.bandwidth_limited = j.value("bandwidth_limited", false);
    return s;
}

}  // namespace

// [capture] ---------------------------------------------------------------------------------------
void request_user_media(const MediaRequest& r, StreamDone done) {
    const intptr_t id = next_request_id++;
    stream_requests()[id] = std::move(done);
    telemed_rtc_get_user_media(r.audio, r.video, r.audio_device_id.c_str(), r.video_device_id.c_str(),
                               reinterpret_cast<void*>(id), on_media);
}

void request_display_media(StreamDone done) {
    const intptr_t id = next_request_id++;
    stream_requests()[id] = std::move(done);
    telemed_rtc_get_display_media(reinterpret_cast<void*>(id), on_media);
}

void enumerate_devices(std::function<void(Result<std::vector<Device>>)> done) {
    const intptr_t id = next_request_id++;
    device_requests()[id] = std::move(done);
    telemed_rtc_enumerate_devices(reinterpret_cast<void*>(id), on_devices);
}

bool play_test_tone() { return telemed_rtc_play_tone() != 0; }

Result<std::unique_ptr<MediaStream>> synthetic_stream(const std::string& name) {
    const int h = telemed_rtc_synthetic_stream(name.c_str());
    if (h <= 0) return Error{ErrorCode::not_supported, "This browser cannot make a synthetic video (canvas captureStream)"};
    return std::make_unique<MediaStream>(h);
}

// [MediaStream] -----------------------------------------------------------------------------------
MediaStream::MediaStream(int handle) : handle_(handle) { telemed_rtc_stream_listen(handle_, this, on_stream_event); }
MediaStream::~MediaStream() { telemed_rtc_stream_release(handle_); }
bool MediaStream::is_local() const { return telemed_rtc_stream_is_local(handle_) != 0; }
void MediaStream::set_enabled(TrackKind kind, bool on) { telemed_rtc_stream_set_enabled(handle_, kind_int(kind), on); }
bool MediaStream::enabled(TrackKind kind) const { return telemed_rtc_stream_track_state(handle_, kind_int(kind)) == 1; }
bool MediaStream::has_track(TrackKind kind) const { return telemed_rtc_stream_track_state(handle_, kind_int(kind)) != 0; }
void MediaStream::stop() { telemed_rtc_stream_stop(handle_); }
bool MediaStream::take_track(TrackKind kind, MediaStream& from) {
    return telemed_rtc_stream_take_track(handle_, from.handle_, kind_int(kind)) != 0;
}
float MediaStream::audio_level() const { return static_cast<float>(telemed_rtc_audio_level(handle_)); }

// [PeerConnection] --------------------------------------------------------------------------------
namespace {

enum PcEvent { ev_ice_candidate = 1, ev_negotiation_needed, ev_track, ev_connection_state, ev_ice_state };
enum PcOp { op_offer = 1, op_answer, op_set_local, op_set_remote, op_add_candidate, op_stats, op_replace_track };

}  // namespace

// A nested class may reach PeerConnection's private members: the JS callbacks live here.
struct PeerConnection::Impl {
    std::unordered_map<int, std::function<void(int code, const char* text)>> pending;  // by op id
    int next_op = 1;

    static void on_event(void* ud, int type, int num, const char* text) {
        request_frame();
        auto* pc = static_cast<PeerConnection*>(ud);
        const std::string s = text ? text : "";
        switch (type) {
            case ev_ice_candidate: if (auto cb = pc->on_ice_candidate) cb(s); break;
            case ev_negotiation_needed: if (auto cb = pc->on_negotiation_needed) cb(); break;
            case ev_connection_state: if (auto cb = pc->on_connection_state) cb(s); break;
            case ev_ice_state: if (auto cb = pc->on_ice_connection_state) cb(s); break;
            case ev_track: {
                // The same remote stream comes once per track: adopt its handle the first time only.
                MediaStream* stream = nullptr;
                for (auto& r : pc->remote_) if (r->handle() == num) stream = r.get();
                if (!stream) stream = pc->remote_.emplace_back(std::make_unique<MediaStream>(num)).get();
                if (auto cb = pc->on_track) cb(s == "video" ? TrackKind::video : TrackKind::audio, *stream);
                break;
            }
        }
    }

    static void on_op_done(void* ud, int op, int code, const char* text) {
        request_frame();
        auto* pc = static_cast<PeerConnection*>(ud);
        auto it = pc->impl_->pending.find(op);
        if (it == pc->impl_->pending.end()) return;
        auto fn = std::move(it->second);
        pc->impl_->pending.erase(it);
        if (fn) fn(code, text ? text : "");
    }

    static void start(PeerConnection& pc, int kind, const std::string& arg, int num, int flag,
                      std::function<void(int, const char*)> fn) {
        if (pc.handle_ == 0) return;  // closed: like every other late callback, done never runs
        const int op = pc.impl_->next_op++;
        pc.impl_->pending[op] = std::move(fn);
        telemed_rtc_pc_op(pc.handle_, kind, arg.c_str(), num, flag, &pc, op, on_op_done);
    }
};

namespace {

std::function<void(int, const char*)> text_done(std::function<void(Result<std::string>)> done) {
    return [done = std::move(done)](int code, const char* text) {
        if (!done) return;
        if (code) done(error_of(code, text));
        else done(std::string(text));
    };
}
std::function<void(int, const char*)> ok_done(std::function<void(Result<Done>)> done) {
    return [done = std::move(done)](int code, const char* text) {
        if (!done) return;
        if (code) done(error_of(code, text));
        else done(Done{});
    };
}

}  // namespace

Result<std::unique_ptr<PeerConnection>> PeerConnection::create(const std::string& config_json) {
    auto pc = std::unique_ptr<PeerConnection>(new PeerConnection(0));
    char message[512] = "";  // long browser messages are cut, which is fine for a log line
    const int h = telemed_rtc_pc_create(config_json.c_str(), pc.get(), Impl::on_event, message, sizeof message);
    if (h <= 0) return error_of(-h, message);
    pc->handle_ = h;
    return pc;
}

PeerConnection::PeerConnection(int handle) : handle_(handle), impl_(std::make_unique<Impl>()) {}
PeerConnection::~PeerConnection() { close(); }

void PeerConnection::close() {
    if (handle_ == 0) return;
    telemed_rtc_pc_close(handle_);  // releases the remote streams' handles too
    handle_ = 0;
    impl_->pending.clear();
}

bool PeerConnection::add_stream(const MediaStream& stream) {
    return handle_ != 0 && telemed_rtc_pc_add_stream(handle_, stream.handle()) == 0;
}

void PeerConnection::replace_track(TrackKind kind, const MediaStream* from, std::function<void(Result<Done>)> done) {
    Impl::start(*this, op_replace_track, kind == TrackKind::video ? "video" : "audio",
                                from ? from->handle() : 0, 0, ok_done(std::move(done)));
}
void PeerConnection::create_offer(bool ice_restart, std::function<void(Result<std::string>)> done) {
    Impl::start(*this, op_offer, "", 0, ice_restart, text_done(std::move(done)));
}
void PeerConnection::create_answer(std::function<void(Result<std::string>)> done) {
    Impl::start(*this, op_answer, "", 0, 0, text_done(std::move(done)));
}
void PeerConnection::set_local_description(const std::string& json, std::function<void(Result<std::string>)> done) {
    Impl::start(*this, op_set_local, json, 0, 0, text_done(std::move(done)));
}
void PeerConnection::set_remote_description(const std::string& json, std::function<void(Result<Done>)> done) {
    Impl::start(*this, op_set_remote, json, 0, 0, ok_done(std::move(done)));
}
void PeerConnection::add_ice_candidate(const std::string& json, std::function<void(Result<Done>)> done) {
    Impl::start(*this, op_add_candidate, json, 0, 0, ok_done(std::move(done)));
}
void PeerConnection::get_stats(std::function<void(Result<Stats>)> done) {
    Impl::start(*this, op_stats, "", 0, 0, [done = std::move(done)](int code, const char* text) {
        if (!done) return;
        if (code) done(error_of(code, text));
        else done(stats_of(text));
    });
}
void PeerConnection::restart_ice() {
    if (handle_) telemed_rtc_pc_restart_ice(handle_);
}

// [Recorder] --------------------------------------------------------------------------------------
namespace {

void recorder_chunk(void* ud, const uint8_t* data, int size) {
    request_frame();
    auto* rec = static_cast<Recorder*>(ud);
    if (auto cb = rec->on_chunk) cb(data, static_cast<size_t>(size));
}

void recorder_stopped(void* ud, int code, const char* message) {
    request_frame();
    auto* rec = static_cast<Recorder*>(ud);
    if (auto cb = rec->on_stop) code ? cb(error_of(code, message)) : cb(Done{});
}

}  // namespace

Result<std::unique_ptr<Recorder>> Recorder::start(const MediaStream& stream, int timeslice_ms, const std::string& mime) {
    auto rec = std::unique_ptr<Recorder>(new Recorder(0, ""));
    char text[512] = "";  // the chosen MIME type on success, the message on failure
    const int h = telemed_rtc_recorder_start(stream.handle(), mime.c_str(), timeslice_ms, rec.get(), recorder_chunk,
                                             recorder_stopped, text, sizeof text);
    if (h <= 0) return error_of(-h, text);
    rec->handle_ = h;
    rec->mime_type_ = text;
    return rec;
}

Recorder::Recorder(int handle, std::string mime_type) : handle_(handle), mime_type_(std::move(mime_type)) {}

// [Compositor] --------------------------------------------------------------------------------------
Result<std::unique_ptr<MediaStream>> compose(const std::vector<CompositeSource>& sources, int width, int height, int fps) {
    std::vector<int> handles;
    std::string labels = "[";
    for (const CompositeSource& s : sources) {
        if (!s.stream) continue;
        handles.push_back(s.stream->handle());
        if (labels.size() > 1) labels += ",";
        labels += nlohmann::json(s.label).dump();
    }
    labels += "]";
    char message[256] = "";
    const int h = telemed_rtc_compose(handles.data(), int(handles.size()), labels.c_str(), width, height, fps, message,
                                      sizeof message);
    if (h <= 0) return error_of(-h, message);
    return std::make_unique<MediaStream>(h);
}
Recorder::~Recorder() {
    if (handle_) telemed_rtc_recorder_release(handle_);
}
void Recorder::stop() {
    if (handle_) telemed_rtc_recorder_stop(handle_);
}

}  // namespace platform::rtc
