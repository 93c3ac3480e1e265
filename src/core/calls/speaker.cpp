#include "core/calls/speaker.h"

namespace core {

void ActiveSpeaker::hear(std::int64_t person, float level, double now_s) {
    // Silence changes nothing: the speaker's last speech level is what an interruption must beat.
    if (level < rules_.speech_level) return;
    if (person == current_) {
        current_level_ = level;
        current_heard_s_ = now_s;
        return;
    }
    const bool current_paused = now_s - current_heard_s_ > rules_.hold_s;
    const bool interrupts = level > current_level_ * rules_.take_over;
    if (current_ == 0 || current_paused || interrupts) {
        current_ = person;
        current_level_ = level;
        current_heard_s_ = now_s;
    }
}

std::int64_t ActiveSpeaker::speaker(double now_s) const {
    return now_s - current_heard_s_ > rules_.forget_s ? 0 : current_;
}

void ActiveSpeaker::forget(std::int64_t person) {
    if (person != current_) return;
    current_ = 0;
    current_level_ = 0;
    current_heard_s_ = -1e9;
}

}  // namespace core
