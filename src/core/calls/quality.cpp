#include "core/calls/quality.h"

namespace core {

std::string_view to_string(LinkQuality q) {
    switch (q) {
        case LinkQuality::good: return "good";
        case LinkQuality::fair: return "fair";
        case LinkQuality::poor: return "poor";
        case LinkQuality::unknown: break;
    }
    return "";
}

namespace {

// The sample against thresholds scaled by `scale` (1: as given; < 1: stricter, for climbing back).
// `warm`: starved video counts (past the encoder's ramp-up).
LinkQuality classify_scaled(const LinkSample& s, const QualityThresholds& t, double scale, bool warm = true) {
    if (s.rtt_ms < 0) return LinkQuality::unknown;
    const bool starved = warm && s.bandwidth_limited && s.outbound_video_kbps >= 0 && s.outbound_video_kbps < t.video_floor_kbps / scale;
    if (starved || s.rtt_ms > t.poor_rtt_ms * scale || s.packet_loss > t.poor_loss * scale) return LinkQuality::poor;
    if (s.rtt_ms > t.fair_rtt_ms * scale || s.packet_loss > t.fair_loss * scale) return LinkQuality::fair;
    return LinkQuality::good;
}

int rank(LinkQuality q) { return static_cast<int>(q); }  // higher is worse; unknown lowest

}  // namespace

LinkQuality classify(const LinkSample& s, const QualityThresholds& t) { return classify_scaled(s, t, 1.0); }

LinkQuality QualityMeter::update(const LinkSample& s) {
    const bool warm = samples_ >= t_.warmup_samples;
    const LinkQuality plain = classify_scaled(s, t_, 1.0, warm);
    if (plain == LinkQuality::unknown) return level_;  // nothing measured: keep what we showed
    ++samples_;
    if (level_ == LinkQuality::unknown) {               // the first measurement is shown as it is
        streak_ = 0;
        return level_ = plain;
    }
    // Worse: the plain thresholds. Better: the stricter ones, so a value hovering at a threshold stays put.
    LinkQuality target = level_;
    if (rank(plain) > rank(level_)) target = plain;
    else if (const LinkQuality strict = classify_scaled(s, t_, t_.recover_margin, warm); rank(strict) < rank(level_)) target = strict;
    if (target == level_) {
        streak_ = 0;
        return level_;
    }
    // A streak counts samples pointing the same way (worse or better), even if not at the same level.
    const bool worse = rank(target) > rank(level_);
    if (streak_ > 0 && (rank(pending_) > rank(level_)) != worse) streak_ = 0;
    pending_ = target;
    if (++streak_ >= (worse ? t_.fall_samples : t_.rise_samples)) {
        level_ = target;
        streak_ = 0;
    }
    return level_;
}

bool AudioOnlyRule::starved(double now_s, LinkQuality level, const LinkSample& s) const {
    if (level == LinkQuality::poor) return true;
    const bool warm = now_s - first_s_ >= p_.warmup_seconds;
    return warm && s.bandwidth_limited && s.outbound_video_kbps >= 0 && s.outbound_video_kbps < p_.video_floor_kbps;
}

AudioOnlyAdvice AudioOnlyRule::observe(double now_s, LinkQuality level, const LinkSample& s) {
    AudioOnlyAdvice out;
    if (first_s_ < 0) first_s_ = now_s;
    if (mode_ == VideoMode::video) {
        if (!starved(now_s, level, s)) {
            bad_since_ = -1;
            return out;
        }
        if (bad_since_ < 0) bad_since_ = now_s;
        if (now_s - bad_since_ >= p_.poor_seconds) {
            mode_ = VideoMode::audio_only_auto;
            bad_since_ = -1;
            good_since_ = -1;
            offered_ = false;
            out.fall_back = true;
        }
        return out;
    }
    // Audio only. Only an automatic fallback offers video back; a person who chose it keeps it.
    if (mode_ != VideoMode::audio_only_auto || offered_) return out;
    if (level != LinkQuality::good && level != LinkQuality::fair) {
        good_since_ = -1;
        return out;
    }
    if (good_since_ < 0) good_since_ = now_s;
    if (now_s - good_since_ >= p_.offer_back_seconds) out.offer_video = offered_ = true;
    return out;
}

void AudioOnlyRule::connection_started(double now_s) {
    first_s_ = now_s;
    bad_since_ = -1;
}

void AudioOnlyRule::set_manual(bool audio_only) {
    mode_ = audio_only ? VideoMode::audio_only_manual : VideoMode::video;
    bad_since_ = good_since_ = -1;
    offered_ = false;
}

}  // namespace core
