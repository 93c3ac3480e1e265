#include <catch2/catch.hpp>

#include "core/calls/speaker.h"

using core::ActiveSpeaker;

TEST_CASE("[core] active speaker: the loudest voice, held between words", "[core][calls]") {
    ActiveSpeaker s;
    CHECK(s.speaker(0) == 0);
    s.hear(1, 0.005f, 0);  // room noise is nobody speaking
    CHECK(s.speaker(0) == 0);
    s.hear(1, 0.1f, 1);
    s.hear(2, 0.12f, 1);  // not twice as loud: 1 keeps it
    CHECK(s.speaker(1) == 1);
    s.hear(1, 0.0f, 2);  // a pause between words
    s.hear(2, 0.05f, 2);
    CHECK(s.speaker(2) == 1);
    s.hear(2, 0.05f, 2.6);  // 1 silent for more than 1.5 s: 2 takes over
    CHECK(s.speaker(2.6) == 2);
    CHECK(s.speaker(5.0) == 2);
    CHECK(s.speaker(5.7) == 0);  // nobody for 3 s: no highlight
}

TEST_CASE("[core] active speaker: an interruption takes over at once; a leaver is forgotten", "[core][calls]") {
    ActiveSpeaker s;
    s.hear(1, 0.03f, 0);
    s.hear(2, 0.2f, 0.5);
    CHECK(s.speaker(0.5) == 2);
    s.forget(2);
    CHECK(s.speaker(0.5) == 0);
    s.hear(3, 0.05f, 0.6);
    CHECK(s.speaker(0.6) == 3);
}
