// Browser media and WebRTC for video calls: camera/microphone capture, device lists, screen sharing,
// peer connections with stats, recording, the speaker test tone. The browser objects live in
// web/rtc.js; each is owned by one C++ object here (RAII: destroying it stops/closes/releases it).
//
// Callbacks (the std::function members and the `done` arguments) run on the main thread between
// frames, never inside a call made from C++, and each one is followed by platform::request_frame().
// Callbacks that would arrive after their object was destroyed or closed are dropped (so are the
// `done`s of calls made on a closed connection). A `done` passed to a free function always runs
// exactly once.
//
// Natively (unit tests) this is a scriptable stand-in: see [fake] at the end.
//
// Sections: [errors] [capture] [MediaStream] [PeerConnection] [Recorder] [fake]
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace platform::rtc {

// [errors] ------------------------------------------------------------------------------------------
// Same numbers as TelemedRtc.ERR in web/rtc.js.
enum class ErrorCode {
    permission_denied = 1,  // NotAllowedError: the person (or a policy) said no
    not_found = 2,          // NotFoundError, or the chosen device is gone
    device_in_use = 3,      // NotReadableError: another app holds the camera
    overconstrained = 4,
    not_supported = 5,      // no API (old browser, insecure origin)
    invalid_state = 6,      // e.g. a description that does not fit the signalling state
    closed = 7,             // the object was closed or released
    unknown = 8,
};

struct Error {
    ErrorCode code = ErrorCode::unknown;
    std::string message;  // the browser's, e.g. "NotAllowedError: Permission denied"
};

// A value or an Error (the shape of core::Result, without the protocol's error codes).
template <typename T>
class Result {
public:
    Result(T value) : v_(std::move(value)) {}
    Result(Error error) : v_(std::move(error)) {}
    bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }
    T& value() { return std::get<0>(v_); }
    const T& value() const { return std::get<0>(v_); }
    const Error& error() const { return std::get<1>(v_); }

private:
    std::variant<T, Error> v_;
};

struct Done {};

enum class TrackKind { audio, video };

class MediaStream;

// [capture] -----------------------------------------------------------------------------------------
struct MediaRequest {
    bool audio = true;
    bool video = true;              // 1280x720 preferred
    std::string audio_device_id;    // empty: the browser's default
    std::string video_device_id;
};

using StreamDone = std::function<void(Result<std::unique_ptr<MediaStream>>)>;

// Camera and/or microphone (the browser asks the person the first time). A stream nobody keeps is
// stopped when the unique_ptr goes away, so ignoring a late result is safe.
void request_user_media(const MediaRequest& request, StreamDone done);

// A screen, window or tab chosen in the browser's picker. When the person stops sharing from the
// browser's own bar, the stream's on_track_ended(TrackKind::video) runs.
void request_display_media(StreamDone done);

struct Device {
    enum class Kind { audio_input, video_input, audio_output };
    Kind kind = Kind::audio_input;
    std::string device_id;
    std::string label;  // empty until a permission was granted once
};
void enumerate_devices(std::function<void(Result<std::vector<Device>>)> done);

// The speaker test: 440 Hz for 1 s on the default output. false: no Web Audio in this browser.
bool play_test_tone();

// A made-up camera and microphone for the offline demo's simulated doctor: an animated picture
// (avatar, `name`, a clock) and a soft speech-like tone. A local stream: released, it stops.
Result<std::unique_ptr<MediaStream>> synthetic_stream(const std::string& name);

// [MediaStream] -------------------------------------------------------------------------------------
// A local capture (camera/mic, screen) or a remote stream (owned by its PeerConnection).
class MediaStream {
public:
    // Adopts a web/rtc.js stream handle: for the platform layer only.
    explicit MediaStream(int handle);
    ~MediaStream();  // releases the handle; a local capture is stopped (camera light off)
    MediaStream(const MediaStream&) = delete;
    MediaStream& operator=(const MediaStream&) = delete;

    int handle() const { return handle_; }
    bool is_local() const;

    // Mute / camera off: the track keeps its place in the connection (silence / black frames), so no
    // renegotiation is needed to turn it back on.
    void set_enabled(TrackKind kind, bool enabled);
    bool enabled(TrackKind kind) const;    // false also when there is no live track of this kind
    bool has_track(TrackKind kind) const;  // a live (not ended) track of this kind
    void stop();                           // ends every track now; the object stays valid

    // Moves the `kind` track of `from` into this stream in place of its own, which is stopped (a new
    // camera or microphone): views showing this stream and its level meter follow, the track keeps
    // this stream's enabled state. false when `from` has no live track of that kind.
    bool take_track(TrackKind kind, MediaStream& from);

