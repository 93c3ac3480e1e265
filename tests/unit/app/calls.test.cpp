// The call module over the in-page demo backend, with the browser played by platform::rtc's native
// fake: the demo patient joins the seeded visit's call, the simulated doctor (app/demo_doctor.h) lets
// them in and answers; device switching, audio only (by hand and forced by poor stats), chat, leave.
#include <catch2/catch.hpp>

#include <algorithm>

#include "app_scene.h"
#include "platform/frame.h"
#include "platform/rtc.h"
#include "platform/storage.h"

using namespace app;
namespace rf = platform::rtc::fake;
namespace rtc = platform::rtc;

namespace {

// Forgets what the browser stand-in and the tab remember before the app starts.
struct FreshBrowser {
    FreshBrowser() {
        rf::reset();
        platform::session_storage::remove("telemed.call.camera");
        platform::session_storage::remove("telemed.call.microphone");
    }
};

struct CallApp : FreshBrowser, app_test::DemoApp {
    CallApp() : DemoApp([] { return platform::now_ms(); }) {}
    void wait_ms(int ms) {  // the simulated doctor's clock and the controller's
        clock.advance(std::chrono::milliseconds(ms));
        platform::advance_now_ms_native(ms);
        settle();
    }
};

const std::vector<rtc::Device> kDevices{
    {rtc::Device::Kind::video_input, "cam-a", "Front camera"},
    {rtc::Device::Kind::video_input, "cam-b", "USB camera"},
    {rtc::Device::Kind::audio_input, "mic-a", "Headset microphone"},
    {rtc::Device::Kind::audio_output, "out-a", "Speakers"},
};

void answer_devices() {
    for (;;) {
        const auto pending = rf::pending_requests();
        if (std::find(pending.begin(), pending.end(), "devices") == pending.end()) return;
        rf::devices(kDevices);
    }
}

// Completes every pending op of a connection: descriptions get `description`, stats get `stats`.
void finish(rf::PeerRecord& peer, const std::string& description, const rtc::Stats& stats = {}) {
    for (int guard = 0; guard < 20 && !peer.pending.empty(); ++guard) {
        if (peer.pending.front().name == "get_stats") rf::complete_stats(peer, stats);
        else rf::complete(peer, description);
    }
}

bool called(const rf::PeerRecord& peer, const std::string& call) {
    return std::find(peer.calls.begin(), peer.calls.end(), call) != peer.calls.end();
}

// The patient in the precheck of the seeded demo visit, camera granted, devices listed.
rf::StreamRecord* open_precheck(CallApp& app) {
    app.act(DemoSignIn{0});
    app.act(SelectTab{Tab::appointments});
    REQUIRE(app.state.visits.appointments.size() == 1);  // the seeded visit, open to join now
    app.act(OpenCall{app.state.visits.appointments.front().id});
    REQUIRE(app.state.call.phase == CallPhase::precheck);
    rf::StreamRecord* local = rf::grant();
    REQUIRE(local);
    answer_devices();
    app.settle();
    return local;
}

const rtc::Stats kPoor{700, 0.12, 0, 900, 0, 0, 0, false};
const rtc::Stats kGood{40, 0, 900, 900, 100, 30, 0, false};

}  // namespace

