// Connection quality of a call and when to give up video: pure rules over what WebRTC's getStats
// measures, once a second per connection. No I/O: the client feeds samples and acts on the answers.
//
//   classify()        one sample -> good / fair / poor (no memory)
//   QualityMeter      the level shown to people: hysteresis, so a single spike or a value hovering
//                     at a threshold does not make the badge flicker
//   AudioOnlyRule     video off when it cannot be sustained (poor for a while, or the encoder starved
//                     by bandwidth), the manual "Audio only" switch, and when to offer video back
#pragma once
#include <string_view>

namespace core {

enum class LinkQuality { unknown, good, fair, poor };
std::string_view to_string(LinkQuality q);  // "" for unknown

// What one getStats interval tells about a connection.
struct LinkSample {
    double rtt_ms = -1;                  // round-trip time; < 0: not measured yet
    double packet_loss = 0;              // 0..1 over the interval (inbound)
    double outbound_video_kbps = -1;     // what we sent over the interval; < 0: not sending video
    bool bandwidth_limited = false;      // the encoder says it is held back by bandwidth
};

struct QualityThresholds {
    double fair_rtt_ms = 200, poor_rtt_ms = 400;
    double fair_loss = 0.02, poor_loss = 0.08;
    double video_floor_kbps = 100;  // sending video below this while bandwidth-limited is poor ...
    int warmup_samples = 20;        // ... but not in a connection's first samples: the encoder starts low
                                    // and is "bandwidth-limited" while it ramps up (~150 kbps at 1-2 s)
    // Hysteresis: to climb back a level the values must be this much better than the threshold
    // (0.75: a poor link at 400 ms RTT is fair again only under 300 ms) ...
    double recover_margin = 0.75;
    int fall_samples = 2;  // ... and a new, worse level must hold this many samples in a row,
    int rise_samples = 3;  // a better one this many.
};

// No memory: the level this one sample shows. unknown until the RTT was measured.
LinkQuality classify(const LinkSample& s, const QualityThresholds& t = {});

class QualityMeter {
public:
    explicit QualityMeter(QualityThresholds t = {}) : t_(t) {}
    LinkQuality update(const LinkSample& s);  // the level to show after this sample
    LinkQuality level() const { return level_; }

private:
    QualityThresholds t_;
    int samples_ = 0;  // measured samples so far (for the warm-up)
    LinkQuality level_ = LinkQuality::unknown;
    LinkQuality pending_ = LinkQuality::unknown;  // the level the streak below points at
    int streak_ = 0;
};

// --- audio only ----------------------------------------------------------------------------------
struct AudioOnlyPolicy {
    double poor_seconds = 10;           // poor (or starved video) this long: stop sending video
    double offer_back_seconds = 20;     // after an automatic fallback, good or fair this long: offer video again
    double video_floor_kbps = 100;      // with bandwidth_limited: below this the video is not worth sending
    double warmup_seconds = 20;         // starved video does not count this long after the first sample
};

enum class VideoMode { video, audio_only_auto, audio_only_manual };

struct AudioOnlyAdvice {
    bool fall_back = false;    // stop sending video now and tell the others (once per fallback)
    bool offer_video = false;  // the link recovered: offer "Turn video back on" (once per fallback)
};

class AudioOnlyRule {
public:
    explicit AudioOnlyRule(AudioOnlyPolicy p = {}) : p_(p) {}

    // One stats interval at time now_s (seconds, any monotonic origin) with the meter's level.
    AudioOnlyAdvice observe(double now_s, LinkQuality level, const LinkSample& s);
    // The person's own switch: audio only on, or video back on (after a fallback too).
    void set_manual(bool audio_only);
    // A new connection began (someone joined or came back): its encoder ramps up from low again, so the
    // warm-up starts over and a bad stretch measured on the connections before does not carry over.
    void connection_started(double now_s);

    VideoMode mode() const { return mode_; }
    bool audio_only() const { return mode_ != VideoMode::video; }
    bool video_offered() const { return offered_; }  // the recovered-link offer is standing

private:
    bool starved(double now_s, LinkQuality level, const LinkSample& s) const;

    AudioOnlyPolicy p_;
    VideoMode mode_ = VideoMode::video;
    double first_s_ = -1;     // the first sample's time (the warm-up)
    double bad_since_ = -1;   // start of the current unbroken bad stretch while sending video
    double good_since_ = -1;  // start of the current unbroken good/fair stretch after a fallback
    bool offered_ = false;
};

}  // namespace core