    // Microphone level now, RMS 0..1 (speech is ~0.02..0.3). Poll while a meter is on screen (and
    // keep frames coming: the app renders on demand). 0 without an audio track.
    float audio_level() const;

    // A track ended by the browser or the person: device unplugged, permission revoked, "Stop
    // sharing" pressed. Not called for stop() or destruction.
    std::function<void(TrackKind)> on_track_ended;

private:
    int handle_ = 0;
};

// [PeerConnection] ----------------------------------------------------------------------------------
// Descriptions and candidates cross as the JSON the browser uses, which is what signalling sends:
// {"type":"offer","sdp":"..."} and {"candidate":"...","sdpMid":"0","sdpMLineIndex":0}.
struct Stats {
    double rtt_ms = -1;                      // -1 until the selected candidate pair measured it
    double packet_loss = 0;                  // 0..1, inbound, since the previous get_stats()
    double inbound_video_bitrate_kbps = 0;   // since the previous get_stats() (0 on the first)
    double outbound_video_bitrate_kbps = 0;
    int64_t frames_decoded = 0;              // remote video, since the start
    double frames_per_second = 0;            // remote video
    double audio_level = 0;                  // remote audio, 0..1
    bool bandwidth_limited = false;          // our video encoder is held back by bandwidth
};

class PeerConnection {
public:
    // config_json: an RTCConfiguration, e.g. {"iceServers":[{"urls":["stun:..."]}]}; "" for none.
    static Result<std::unique_ptr<PeerConnection>> create(const std::string& config_json);
    ~PeerConnection();  // closes; no callback runs after this
    PeerConnection(const PeerConnection&) = delete;
    PeerConnection& operator=(const PeerConnection&) = delete;

    // Sends every track of `stream` (a kind already being sent gets its track replaced instead).
    // Triggers on_negotiation_needed for new tracks. The stream must outlive its use here.
    bool add_stream(const MediaStream& stream);
    // Sends the `kind` track of `from` instead (switch camera or mic, start/stop screen sharing)
    // without renegotiation; nullptr sends nothing. A kind never sent before is added (renegotiate).
    void replace_track(TrackKind kind, const MediaStream* from, std::function<void(Result<Done>)> done = {});

    void create_offer(bool ice_restart, std::function<void(Result<std::string>)> done);  // description JSON
    void create_answer(std::function<void(Result<std::string>)> done);
    // "" lets the browser create the right description itself; done gets the description set.
    void set_local_description(const std::string& json, std::function<void(Result<std::string>)> done);
    void set_remote_description(const std::string& json, std::function<void(Result<Done>)> done);
    void add_ice_candidate(const std::string& json, std::function<void(Result<Done>)> done = {});  // "": end
    void restart_ice();  // new ICE credentials: on_negotiation_needed follows
    void get_stats(std::function<void(Result<Stats>)> done);
    void close();        // idempotent; callbacks stop, remote streams end
    bool closed() const { return handle_ == 0; }

    // The first remote stream (nullptr before any track arrived). Owned by this connection: valid
    // until it is destroyed (after close() it shows nothing).
    MediaStream* remote_stream() const { return remote_.empty() ? nullptr : remote_.front().get(); }

    std::function<void(std::string candidate_json)> on_ice_candidate;  // "" = gathering complete
    std::function<void()> on_negotiation_needed;
    std::function<void(TrackKind kind, MediaStream& stream)> on_track;  // stream: owned as above
    std::function<void(std::string state)> on_connection_state;        // RTCPeerConnectionState
    std::function<void(std::string state)> on_ice_connection_state;    // RTCIceConnectionState

    struct Impl;  // platform implementation files only

private:
    explicit PeerConnection(int handle);
    int handle_ = 0;
    std::vector<std::unique_ptr<MediaStream>> remote_;
    std::unique_ptr<Impl> impl_;  // pending completions
};

// [Recorder] ----------------------------------------------------------------------------------------
// MediaRecorder over a stream: a chunk every `timeslice_ms` (WebM in Chrome and Firefox).
class Recorder {
public:
    // mime_type "": WebM (VP8 + Opus) where supported, else MP4 (Safari); see mime_type().
    static Result<std::unique_ptr<Recorder>> start(const MediaStream& stream, int timeslice_ms,
                                                   const std::string& mime_type = "");
    ~Recorder();  // stops; chunks still on their way are dropped
    Recorder(const Recorder&) = delete;
    Recorder& operator=(const Recorder&) = delete;