TEST_CASE("[app] call: devices are listed, switched and remembered", "[app][call]") {
    CallApp app;
    rf::StreamRecord* local = open_precheck(app);
    CallState& c = app.state.call;
    CHECK(c.camera_names == std::vector<std::string>{"Front camera", "USB camera"});
    CHECK(c.microphone_names == std::vector<std::string>{"Headset microphone"});
    CHECK(c.devices_listed);

    app.act(SelectDevice{true, 1});
    REQUIRE(rf::pending_user_media().size() == 1);
    CHECK(rf::pending_user_media()[0].video_device_id == "cam-b");
    CHECK_FALSE(rf::pending_user_media()[0].audio);  // only the camera is captured again
    CHECK(c.switching_device);
    rf::StreamRecord* fresh = rf::grant(false, true);
    CHECK_FALSE(c.switching_device);
    CHECK(c.camera_index == 1);
    CHECK(local->video);        // the preview's stream now holds the new camera
    CHECK_FALSE(fresh->video);  // moved out of the temporary stream
    CHECK(platform::session_storage::get("telemed.call.camera") == "cam-b");

    SECTION("the choice is used the next time, and forgotten when that device is gone") {
        app.act(CloseCall{});
        app.act(OpenCall{app.state.visits.appointments.front().id});
        REQUIRE(rf::pending_user_media().size() == 1);
        CHECK(rf::pending_user_media()[0].video_device_id == "cam-b");
        rf::deny(rtc::ErrorCode::not_found, "OverconstrainedError");
        REQUIRE(rf::pending_user_media().size() == 1);  // asked again with the defaults
        CHECK(rf::pending_user_media()[0].video_device_id.empty());
        CHECK_FALSE(platform::session_storage::get("telemed.call.camera"));
        rf::grant();
        answer_devices();
        app.settle();
        CHECK(app.state.call.media_error.empty());
        CHECK(app.state.call.camera_index == 0);
    }
    SECTION("a refused switch says what to do and keeps the old camera") {
        app.act(SelectDevice{true, 0});
        rf::deny(rtc::ErrorCode::device_in_use, "NotReadableError");
        CHECK(c.media_error.find("another program") != std::string::npos);
        CHECK(local->video);
    }
}

TEST_CASE("[app] call: no permission or no devices get clear help and a way to try again", "[app][call]") {
    CallApp app;
    app.act(DemoSignIn{0});
    app.act(SelectTab{Tab::appointments});
    REQUIRE_FALSE(app.state.visits.appointments.empty());
    app.act(OpenCall{app.state.visits.appointments.front().id});
    rf::deny(rtc::ErrorCode::permission_denied, "NotAllowedError: Permission denied");
    rf::devices({});
    rf::devices({});
    app.settle();
    CallState& c = app.state.call;
    CHECK(c.media_error.find("blocked the camera") != std::string::npos);
    CHECK(c.devices_listed);
    CHECK(c.camera_names.empty());
    app.act(RetryMedia{});
    CHECK(c.media_error.empty());
    REQUIRE(rf::pending_user_media().size() == 1);
    rf::grant();
    answer_devices();
    app.settle();
    CHECK(c.media_error.empty());
    CHECK(c.camera_names.size() == 2);
}

