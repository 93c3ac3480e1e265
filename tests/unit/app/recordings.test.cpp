// The doctor's recorder against the real dispatcher over a scripted WebSocket: it composes the call,
// records, uploads the recorder's slices as ordered chunks of at most 32 KiB, and finishes on stop;
// a refused start stops recording with a message.
#include <catch2/catch.hpp>

#include "app_scene.h"
#include "app/recordings/recorder.h"
#include "platform/frame.h"

using namespace app;
using namespace std::chrono_literals;
namespace rtc = platform::rtc;

namespace {

// The confirmed visit with both people in its call (the doctor admitted the patient).
struct Scene : app_test::ServerScene {
    Scene() : ServerScene(app_test::at("2026-11-16T08:55:00Z")) {
        REQUIRE(services.calls.join(doctor, visit, fx));
        REQUIRE(services.calls.join(patient, visit, fx));
        REQUIRE(services.calls.admit(doctor, visit, patient, fx));
    }
    core::CallService& calls = services.calls;
    core::RecordingService& recordings = services.recordings;
};

}  // namespace

TEST_CASE("[app] call recorder: compose, record, upload in order, finish", "[app][recordings]") {
    platform::fake::reset();
    rtc::fake::reset();
    Scene s;
    double now = 0;
    Client client{std::make_unique<RemoteTransport>("ws://test/ws"), [&] { return now; }};
    client.start();
    app_test::Wire wire{s.services};
    wire.peer = platform::fake::last_peer();
    REQUIRE(wire.peer);
    auto serve = [&] {  // answers everything the client sent so far, then lets it read the answers
        for (int round = 0; round < 4; ++round) {
            wire.serve();
            client.poll();
        }
    };
    platform::fake::accept(*wire.peer);
    client.poll();
    serve();
    REQUIRE(client.online());
    bool signed_in = false;
    client.call(core::msg::SignIn{"dr@example.com", "a long enough secret"}, [&](core::msg::SignedInReply&) { signed_in = true; });
    serve();
    REQUIRE(signed_in);

    RecordingsState state;
    std::vector<std::string> failures;
    int saved = 0;
    CallRecorder recorder(client, state, [&](std::string why) { failures.push_back(why); }, [&](std::int64_t) { ++saved; });

    std::unique_ptr<rtc::MediaStream> camera;
    rtc::request_user_media({}, [&](rtc::Result<std::unique_ptr<rtc::MediaStream>> r) { camera = std::move(r.value()); });
    rtc::fake::grant();
    REQUIRE(camera);

    SECTION("consented: the whole recording arrives, in order") {
        REQUIRE(s.calls.recording(s.doctor, s.visit, core::RecordingAction::request, s.fx));
        REQUIRE(s.calls.recording(s.patient, s.visit, core::RecordingAction::consent, s.fx));
        recorder.start(s.visit, {{camera.get(), "Dr. Amara Okafor"}});
        REQUIRE(recorder.recording());
        REQUIRE(rtc::fake::compositions().size() == 1);
        CHECK(rtc::fake::compositions()[0] == std::vector<int>{camera->handle()});
        REQUIRE(rtc::fake::recorders().size() == 1);
        rtc::fake::RecorderRecord& rec = *rtc::fake::recorders()[0];
        CHECK(rec.timeslice_ms == 1000);

        std::string slice1(70 * 1024, 'a'), slice2(5000, 'b');
        slice1[0] = '\x1a';
        rtc::fake::chunk(rec, slice1);  // before recording_start answered: queued
        serve();
        rtc::fake::chunk(rec, slice2);
        serve();
        recorder.stop();
        CHECK(rec.stopped);
        CHECK_FALSE(recorder.recording());
        rtc::fake::recorder_stopped(rec);
        serve();
        CHECK(failures.empty());
        CHECK(saved == 1);
        CHECK(state.upload_status.find("Recording saved") == 0);
        auto list = s.recordings.list(s.patient, s.visit);
        REQUIRE(list->size() == 1);
        const core::CallRecording& r = list->front().recording;
        CHECK(r.status == core::RecordingStatus::complete);
        CHECK(r.chunks == 4);  // 32 + 32 + 6 KiB, then 5000 bytes
        CHECK(s.recordings.read(r.id, 0, r.bytes) == slice1 + slice2);
    }
    SECTION("without everyone's consent the server refuses and recording stops with a message") {
        recorder.start(s.visit, {{camera.get(), "Dr. Amara Okafor"}});
        serve();
        REQUIRE(failures.size() == 1);
        CHECK(failures[0].find("everyone") != std::string::npos);
        CHECK(rtc::fake::recorders()[0]->stopped);
        CHECK(state.upload_error);
    }
    SECTION("nothing to record: a clear failure, no recorder") {
        recorder.start(s.visit, {});
        REQUIRE(failures.size() == 1);
        CHECK(rtc::fake::recorders().empty());
    }
}

