#include "app/calls/link_quality.h"

#include <algorithm>

namespace app {

void LinkQuality::reset() {
    meters_.clear();
    shown_.clear();
    audio_rule_ = core::AudioOnlyRule{};
    worst_ = core::LinkQuality::unknown;
}

void LinkQuality::connection_started(std::int64_t remote, double now_s) {
    audio_rule_.connection_started(now_s);
    meters_.erase(remote);  // a fresh connection ramps up from zero: its own warm-up
    shown_.erase(remote);
}

core::AudioOnlyAdvice LinkQuality::observe(std::int64_t remote, const platform::rtc::Stats& s, bool sending_video, double now_s,
                                           const std::vector<std::int64_t>& connected) {
    const core::LinkSample sample{s.rtt_ms, s.packet_loss, sending_video ? s.outbound_video_bitrate_kbps : -1.0, s.bandwidth_limited};
    shown_[remote] = meters_[remote].update(sample);
    worst_ = core::LinkQuality::unknown;
    for (const auto& [id, m] : meters_)
        if (std::find(connected.begin(), connected.end(), id) != connected.end() && static_cast<int>(m.level()) > static_cast<int>(worst_))
            worst_ = m.level();
    return audio_rule_.observe(now_s, worst_, sample);
}

core::LinkQuality LinkQuality::of(std::int64_t remote) const {
    auto it = shown_.find(remote);
    return it == shown_.end() ? core::LinkQuality::unknown : it->second;
}

}  // namespace app