TEST_CASE("[app] call: the demo patient meets the simulated doctor", "[app][call]") {
    CallApp app;
    rf::StreamRecord* local = open_precheck(app);
    CallState& c = app.state.call;
    app.act(JoinCall{});
    CHECK(c.phase == CallPhase::waiting);
    app.wait_ms(400);  // the doctor joins
    CHECK(c.phase == CallPhase::waiting);
    CHECK(c.participants.size() == 2);
    app.wait_ms(DemoDoctor::kAdmitDelayMs);  // and lets the patient in
    REQUIRE(c.phase == CallPhase::in_call);

    // The patient (lower user id) offers; the doctor answers with its synthetic camera.
    REQUIRE(rf::peers().size() == 1);
    rf::PeerRecord& mine = *rf::peers()[0];
    finish(mine, R"({"type":"offer","sdp":"v=0 patient"})");
    app.settle();
    REQUIRE(rf::peers().size() == 2);
    rf::PeerRecord& doctors = *rf::peers()[1];
    CHECK(rf::synthetic_names() == std::vector<std::string>{"Dr. Amara Okafor"});
    CHECK(doctors.calls.front().rfind("add_stream", 0) == 0);
    finish(doctors, R"({"type":"answer","sdp":"v=0 doctor"})");
    app.settle();
    CHECK(called(mine, R"(set_remote_description {"sdp":"v=0 doctor","type":"answer"})"));
    finish(mine, "");  // the answer is set: candidates go straight in now
    rf::ice_candidate(doctors, R"({"candidate":"candidate:1 1 udp 1 127.0.0.1 5000 typ host","sdpMid":"0","sdpMLineIndex":0})");
    app.settle();
    CHECK(std::any_of(mine.calls.begin(), mine.calls.end(), [](const std::string& s) { return s.rfind("add_ice_candidate", 0) == 0; }));
    rf::remote_track(mine, rtc::TrackKind::video);
    CHECK(std::any_of(c.tiles.begin(), c.tiles.end(), [](const VideoTile& t) { return !t.local && t.stream; }));

    SECTION("another camera in the call: replaceTrack on the connection, no new offer") {
        const auto offers = std::count_if(mine.calls.begin(), mine.calls.end(), [](const std::string& s) { return s.rfind("create_offer", 0) == 0; });
        app.act(SelectDevice{true, 1});
        rf::grant(false, true);
        CHECK(called(mine, "replace_track video:" + std::to_string(local->handle)));
        CHECK(std::count_if(mine.calls.begin(), mine.calls.end(), [](const std::string& s) { return s.rfind("create_offer", 0) == 0; }) == offers);
        app.act(SelectDevice{false, 0});
        rf::grant(true, false);
        CHECK(called(mine, "replace_track audio:" + std::to_string(local->handle)));
    }
    SECTION("audio only by hand: no video sent, the doctor is told, and back") {
        app.act(ToggleAudioOnly{});
        CHECK(c.audio_only);
        CHECK_FALSE(c.audio_only_auto);
        CHECK(called(mine, "replace_track video:0"));
        const auto me = std::find_if(c.participants.begin(), c.participants.end(),
                                     [&](const core::msg::Participant& p) { return p.user_id == c.me; });
        REQUIRE(me != c.participants.end());
        CHECK_FALSE(me->video);  // call_media told everyone
        finish(mine, "");
        app.act(ToggleAudioOnly{});
        CHECK_FALSE(c.audio_only);
        CHECK(called(mine, "replace_track video:" + std::to_string(local->handle)));
    }
    SECTION("poor stats for ten seconds switch to audio only; a recovered link offers video back") {
        for (int s = 0; s < 14 && !c.audio_only; ++s) {
            app.wait_ms(1000);
            finish(mine, "", kPoor);
            app.settle();
        }
        CHECK(c.link_quality == core::LinkQuality::poor);
        REQUIRE(c.audio_only);
        CHECK(c.audio_only_auto);
        CHECK(called(mine, "replace_track video:0"));
        CHECK_FALSE(c.video_offer);
        for (int s = 0; s < 30 && !c.video_offer; ++s) {
            app.wait_ms(1000);
            finish(mine, "", kGood);
            app.settle();
        }
        CHECK(c.link_quality == core::LinkQuality::good);
        CHECK(c.video_offer);
        CHECK(c.audio_only);  // offered, not done: the person decides
        app.act(ToggleAudioOnly{});
        CHECK_FALSE(c.audio_only);
    }
    SECTION("the doctor greets and answers in the chat") {
        app.wait_ms(3000);
        REQUIRE_FALSE(c.chat.empty());
        CHECK(c.chat.back().display_name == "Dr. Amara Okafor");
        const auto before = c.chat.size();
        c.chat_draft = "I have a cough";
        app.act(SendCallChat{});
        CHECK(c.chat.size() == before + 1);
        app.wait_ms(DemoDoctor::kReplyDelayMs);
        REQUIRE(c.chat.size() == before + 2);
        CHECK(c.chat.back().display_name == "Dr. Amara Okafor");
    }
    SECTION("leaving ends the doctor's side too and shows the call log") {
        app.act(LeaveCall{});
        CHECK(c.phase == CallPhase::ended);
        app.settle();
        CHECK(doctors.closed);
        CHECK(c.log.size() == 2);
    }
}
