// How good each connection of the call is, and when to fall back to audio only: the rules are the
// core's (core/calls/quality.h: QualityMeter per connection, AudioOnlyRule for this side); this keeps
// their state for the call and turns the browser's stats into their samples.
#pragma once
#include <cstdint>
#include <map>

#include "core/calls/quality.h"
#include "platform/rtc.h"

namespace app {

class LinkQuality {
public:
    void reset();  // a new call
    // A connection to `remote` began (someone joined or came back): measured afresh, warm-up again.
    void connection_started(std::int64_t remote, double now_s);
    // One stats interval of the connection to `remote`; `connected` lists the live connections (this
    // side's link is the worst of them).
    core::AudioOnlyAdvice observe(std::int64_t remote, const platform::rtc::Stats& stats, bool sending_video, double now_s,
                                  const std::vector<std::int64_t>& connected);
    void set_manual(bool audio_only) { audio_rule_.set_manual(audio_only); }
    bool audio_only() const { return audio_rule_.audio_only(); }

    core::LinkQuality of(std::int64_t remote) const;
    core::LinkQuality worst() const { return worst_; }

private:
    std::map<std::int64_t, core::QualityMeter> meters_;
    std::map<std::int64_t, core::LinkQuality> shown_;
    core::AudioOnlyRule audio_rule_;
    core::LinkQuality worst_ = core::LinkQuality::unknown;
};

}  // namespace app
