// Native stand-in for platform::rtc, driven by unit tests through rtc.h [fake]: every request and call
// is recorded, nothing completes until the test says so, and then callbacks run as on the web (one
// requested frame each, nothing for destroyed or closed objects).
#include <deque>
#include <map>
#include <memory>
#include <optional>

#include "platform/frame.h"
#include "platform/rtc.h"

namespace platform::rtc {

// A pending async operation: its record (name, arg) and the typed completion.
struct PendingOp {
    fake::Op op;
    std::function<void(Result<std::string>)> text;
    std::function<void(Result<Done>)> done;
    std::function<void(Result<Stats>)> stats;
};

struct PeerConnection::Impl {
    fake::PeerRecord* record = nullptr;
    std::deque<PendingOp> pending;

    static void start(PeerConnection& pc, PendingOp op) {
        pc.impl_->record->calls.push_back(op.op.name + (op.op.arg.empty() ? "" : " " + op.op.arg));
        if (pc.handle_ == 0) return;  // closed: done never runs, as on the web
        pc.impl_->record->pending.push_back(op.op);
        pc.impl_->pending.push_back(std::move(op));
    }
    static std::deque<PendingOp>* ops(fake::PeerRecord& peer);
    static MediaStream& adopt_remote(PeerConnection& pc, int handle);
};

namespace {

struct Request {
    std::string what;  // "user", "display", "devices"
    MediaRequest media;
    StreamDone stream_done;
    std::function<void(Result<std::vector<Device>>)> devices_done;
};

struct Registry {
    std::deque<Request> requests;
    std::map<int, std::unique_ptr<fake::StreamRecord>> streams;
    std::vector<std::unique_ptr<fake::PeerRecord>> peers;
    std::vector<std::unique_ptr<fake::PeerRecord>> retired;  // records of connections alive at a reset()
    std::vector<std::unique_ptr<fake::RecorderRecord>> recorders;
    std::map<fake::PeerRecord*, int> remote_of;  // a peer's remote stream handle
    std::unique_ptr<Error> fail_next_create;
    int next_handle = 1;
    int tones = 0;
    std::vector<std::vector<int>> compositions;
    std::vector<std::string> synthetic;
};
Registry& reg() {
    static Registry r;
    return r;
}

fake::StreamRecord* new_stream(bool local, bool audio, bool video) {
    auto rec = std::make_unique<fake::StreamRecord>();
    rec->handle = reg().next_handle++;
    rec->local = local;
    rec->audio = audio;
    rec->video = video;
    auto* raw = rec.get();
    reg().streams[raw->handle] = std::move(rec);
    return raw;
}

}  // namespace

// [capture] ---------------------------------------------------------------------------------------
void request_user_media(const MediaRequest& r, StreamDone done) {
    reg().requests.push_back({"user", r, std::move(done), {}});
}
void request_display_media(StreamDone done) { reg().requests.push_back({"display", {}, std::move(done), {}}); }
void enumerate_devices(std::function<void(Result<std::vector<Device>>)> done) {
    reg().requests.push_back({"devices", {}, {}, std::move(done)});
}
bool play_test_tone() {
    ++reg().tones;
    return true;
}

Result<std::unique_ptr<MediaStream>> synthetic_stream(const std::string& name) {
    reg().synthetic.push_back(name);
    return std::make_unique<MediaStream>(new_stream(true, true, true)->handle);
}

// [MediaStream] -----------------------------------------------------------------------------------
MediaStream::MediaStream(int handle) : handle_(handle) {
    if (auto* r = fake::stream(handle)) r->stream = this;
}
MediaStream::~MediaStream() {
    auto* r = fake::stream(handle_);
    if (!r) return;
    r->stream = nullptr;
    r->released = true;
    if (r->local) r->stopped = true;
}
bool MediaStream::is_local() const {
    auto* r = fake::stream(handle_);
    return r && r->local;
}
void MediaStream::set_enabled(TrackKind kind, bool on) {
    if (auto* r = fake::stream(handle_)) (kind == TrackKind::audio ? r->audio_enabled : r->video_enabled) = on;
}
bool MediaStream::enabled(TrackKind kind) const {
    auto* r = fake::stream(handle_);
    if (!r || !has_track(kind)) return false;
    return kind == TrackKind::audio ? r->audio_enabled : r->video_enabled;
}
bool MediaStream::has_track(TrackKind kind) const {
    auto* r = fake::stream(handle_);
    return r && !r->stopped && (kind == TrackKind::audio ? r->audio : r->video);
}
void MediaStream::stop() {
    if (auto* r = fake::stream(handle_)) r->stopped = true;
}
bool MediaStream::take_track(TrackKind kind, MediaStream& from) {
    auto* to = fake::stream(handle_);
    auto* src = fake::stream(from.handle_);
    if (!to || !src || !from.has_track(kind)) return false;
    const bool audio = kind == TrackKind::audio;
    (audio ? src->audio : src->video) = false;
    (audio ? to->audio : to->video) = true;
    to->stopped = false;
    return true;
}
float MediaStream::audio_level() const {
    auto* r = fake::stream(handle_);
    return r && has_track(TrackKind::audio) ? r->audio_level : 0.f;
}

// [PeerConnection] --------------------------------------------------------------------------------
Result<std::unique_ptr<PeerConnection>> PeerConnection::create(const std::string& config_json) {
    if (auto err = std::move(reg().fail_next_create)) return *err;
    auto rec = std::make_unique<fake::PeerRecord>();
    rec->config_json = config_json;
    std::unique_ptr<PeerConnection> pc(new PeerConnection(reg().next_handle++));
    pc->impl_->record = rec.get();
    rec->pc = pc.get();
    reg().peers.push_back(std::move(rec));
    return pc;
}

PeerConnection::PeerConnection(int handle) : handle_(handle), impl_(std::make_unique<Impl>()) {}

PeerConnection::~PeerConnection() {
    close();
    impl_->record->pc = nullptr;
}

void PeerConnection::close() {
    if (handle_ == 0) return;
    impl_->record->calls.push_back("close");
    impl_->record->closed = true;
    impl_->record->pending.clear();
    impl_->pending.clear();
    handle_ = 0;
}

bool PeerConnection::add_stream(const MediaStream& stream) {
    impl_->record->calls.push_back("add_stream " + std::to_string(stream.handle()));
    return handle_ != 0;
}

void PeerConnection::replace_track(TrackKind kind, const MediaStream* from, std::function<void(Result<Done>)> done) {
    const std::string arg = std::string(kind == TrackKind::audio ? "audio:" : "video:") +
                            std::to_string(from ? from->handle() : 0);
    Impl::start(*this, {{"replace_track", arg}, {}, std::move(done), {}});
}
void PeerConnection::create_offer(bool ice_restart, std::function<void(Result<std::string>)> done) {
    Impl::start(*this, {{"create_offer", ice_restart ? "ice_restart" : ""}, std::move(done), {}, {}});
}
void PeerConnection::create_answer(std::function<void(Result<std::string>)> done) {
    Impl::start(*this, {{"create_answer", ""}, std::move(done), {}, {}});
}
void PeerConnection::set_local_description(const std::string& json, std::function<void(Result<std::string>)> done) {
    Impl::start(*this, {{"set_local_description", json}, std::move(done), {}, {}});
}
void PeerConnection::set_remote_description(const std::string& json, std::function<void(Result<Done>)> done) {
    Impl::start(*this, {{"set_remote_description", json}, {}, std::move(done), {}});
}
void PeerConnection::add_ice_candidate(const std::string& json, std::function<void(Result<Done>)> done) {
    Impl::start(*this, {{"add_ice_candidate", json}, {}, std::move(done), {}});
}
void PeerConnection::get_stats(std::function<void(Result<Stats>)> done) {
    Impl::start(*this, {{"get_stats", ""}, {}, {}, std::move(done)});
}
void PeerConnection::restart_ice() {
    impl_->record->calls.push_back("restart_ice");
}

std::deque<PendingOp>* PeerConnection::Impl::ops(fake::PeerRecord& peer) {
    if (!peer.pc || peer.pc->handle_ == 0 || peer.pc->impl_->pending.empty()) return nullptr;
    return &peer.pc->impl_->pending;
}

MediaStream& PeerConnection::Impl::adopt_remote(PeerConnection& pc, int handle) {
    for (auto& s : pc.remote_) {
        if (s->handle() == handle) return *s;
    }
    return *pc.remote_.emplace_back(std::make_unique<MediaStream>(handle));
}

// [Recorder] --------------------------------------------------------------------------------------
Result<std::unique_ptr<Recorder>> Recorder::start(const MediaStream& stream, int timeslice_ms, const std::string& mime) {
    if (!fake::stream(stream.handle())) return Error{ErrorCode::closed, "stream released"};
    auto rec = std::make_unique<fake::RecorderRecord>();
    rec->stream = stream.handle();
    rec->timeslice_ms = timeslice_ms;
    std::unique_ptr<Recorder> r(new Recorder(reg().next_handle++, mime.empty() ? "video/webm" : mime));
    rec->handle = r->handle_;
    rec->recorder = r.get();
    reg().recorders.push_back(std::move(rec));
    return r;
}
Recorder::Recorder(int handle, std::string mime_type) : handle_(handle), mime_type_(std::move(mime_type)) {}

Result<std::unique_ptr<MediaStream>> compose(const std::vector<CompositeSource>& sources, int, int, int) {
    std::vector<int> handles;
    for (const CompositeSource& s : sources)
        if (s.stream && fake::stream(s.stream->handle())) handles.push_back(s.stream->handle());
    if (handles.empty()) return Error{ErrorCode::closed, "no stream to record"};
    reg().compositions.push_back(handles);
    return std::make_unique<MediaStream>(new_stream(false, true, true)->handle);
}
namespace {
fake::RecorderRecord* recorder_record(int handle) {
    for (auto& r : reg().recorders) {
        if (r->handle == handle) return r.get();
    }
    return nullptr;  // forgotten by fake::reset()
}
}  // namespace

Recorder::~Recorder() {
    if (auto* r = recorder_record(handle_)) r->recorder = nullptr;
}
void Recorder::stop() {
    if (auto* r = recorder_record(handle_)) r->stopped = true;
}

// [fake] ------------------------------------------------------------------------------------------
namespace fake {

void reset() {
    // A connection still alive keeps writing to its record: it moves out of the list, not away.
    auto retired = std::move(reg().retired);
    for (auto& p : reg().peers) {
        if (p->pc) retired.push_back(std::move(p));
    }
    const int next_handle = reg().next_handle;  // handles stay unique across tests
    reg() = Registry{};
    reg().retired = std::move(retired);
    reg().next_handle = next_handle;
}

std::vector<std::string> pending_requests() {
    std::vector<std::string> v;
    for (auto& r : reg().requests) v.push_back(r.what);
    return v;
}

std::vector<MediaRequest> pending_user_media() {
    std::vector<MediaRequest> v;
    for (auto& r : reg().requests)
        if (r.what == "user") v.push_back(r.media);
    return v;
}

namespace {
// The oldest capture request of the given kinds, taken off the queue.
std::optional<Request> take_request(bool devices) {
    auto& q = reg().requests;
    for (auto it = q.begin(); it != q.end(); ++it) {
        if ((it->what == "devices") == devices) {
            Request r = std::move(*it);
            q.erase(it);
            return r;
        }
    }
    return std::nullopt;
}
}  // namespace

StreamRecord* grant(bool audio, bool video) {
    auto r = take_request(false);
    if (!r) return nullptr;
    request_frame();
    // A user-media stream has only the tracks asked for; a display stream is video.
    const bool user = r->what == "user";
    auto* rec = new_stream(true, audio && (user ? r->media.audio : false), video && (user ? r->media.video : true));
    const int handle = rec->handle;
    auto s = std::make_unique<MediaStream>(handle);  // released at once if nobody keeps it
    if (r->stream_done) r->stream_done(std::move(s));
    return stream(handle);
}

void deny(ErrorCode code, const std::string& message) {
    auto r = take_request(false);
    if (!r) return;
    request_frame();
    if (r->stream_done) r->stream_done(Error{code, message});
}

void devices(std::vector<Device> list) {
    auto r = take_request(true);
    if (!r) return;
    request_frame();
    if (r->devices_done) r->devices_done(std::move(list));
}

StreamRecord* stream(int handle) {
    auto it = reg().streams.find(handle);
    return it == reg().streams.end() ? nullptr : it->second.get();
}

void end_track(int handle, TrackKind kind) {
    auto* r = stream(handle);
    if (!r) return;
    (kind == TrackKind::audio ? r->audio : r->video) = false;
    request_frame();
    if (r->stream && r->stream->on_track_ended) {
        auto cb = r->stream->on_track_ended;  // the callback may destroy the stream
        cb(kind);
    }
}

std::vector<PeerRecord*> peers() {
    std::vector<PeerRecord*> v;
    for (auto& p : reg().peers) v.push_back(p.get());
    return v;
}
PeerRecord* last_peer() { return reg().peers.empty() ? nullptr : reg().peers.back().get(); }

void fail_next_create(ErrorCode code, const std::string& message) {
    reg().fail_next_create = std::make_unique<Error>(Error{code, message});
}

namespace {
// Takes the oldest pending op of a live connection (nullopt: none, or the connection is gone).
std::optional<PendingOp> take_op(PeerRecord& peer) {
    auto* q = PeerConnection::Impl::ops(peer);
    if (!q) return std::nullopt;
    PendingOp op = std::move(q->front());
    q->pop_front();
    peer.pending.erase(peer.pending.begin());
    request_frame();
    return op;
}
}  // namespace

bool complete(PeerRecord& peer, const std::string& value) {
    auto op = take_op(peer);
    if (!op) return false;
    if (op->text) op->text(value);
    if (op->done) op->done(Done{});
    if (op->stats) op->stats(Stats{});
    return true;
}

bool complete_stats(PeerRecord& peer, const Stats& stats) {
    auto op = take_op(peer);
    if (!op) return false;
    if (op->stats) op->stats(stats);
    else if (op->text) op->text(std::string());
    else if (op->done) op->done(Done{});
    return true;
}

bool fail(PeerRecord& peer, ErrorCode code, const std::string& message) {
    auto op = take_op(peer);
    if (!op) return false;
    const Error e{code, message};
    if (op->text) op->text(e);
    if (op->done) op->done(e);
    if (op->stats) op->stats(e);
    return true;
}

namespace {
// The connection behind a record, if it can still receive events.
PeerConnection* live(PeerRecord& peer) {
    request_frame();
    return peer.pc && !peer.closed ? peer.pc : nullptr;
}
}  // namespace

void ice_candidate(PeerRecord& peer, const std::string& json) {
    if (auto* pc = live(peer); pc && pc->on_ice_candidate) {
        auto cb = pc->on_ice_candidate;
        cb(json);
    }
}
void negotiation_needed(PeerRecord& peer) {
    if (auto* pc = live(peer); pc && pc->on_negotiation_needed) {
        auto cb = pc->on_negotiation_needed;
        cb();
    }
}
void connection_state(PeerRecord& peer, const std::string& state) {
    if (auto* pc = live(peer); pc && pc->on_connection_state) {
        auto cb = pc->on_connection_state;
        cb(state);
    }
}
void ice_connection_state(PeerRecord& peer, const std::string& state) {
    if (auto* pc = live(peer); pc && pc->on_ice_connection_state) {
        auto cb = pc->on_ice_connection_state;
        cb(state);
    }
}

StreamRecord* remote_track(PeerRecord& peer, TrackKind kind) {
    auto* pc = live(peer);
    if (!pc) return nullptr;
    int& handle = reg().remote_of[&peer];
    if (handle == 0) handle = new_stream(false, false, false)->handle;
    auto* rec = stream(handle);
    (kind == TrackKind::audio ? rec->audio : rec->video) = true;
    MediaStream& s = PeerConnection::Impl::adopt_remote(*pc, handle);
    if (pc->on_track) {
        auto cb = pc->on_track;
        cb(kind, s);
    }
    return stream(handle);
}

std::vector<RecorderRecord*> recorders() {
    std::vector<RecorderRecord*> v;
    for (auto& r : reg().recorders) v.push_back(r.get());
    return v;
}

void chunk(RecorderRecord& rec, const std::string& bytes) {
    request_frame();
    if (rec.recorder && rec.recorder->on_chunk) {
        auto cb = rec.recorder->on_chunk;
        cb(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
    }
}

void recorder_stopped(RecorderRecord& rec) {
    request_frame();
    if (rec.recorder && rec.recorder->on_stop) {
        auto cb = rec.recorder->on_stop;
        cb(Done{});
    }
}

int tones_played() { return reg().tones; }
std::vector<std::vector<int>> compositions() { return reg().compositions; }
std::vector<std::string> synthetic_names() { return reg().synthetic; }

}  // namespace fake
}  // namespace platform::rtc
