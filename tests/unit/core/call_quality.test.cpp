#include <catch2/catch.hpp>

#include "core/calls/quality.h"

using namespace core;

namespace {

LinkSample link(double rtt, double loss = 0, double video_kbps = 800, bool limited = false) {
    return {rtt, loss, video_kbps, limited};
}
const LinkSample kGood = link(40);
const LinkSample kPoor = link(600, 0.1);

}  // namespace

TEST_CASE("[core] call quality: one sample", "[core][calls]") {
    CHECK(classify(link(-1)) == LinkQuality::unknown);
    CHECK(classify(link(40)) == LinkQuality::good);
    CHECK(classify(link(250)) == LinkQuality::fair);
    CHECK(classify(link(40, 0.03)) == LinkQuality::fair);
    CHECK(classify(link(450)) == LinkQuality::poor);
    CHECK(classify(link(40, 0.09)) == LinkQuality::poor);
    SECTION("video starved by bandwidth is poor, a low bitrate alone is not (a still picture costs little)") {
        CHECK(classify(link(40, 0, 60, true)) == LinkQuality::poor);
        CHECK(classify(link(40, 0, 60, false)) == LinkQuality::good);
        CHECK(classify(link(40, 0, -1, true)) == LinkQuality::good);  // not sending video
    }
    CHECK(to_string(LinkQuality::fair) == "fair");
    CHECK(to_string(LinkQuality::unknown).empty());
}

TEST_CASE("[core] call quality: the meter's hysteresis", "[core][calls]") {
    QualityMeter m;
    CHECK(m.update(link(-1)) == LinkQuality::unknown);
    CHECK(m.update(kGood) == LinkQuality::good);  // the first measurement is shown at once

    SECTION("one spike does not change the level; two bad samples in a row do") {
        CHECK(m.update(kPoor) == LinkQuality::good);
        CHECK(m.update(kGood) == LinkQuality::good);
        CHECK(m.update(kPoor) == LinkQuality::good);
        CHECK(m.update(kPoor) == LinkQuality::poor);
    }
    SECTION("climbing back needs three samples clearly better than the threshold") {
        m.update(kPoor);
        m.update(kPoor);
        REQUIRE(m.level() == LinkQuality::poor);
        // 380 ms is under the 400 ms poor threshold but not under 300 ms: still poor.
        for (int i = 0; i < 5; ++i) CHECK(m.update(link(380)) == LinkQuality::poor);
        CHECK(m.update(link(280)) == LinkQuality::poor);
        CHECK(m.update(link(280)) == LinkQuality::poor);
        CHECK(m.update(link(280)) == LinkQuality::fair);
        CHECK(m.update(kGood) == LinkQuality::fair);
        CHECK(m.update(kGood) == LinkQuality::fair);
        CHECK(m.update(kGood) == LinkQuality::good);
    }
    SECTION("a better streak broken by a worse sample starts over") {
        m.update(kPoor);
        m.update(kPoor);
        m.update(kGood);
        m.update(kGood);
        m.update(kPoor);  // not enough to fall further (already poor), breaks the streak
        m.update(kGood);
        CHECK(m.update(kGood) == LinkQuality::poor);
        CHECK(m.update(kGood) == LinkQuality::good);  // straight to good: every sample was good
    }
    SECTION("starved video is not poor during the encoder's ramp-up (the first 20 samples)") {
        QualityMeter fresh;
        const LinkSample ramping = link(5, 0, 60, true);
        for (int i = 0; i < 20; ++i) CHECK(fresh.update(ramping) == LinkQuality::good);
        fresh.update(ramping);
        CHECK(fresh.update(ramping) == LinkQuality::poor);  // still starved after it: two samples in a row
    }
    SECTION("an unmeasured sample keeps the level") {
        CHECK(m.update(link(-1)) == LinkQuality::good);
    }
}

