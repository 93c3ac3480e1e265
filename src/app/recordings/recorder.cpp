#include "app/recordings/recorder.h"

#include <cstdio>

#include "core/crypto/base64.h"
#include "platform/frame.h"

namespace app {

namespace msg = core::msg;
namespace rtc = platform::rtc;

namespace {

std::string megabytes(std::int64_t bytes) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f MB", double(bytes) / (1024.0 * 1024.0));
    return text;
}

}  // namespace

struct CallRecorder::Upload : std::enable_shared_from_this<Upload> {
    struct Piece {
        std::int64_t seq = 0;
        std::string base64;
        size_t bytes = 0;
    };

    CallRecorder& owner;
    std::int64_t appointment = 0;
    std::int64_t id = 0;  // the server's recording id, once recording_start answered
    std::unique_ptr<rtc::MediaStream> composite;
    std::unique_ptr<rtc::Recorder> recorder;
    std::deque<Piece> queue;  // not acknowledged yet, oldest first; the first in_flight are sent
    int in_flight = 0;
    size_t queued_bytes = 0;
    std::int64_t next_seq = 0;
    std::int64_t sent_bytes = 0;
    double started_ms = 0;
    double stopped_ms = 0;       // when recording stopped: the end of what was recorded
    bool stopping = false;       // stop() asked; the recorder's last slice is on its way
    bool recorder_done = false;  // on_stop ran: no more chunks
    bool finish_sent = false;
    bool done = false;           // finished (or given up): the owner forgets it
    std::string error;

    Upload(CallRecorder& o, std::int64_t appointment_id) : owner(o), appointment(appointment_id) {}

    void on_chunk(const uint8_t* data, size_t size) {
        if (done) return;
        for (size_t at = 0; at < size; at += kPieceBytes) {
            const size_t n = std::min(kPieceBytes, size - at);
            queue.push_back({next_seq++, core::base64_encode({reinterpret_cast<const char*>(data + at), n}), n});
            queued_bytes += n;
        }
        if (queued_bytes > kMaxQueuedBytes)
            return give_up("The connection is too slow to save the recording, so recording stopped. What was sent is kept.");
        pump();
    }

    void stop() {
        if (stopping) return;
        stopping = true;
        stopped_ms = platform::now_ms();
        if (recorder) recorder->stop();  // the last slice, then on_stop
        else recorder_done = true;
    }

    void give_up(std::string why) {
        error = why;
        queue.clear();
        queued_bytes = 0;
        in_flight = 0;
        const bool was_recording = !stopping;
        stop();
        if (was_recording && owner.on_failed_) owner.on_failed_(why);
        maybe_finish();
        owner.status();
    }

    void pump() {
        if (!id || done) return;
        while (in_flight < kMaxInFlight && in_flight < int(queue.size())) {
            const Piece& p = queue[size_t(in_flight++)];
            std::weak_ptr<Upload> weak = shared_from_this();
            owner.client_.call(
                msg::UploadChunk{id, p.seq, p.base64},
                [weak, seq = p.seq](msg::ChunkStored&) {
                    if (auto self = weak.lock()) self->on_ack(seq);
                },
                [weak, seq = p.seq](const core::Error& e) {
                    if (auto self = weak.lock()) self->on_refused(seq, e);
                    return true;  // the upload line says what happened
                });
        }
        maybe_finish();
        owner.status();
    }

    bool acknowledges_front(std::int64_t seq) const {
        return !done && !queue.empty() && queue.front().seq == seq;  // else given up meanwhile, or a resend's twin
    }

    void on_ack(std::int64_t seq) {
        if (!acknowledges_front(seq)) return;
        sent_bytes += std::int64_t(queue.front().bytes);
        queued_bytes -= queue.front().bytes;
        queue.pop_front();
        --in_flight;
        pump();
    }

    void on_refused(std::int64_t seq, const core::Error& e) {
        if (!acknowledges_front(seq)) return;
        if (e.code == core::ErrorCode::offline) {
            in_flight = 0;  // everything unacknowledged goes again after the reconnect
            return;
        }
        give_up("The recording could not be saved: " + e.message);
    }

