// Who is speaking, for the highlight in a call's grid: the loudest voice above speech level, held for a
// moment after they pause so the highlight does not jump between words or to a cough. Pure: the
// client feeds audio levels (RMS 0..1, as WebRTC's getStats and the microphone meter give them).
#pragma once
#include <cstdint>

namespace core {

struct SpeakerRules {
    float speech_level = 0.02f;  // quieter is silence or room noise (speech is ~0.02..0.3)
    double hold_s = 1.5;         // the speaker keeps the highlight this long after falling silent
    double forget_s = 3.0;       // nobody has spoken this long: no highlight at all
    float take_over = 2.0f;      // someone this many times louder takes over at once (an interruption)
};

class ActiveSpeaker {
public:
    explicit ActiveSpeaker(SpeakerRules rules = {}) : rules_(rules) {}

    // One person's level now. Call for every person on each sample, then read speaker().
    void hear(std::int64_t person, float level, double now_s);
    // The person to highlight, 0 for nobody.
    std::int64_t speaker(double now_s) const;
    void forget(std::int64_t person);  // they left
    void reset() { *this = ActiveSpeaker(rules_); }

private:
    SpeakerRules rules_;
    std::int64_t current_ = 0;
    float current_level_ = 0;
    double current_heard_s_ = -1e9;
};

}  // namespace core