TEST_CASE("[core] call quality: falling back to audio only", "[core][calls]") {
    AudioOnlyRule r;
    SECTION("poor for 10 s stops the video, once") {
        for (int t = 0; t < 10; ++t) CHECK_FALSE(r.observe(t, LinkQuality::poor, kPoor).fall_back);
        CHECK(r.observe(10, LinkQuality::poor, kPoor).fall_back);
        CHECK(r.mode() == VideoMode::audio_only_auto);
        CHECK_FALSE(r.observe(11, LinkQuality::poor, kPoor).fall_back);
    }
    SECTION("a good moment in between starts the 10 s over") {
        for (int t = 0; t < 8; ++t) r.observe(t, LinkQuality::poor, kPoor);
        r.observe(8, LinkQuality::fair, link(250));
        for (int t = 9; t < 18; ++t) CHECK_FALSE(r.observe(t, LinkQuality::poor, kPoor).fall_back);
        CHECK(r.observe(19, LinkQuality::poor, kPoor).fall_back);
    }
    SECTION("video starved by bandwidth falls back even when RTT and loss look fine, after the warm-up") {
        const LinkSample starved = link(40, 0, 50, true);
        // The first 20 s the encoder is still ramping up (low and "bandwidth-limited"): not counted.
        for (int t = 0; t < 30; ++t) CHECK_FALSE(r.observe(t, LinkQuality::good, starved).fall_back);
        CHECK(r.observe(30, LinkQuality::good, starved).fall_back);
    }
    SECTION("a new connection gets its own warm-up and does not inherit the bad stretch of the last one") {
        const LinkSample starved = link(40, 0, 50, true);
        for (int t = 0; t < 25; ++t) r.observe(t, LinkQuality::good, starved);  // 5 s starved after the warm-up
        r.connection_started(25);  // the patient left and came back: a fresh encoder ramps up
        for (int t = 25; t < 45; ++t) CHECK_FALSE(r.observe(t, LinkQuality::good, starved).fall_back);
        for (int t = 45; t < 55; ++t) CHECK_FALSE(r.observe(t, LinkQuality::good, starved).fall_back);
        CHECK(r.observe(55, LinkQuality::good, starved).fall_back);  // 10 s starved on this connection
    }
    SECTION("after a fallback, video is offered again once the link was good or fair for 20 s") {
        for (int t = 0; t <= 10; ++t) r.observe(t, LinkQuality::poor, kPoor);
        REQUIRE(r.audio_only());
        for (int t = 11; t < 31; ++t) CHECK_FALSE(r.observe(t, LinkQuality::good, kGood).offer_video);
        CHECK(r.observe(31, LinkQuality::fair, kGood).offer_video);
        CHECK(r.video_offered());
        CHECK_FALSE(r.observe(32, LinkQuality::good, kGood).offer_video);  // once
        CHECK(r.mode() == VideoMode::audio_only_auto);  // offered, not done: the person decides
        r.set_manual(false);
        CHECK(r.mode() == VideoMode::video);
        CHECK_FALSE(r.video_offered());
        // Poor again: the 10 s count starts afresh.
        for (int t = 40; t < 50; ++t) CHECK_FALSE(r.observe(t, LinkQuality::poor, kPoor).fall_back);
        CHECK(r.observe(50, LinkQuality::poor, kPoor).fall_back);
    }
    SECTION("a poor moment during recovery starts the 20 s over") {
        for (int t = 0; t <= 10; ++t) r.observe(t, LinkQuality::poor, kPoor);
        for (int t = 11; t < 25; ++t) r.observe(t, LinkQuality::good, kGood);
        r.observe(25, LinkQuality::poor, kPoor);
        for (int t = 26; t < 46; ++t) CHECK_FALSE(r.observe(t, LinkQuality::good, kGood).offer_video);
        CHECK(r.observe(46, LinkQuality::good, kGood).offer_video);
    }
    SECTION("audio only chosen by hand is never undone or offered back by the rule") {
        r.set_manual(true);
        CHECK(r.mode() == VideoMode::audio_only_manual);
        for (int t = 0; t < 60; ++t) {
            const AudioOnlyAdvice a = r.observe(t, LinkQuality::good, kGood);
            CHECK_FALSE(a.offer_video);
            CHECK_FALSE(a.fall_back);
        }
        CHECK(r.audio_only());
    }
}