    void stop();  // the last chunk, then on_stop
    const std::string& mime_type() const { return mime_type_; }

    std::function<void(const uint8_t* data, size_t size)> on_chunk;  // data valid during the call only
    std::function<void(Result<Done>)> on_stop;  // also when the stream's tracks ended

private:
    Recorder(int handle, std::string mime_type);
    int handle_ = 0;
    std::string mime_type_;
};

// [Compositor] --------------------------------------------------------------------------------------
// What a call recording records: one stream showing the sources side by side on a canvas (each
// letterboxed and labelled) with the audio of all of them mixed. Releasing the returned stream stops
// the drawing and the mix; the sources must outlive it (or it shows them black).
struct CompositeSource {
    const MediaStream* stream = nullptr;
    std::string label;  // e.g. "Dr. Amara Okafor"
};
Result<std::unique_ptr<MediaStream>> compose(const std::vector<CompositeSource>& sources, int width, int height, int fps);

// [fake] --------------------------------------------------------------------------------------------
// Native only (rtc_native.cpp): the stand-in records what the app asked for and lets a test play the
// browser. Nothing completes by itself; every test action runs its callback synchronously (if the
// object still exists) and counts a requested frame, as the web version does.
namespace fake {

struct StreamRecord {
    int handle = 0;
    bool local = true;
    bool audio = true, video = true;          // tracks present (and live)
    bool audio_enabled = true, video_enabled = true;
    bool stopped = false, released = false;
    float audio_level = 0;                    // what audio_level() returns
    MediaStream* stream = nullptr;            // null once the C++ object is gone
};

struct Op {
    std::string name;  // create_offer, create_answer, set_local_description, set_remote_description,
                       // add_ice_candidate, get_stats, replace_track
    std::string arg;   // the JSON given, "ice_restart" for such offers, "audio:<handle>"/"video:<handle>"
};

struct PeerRecord {
    std::string config_json;
    std::vector<std::string> calls;  // every call in order: "add_stream 3", "restart_ice", "close", ops
    std::vector<Op> pending;         // async operations not completed yet, oldest first
    bool closed = false;
    PeerConnection* pc = nullptr;    // null once the C++ object is gone
};

void reset();  // forget everything (between tests)

// Capture requests waiting for an answer, oldest first: "user", "display", "devices".
std::vector<std::string> pending_requests();
std::vector<MediaRequest> pending_user_media();  // what the waiting "user" requests asked for
// Answers the oldest capture request: a stream with the requested tracks (returns its record), or an
// error. `devices` answers the oldest enumerate_devices request.
StreamRecord* grant(bool audio = true, bool video = true);
void deny(ErrorCode code, const std::string& message = "");
void devices(std::vector<Device> list);
StreamRecord* stream(int handle);      // nullptr for an unknown handle
void end_track(int handle, TrackKind kind);  // the browser ended a track -> on_track_ended

std::vector<PeerRecord*> peers();      // every PeerConnection created since reset(), oldest first
PeerRecord* last_peer();
void fail_next_create(ErrorCode code, const std::string& message = "");  // the next create() fails

// Completes the oldest pending op of a peer. `value`: the description JSON for offers, answers and
// set_local_description; ignored otherwise. complete_stats for get_stats. false: nothing pending.
bool complete(PeerRecord& peer, const std::string& value = "");
bool complete_stats(PeerRecord& peer, const Stats& stats);
bool fail(PeerRecord& peer, ErrorCode code, const std::string& message = "");
// Browser events of a peer.
void ice_candidate(PeerRecord& peer, const std::string& json);
void negotiation_needed(PeerRecord& peer);
StreamRecord* remote_track(PeerRecord& peer, TrackKind kind);  // the remote stream's record
void connection_state(PeerRecord& peer, const std::string& state);
void ice_connection_state(PeerRecord& peer, const std::string& state);

struct RecorderRecord {
    int handle = 0;
    int stream = 0;
    int timeslice_ms = 0;
    bool stopped = false;      // stop() was called
    Recorder* recorder = nullptr;
};
std::vector<RecorderRecord*> recorders();
void chunk(RecorderRecord& rec, const std::string& bytes);
void recorder_stopped(RecorderRecord& rec);  // on_stop(ok)

int tones_played();
// The sources of each compose() since reset(), by stream handle.
std::vector<std::vector<int>> compositions();
std::vector<std::string> synthetic_names();  // every synthetic_stream() asked for, in order

}  // namespace fake
}  // namespace platform::rtc
