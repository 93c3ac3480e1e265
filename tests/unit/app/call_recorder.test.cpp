// The doctor's recorder against the real dispatcher over a scripted WebSocket: it composes the call,
// records, uploads the recorder's slices as ordered chunks of at most 32 KiB, and finishes on stop;
// a refused start stops recording with a message.
#include <catch2/catch.hpp>

#include "app/call_recorder.h"
#include "app/recordings_controller.h"
#include "app/remote_transport.h"
#include "core/api/dispatcher.h"
#include "core/crypto/pbkdf2_hasher.h"
#include "core/recordings/recording_service.h"
#include "core/store/memory_store.h"
#include "platform/websocket_fake.h"

using namespace app;
using namespace std::chrono_literals;
namespace rtc = platform::rtc;

namespace {

struct Scene {
    core::MemoryStore store;
    core::Pbkdf2Hasher hasher{1};
    core::ManualClock clock{*core::parse_iso8601("2026-11-16T08:55:00Z")};
    core::AccountService accounts{store, hasher, clock};
    core::TestModePaymentProvider payments{clock};
    core::ClinicService clinic{store, clock, payments};
    core::CallService calls{store, clock, clinic};
    core::RecordingService recordings{store, clock, calls};
    core::NoIceServers ice;
    core::Dispatcher dispatcher{accounts, clinic, calls, ice, recordings};
    core::UserId doctor = 0, patient = 0;
    core::AppointmentId visit = 0;
    core::ClinicEffects cfx;
    core::CallEffects fx;

    Scene() {
        const auto admin =
            accounts.ensure_account({"admin@example.com", "a long enough secret", "Admin", core::Role::admin, "UTC"}, core::AccountStatus::active)->id;
        doctor = accounts.sign_up({"dr@example.com", "a long enough secret", "Dr. Amara Okafor", core::Role::doctor, "UTC"})->user.id;
        patient = accounts.sign_up({"pat@example.com", "a long enough secret", "Zoë", core::Role::patient, "UTC"})->user.id;
        REQUIRE(clinic.update_doctor_profile(doctor, {"cardiology", "Bio", {"English"}, 10, "LIC-1", "Berlin Chamber", 2}, cfx));
        core::Availability a;
        for (int d = 0; d < 7; ++d) a.weekly.push_back({d, 0, 24 * 60});
        a.min_notice_minutes = 0;
        REQUIRE(clinic.set_availability(doctor, a));
        REQUIRE(clinic.decide_verification(admin, doctor, core::Verification::verified, "", cfx));
        REQUIRE(clinic.buy_credits(patient, "bundle5", {"4242 4242 4242 4242", 12, 2030, "123", "Z"}, "key-12345678", cfx));
        auto booked = clinic.book(patient, doctor, *core::parse_iso8601("2026-11-16T09:00:00Z"), "Follow-up", cfx);
        REQUIRE(booked);
        visit = booked->id;
        REQUIRE(clinic.act(doctor, visit, core::AppointmentAction::confirm, "", cfx));
        REQUIRE(calls.join(doctor, visit, fx));
        REQUIRE(calls.join(patient, visit, fx));
        REQUIRE(calls.admit(doctor, visit, patient, fx));
    }
};

}  // namespace

TEST_CASE("[app] call recorder: compose, record, upload in order, finish", "[app][recordings]") {
    platform::fake::reset();
    rtc::fake::reset();
    Scene s;
    double now = 0;
    Client client{std::make_unique<RemoteTransport>("ws://test/ws"), [&] { return now; }};
    client.start();
    core::ConnectionState server_side;
    auto* peer = platform::fake::last_peer();
    REQUIRE(peer);
    auto serve = [&] {  // answers everything the client sent so far, then lets it read the answers
        for (int round = 0; round < 4; ++round) {
            auto sent = std::exchange(peer->sent, {});
            for (const std::string& frame : sent) platform::fake::deliver(*peer, s.dispatcher.handle(server_side, frame).reply);
            client.poll();
        }
    };
    platform::fake::accept(*peer);
    client.poll();
    serve();
    REQUIRE(client.online());
    client.call(core::protocol::RequestType::sign_in, {{"email", "dr@example.com"}, {"password", "a long enough secret"}},
                [](const core::protocol::Response& r) { REQUIRE(r.ok); });
    serve();

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
    auto rec = s.recordings.start(s.doctor, s.visit, "video/webm;codecs=vp8,opus");
    REQUIRE(rec);
    REQUIRE(s.recordings.append(s.doctor, rec->id, 0, "\x1a\x45\xdf\xa3 webm"));
    REQUIRE(s.recordings.finish(s.doctor, rec->id, 1000));

    double now = 0;
    Client client{std::make_unique<RemoteTransport>("ws://test/ws"), [&] { return now; }};
    client.start();
    core::ConnectionState server_side;
    auto* peer = platform::fake::last_peer();
    REQUIRE(peer);
    AppState state;
    std::vector<std::pair<std::string, std::string>> downloads;  // url, file name
    RecordingsController controller(state, client, nullptr, [&](const std::string& url, const std::string& name) {
        downloads.push_back({url, name});
    });
    auto serve = [&] {
        for (int round = 0; round < 4; ++round) {
            auto sent = std::exchange(peer->sent, {});
            for (const std::string& frame : sent) platform::fake::deliver(*peer, s.dispatcher.handle(server_side, frame).reply);
            client.poll();
            controller.tick(now);
        }
    };
    platform::fake::accept(*peer);
    client.poll();
    serve();
    client.call(core::protocol::RequestType::sign_in, {{"email", "pat@example.com"}, {"password", "a long enough secret"}},
                [](const core::protocol::Response& r) { REQUIRE(r.ok); });
    serve();
    state.user = UserView{};
    state.user->id = s.patient;
    state.clinic.detail = AppointmentItem{};
    state.clinic.detail->id = s.visit;

    serve();  // opening the visit loads its recordings
    REQUIRE(state.recordings.appointment_id == s.visit);
    REQUIRE(state.recordings.items.size() == 1);
    CHECK(state.recordings.items[0].status == "complete");
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
    serve();
    REQUIRE(state.recordings.items[0].accesses.size() == 1);
    CHECK(state.recordings.items[0].accesses[0].action == "play");
    CHECK(state.recordings.items[0].accesses[0].name == "Zoë");

    controller.apply(DownloadRecording{rec->id});
    serve();
    REQUIRE(downloads.size() == 1);
    CHECK(downloads[0].second == "visit-" + std::to_string(s.visit) + "-recording-" + std::to_string(rec->id) + ".webm");

    controller.apply(ClosePlayer{});
    CHECK(state.recordings.playing == 0);
    state.clinic.detail.reset();  // leaving the visit forgets its list
    serve();
    CHECK(state.recordings.items.empty());
}