    void maybe_finish() {
        if (!recorder_done || !queue.empty() || finish_sent || done) return;
        if (!id) {  // recording_start never answered: nothing to close
            done = true;
            return;
        }
        finish_sent = true;
        std::weak_ptr<Upload> weak = shared_from_this();
        // What was recorded, not how long the upload took after it.
        const auto duration = std::int64_t((stopped_ms > 0 ? stopped_ms : platform::now_ms()) - started_ms);
        owner.client_.call(
            msg::FinishRecording{id, duration}, [weak](msg::RecordingReply&) {
                if (auto self = weak.lock()) self->finished();
            },
            [weak](const core::Error& e) {
                auto self = weak.lock();
                if (!self) return true;
                if (e.code == core::ErrorCode::offline) {
                    self->finish_sent = false;  // again after the reconnect (the sweep closes it otherwise)
                    return true;
                }
                if (self->error.empty()) self->error = "The recording could not be closed: " + e.message;
                self->finished();
                return true;
            });
    }

    void finished() {
        done = true;
        owner.status();
        if (owner.on_saved_) owner.on_saved_(appointment);
    }
};

CallRecorder::CallRecorder(Client& client, RecordingsState& state, std::function<void(std::string)> on_failed,
                           std::function<void(std::int64_t)> on_saved)
    : client_(client), state_(state), on_failed_(std::move(on_failed)), on_saved_(std::move(on_saved)) {}

CallRecorder::~CallRecorder() = default;

bool CallRecorder::recording() const { return !uploads_.empty() && !uploads_.back()->stopping; }

void CallRecorder::start(std::int64_t appointment_id, const std::vector<rtc::CompositeSource>& sources) {
    if (recording()) return;
    auto up = std::make_shared<Upload>(*this, appointment_id);
    auto composite = rtc::compose(sources, 1280, 360, 15);
    if (!composite) return on_failed_("Recording could not start: " + composite.error().message);
    up->composite = std::move(composite.value());
    auto recorder = rtc::Recorder::start(*up->composite, kTimesliceMs);
    if (!recorder) return on_failed_("Recording could not start: " + recorder.error().message);
    up->recorder = std::move(recorder.value());
    up->started_ms = platform::now_ms();
    std::weak_ptr<Upload> weak = up;
    up->recorder->on_chunk = [weak](const uint8_t* data, size_t size) {
        if (auto self = weak.lock()) self->on_chunk(data, size);
    };
    up->recorder->on_stop = [weak](rtc::Result<rtc::Done>) {
        auto self = weak.lock();
        if (!self) return;
        self->recorder_done = true;
        if (!self->stopping) self->stopped_ms = platform::now_ms();  // the browser ended it (tracks gone)
        self->stopping = true;
        self->composite.reset();  // the canvas and the audio mix stop
        self->maybe_finish();
        self->owner.status();
    };
    client_.call(
        msg::StartRecording{appointment_id, up->recorder->mime_type()},
        [weak](msg::RecordingReply& r) {
            if (auto self = weak.lock()) {
                self->id = r.recording.id;
                self->pump();
            }
        },
        [weak](const core::Error& e) {
            if (auto self = weak.lock()) self->give_up("Recording could not start: " + e.message);
            return true;
        });
    uploads_.push_back(std::move(up));
    status();
}

void CallRecorder::stop() {
    for (auto& u : uploads_) u->stop();
    status();
}

void CallRecorder::pump() {
    const auto uploads = uploads_;  // status() may forget finished ones meanwhile
    for (const auto& u : uploads) u->pump();
}

// One line for the person: what the newest upload is doing.
void CallRecorder::status() {
    if (uploads_.empty()) return;
    const Upload& u = *uploads_.back();
    state_.upload_error = !u.error.empty();
    if (!u.error.empty()) state_.upload_status = u.error;
    else if (u.done) state_.upload_status = "Recording saved with the visit (" + megabytes(u.sent_bytes) + ").";
    else if (!u.stopping) state_.upload_status = "Recording… " + megabytes(u.sent_bytes) + " saved so far.";
    else state_.upload_status = "Saving the recording… " + megabytes(u.sent_bytes) + " sent.";
    // Finished uploads are forgotten once their line has been written.
    std::erase_if(uploads_, [&](const std::shared_ptr<Upload>& x) { return x->done && x.get() != &u; });
}

}  // namespace app