TEST_CASE("[app] recordings in the visit: list, play and download links, access log", "[app][recordings]") {
    platform::fake::reset();
    Scene s;
    REQUIRE(s.calls.recording(s.doctor, s.visit, core::RecordingAction::request, s.fx));
    REQUIRE(s.calls.recording(s.patient, s.visit, core::RecordingAction::consent, s.fx));
    auto rec = s.recordings.start(s.doctor, s.visit, "video/webm;codecs=vp8,opus", s.fx);
    REQUIRE(rec);
    REQUIRE(s.recordings.append(s.doctor, rec->id, 0, "\x1a\x45\xdf\xa3 webm"));
    REQUIRE(s.recordings.finish(s.doctor, rec->id, 1000, s.fx));

    double now = 0;
    Client client{std::make_unique<RemoteTransport>("ws://test/ws"), [&] { return now; }};
    AppState state;
    MemoryTokenStore tokens;
    std::vector<std::pair<std::string, std::string>> downloads;  // url, file name
    App controller(state, client, Environment{s.clock, tokens, nullptr, nullptr, nullptr, [&](const std::string& url, const std::string& name) {
                                                  downloads.push_back({url, name});
                                              }});
    controller.start();
    app_test::Wire wire{s.services};
    wire.peer = platform::fake::last_peer();
    REQUIRE(wire.peer);
    auto serve = [&] {
        for (int round = 0; round < 4; ++round) {
            wire.serve();
            controller.poll();
        }
    };
    platform::fake::accept(*wire.peer);
    client.poll();
    serve();
    bool signed_in = false;
    client.call(core::msg::SignIn{"pat@example.com", "a long enough secret"}, [&](core::msg::SignedInReply&) { signed_in = true; });
    serve();
    REQUIRE(signed_in);
    state.user = core::msg::UserInfo{};
    state.user->id = s.patient;
    state.visits.detail = core::msg::AppointmentInfo{};
    state.visits.detail->id = s.visit;

    serve();  // opening the visit loads its recordings
    REQUIRE(state.recordings.appointment_id == s.visit);
    REQUIRE(state.recordings.items.size() == 1);
    CHECK(state.recordings.items[0].status == core::RecordingStatus::complete);
    CHECK(state.recordings.items[0].bytes == 9);

    controller.apply(PlayRecording{rec->id});
    serve();
    CHECK(state.recordings.playing == rec->id);
    CHECK(state.recordings.player_url.starts_with("/recordings/" + std::to_string(rec->id) + "?token="));
    CHECK(state.recordings.player_status.empty());
    // The browser uses the link: the access is logged, and the list shows it once it looks again.
    const std::string token = state.recordings.player_url.substr(state.recordings.player_url.find('=') + 1);
    REQUIRE(s.recordings.redeem(token, rec->id));
    now += 2000;
    platform::advance_now_ms_native(2000);  // the module looks at the list again a moment later
    serve();
    REQUIRE(state.recordings.items[0].accesses.size() == 1);
    CHECK(state.recordings.items[0].accesses[0].action == core::RecordingAccessAction::play);
    CHECK(state.recordings.items[0].accesses[0].display_name == "Zoë");

    controller.apply(DownloadRecording{rec->id});
    serve();
    REQUIRE(downloads.size() == 1);
    CHECK(downloads[0].second == "visit-" + std::to_string(s.visit) + "-recording-" + std::to_string(rec->id) + ".webm");

    controller.apply(ClosePlayer{});
    CHECK(state.recordings.playing == 0);
    state.visits.detail.reset();  // leaving the visit forgets its list
    serve();
    CHECK(state.recordings.items.empty());
}
