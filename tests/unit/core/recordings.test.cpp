// Call recordings: consent first, only the host uploads, chunks in order with caps, listing and links
// for the visit's two people only, and an access log row per play or download.
#include <catch2/catch.hpp>

#include "core/crypto/base64.h"
#include "confirmed_visit.h"

using namespace core;
using namespace std::chrono_literals;
using json = nlohmann::json;

namespace {

using test_scene::at;

ServicePolicies small_recordings() {
    ServicePolicies p;
    p.recordings.max_chunk_bytes = 8;
    p.recordings.max_recording_bytes = 20;
    p.recordings.link_key = "test key";
    return p;
}

// A doctor and a patient in the call of a confirmed visit, recording on once both consent.
struct Rec : test_scene::ConfirmedVisit {
    Rec() : ConfirmedVisit("UTC", small_recordings()) {
        clock.set(start - 5min);
        REQUIRE(calls.join(doctor, visit, fx));
        REQUIRE(calls.join(patient, visit, fx));
        REQUIRE(calls.admit(doctor, visit, patient, fx));
    }
    void record_on() {
        REQUIRE(calls.recording(doctor, visit, RecordingAction::request, fx));
        REQUIRE(calls.recording(patient, visit, RecordingAction::consent, fx));
        REQUIRE(calls.room(visit)->recording.state == RecordingState::on);
    }
    RecordingId started() {
        record_on();
        auto r = recordings.start(doctor, visit, "video/webm;codecs=vp8,opus", fx);
        REQUIRE(r);
        return r->id;
    }
};

}  // namespace

TEST_CASE("[core] recordings: nothing records before everyone consents", "[core][recordings]") {
    Rec f;
    CHECK(f.recordings.start(f.doctor, f.visit, "video/webm", f.fx).error().code == ErrorCode::recording_not_active);
    REQUIRE(f.calls.recording(f.doctor, f.visit, RecordingAction::request, f.fx));
    CHECK(f.recordings.start(f.doctor, f.visit, "video/webm", f.fx).error().code == ErrorCode::recording_not_active);
    REQUIRE(f.calls.recording(f.patient, f.visit, RecordingAction::consent, f.fx));
    CHECK(f.recordings.start(f.doctor, f.visit, "video/webm", f.fx));

    SECTION("a decline stops the uploads after the grace") {
        Rec g;
        const RecordingId id = g.started();
        REQUIRE(g.recordings.append(g.doctor, id, 0, "abc"));
        REQUIRE(g.calls.recording(g.patient, g.visit, RecordingAction::decline, g.fx));
        CHECK(g.recordings.append(g.doctor, id, 1, "late"));  // recorded before the decline
        g.clock.set(g.clock.now() + 20s);
        CHECK(g.recordings.append(g.doctor, id, 2, "x").error().code == ErrorCode::recording_not_active);
        auto list = g.recordings.list(g.doctor, g.visit);
        REQUIRE(list->size() == 1);
        CHECK(list->front().recording.status == RecordingStatus::complete);
        CHECK(list->front().recording.bytes == 7);
    }
}

TEST_CASE("[core] recordings: only the host doctor records and uploads", "[core][recordings]") {
    Rec f;
    f.record_on();
    CHECK(f.recordings.start(f.patient, f.visit, "video/webm", f.fx).error().code == ErrorCode::forbidden);
    CHECK(f.recordings.start(f.stranger, f.visit, "video/webm", f.fx).error().code == ErrorCode::not_found);
    CHECK(f.recordings.start(f.doctor, f.visit, "text/html", f.fx).error().code == ErrorCode::invalid_field);
    auto r = f.recordings.start(f.doctor, f.visit, "video/webm", f.fx);
    REQUIRE(r);
    CHECK(f.recordings.append(f.patient, r->id, 0, "abc").error().code == ErrorCode::forbidden);
    CHECK(f.recordings.append(f.stranger, r->id, 0, "abc").error().code == ErrorCode::not_found);
    CHECK(f.recordings.finish(f.patient, r->id, 1000, f.fx).error().code == ErrorCode::forbidden);
    CHECK(f.recordings.append(f.doctor, 9999, 0, "abc").error().code == ErrorCode::not_found);
}

TEST_CASE("[core] recordings: chunks in order, repeats are harmless, caps hold", "[core][recordings]") {
    Rec f;
    const RecordingId id = f.started();
    REQUIRE(f.recordings.append(f.doctor, id, 0, "0123"));
    auto again = f.recordings.append(f.doctor, id, 0, "0123");
    REQUIRE(again);
    CHECK(again->duplicate);
    CHECK(again->bytes == 4);
    auto gap = f.recordings.append(f.doctor, id, 2, "x");
    REQUIRE(!gap);
    CHECK(gap.error().code == ErrorCode::recording_out_of_order);
    CHECK(gap.error().message.find("1 is next") != std::string::npos);
    CHECK(f.recordings.append(f.doctor, id, 1, "too many bytes").error().code == ErrorCode::invalid_field);
    CHECK(f.recordings.append(f.doctor, id, 1, "").error().code == ErrorCode::invalid_field);
    CHECK(f.recordings.append(f.doctor, id, -1, "x").error().code == ErrorCode::invalid_field);
    REQUIRE(f.recordings.append(f.doctor, id, 1, "45678901"));
    REQUIRE(f.recordings.append(f.doctor, id, 2, "23456789"));  // 20 bytes: the cap exactly
    CHECK(f.recordings.read(id, 0, 100) == "01234567890123456789");
    CHECK(f.recordings.read(id, 3, 13) == "3456789012");

    auto over = f.recordings.append(f.doctor, id, 3, "x");
    REQUIRE(!over);
    CHECK(over.error().code == ErrorCode::recording_too_large);
    auto list = f.recordings.list(f.patient, f.visit);
    CHECK(list->front().recording.status == RecordingStatus::complete);  // saved with what it had
    CHECK(list->front().recording.bytes == 20);
}

TEST_CASE("[core] recordings: finishing, the sweep, one upload at a time", "[core][recordings]") {
    Rec f;
    const RecordingId id = f.started();
    REQUIRE(f.recordings.append(f.doctor, id, 0, "abc"));
    f.clock.set(f.clock.now() + 3s);
    auto done = f.recordings.finish(f.doctor, id, 999999, f.fx);
    REQUIRE(done);
    CHECK(done->status == RecordingStatus::complete);
    CHECK(done->duration_ms == 3000);  // clamped to the wall time
    CHECK(f.recordings.finish(f.doctor, id, 5, f.fx)->duration_ms == 3000);  // twice: unchanged
    CHECK(f.recordings.append(f.doctor, id, 1, "x").error().code == ErrorCode::recording_not_active);

    SECTION("a second start finalises an open upload") {
        auto a = f.recordings.start(f.doctor, f.visit, "video/webm", f.fx);
        auto b = f.recordings.start(f.doctor, f.visit, "video/webm", f.fx);
        REQUIRE(a);
        REQUIRE(b);
        auto list = f.recordings.list(f.doctor, f.visit);
        REQUIRE(list->size() == 3);
        CHECK(list.value()[1].recording.status == RecordingStatus::failed);  // nothing arrived
        CHECK(list.value()[2].recording.status == RecordingStatus::uploading);
    }
    SECTION("the sweep ends an upload whose recorder went quiet") {
        auto b = f.recordings.start(f.doctor, f.visit, "video/webm", f.fx);
        REQUIRE(f.recordings.append(f.doctor, b->id, 0, "x"));
        f.clock.set(f.clock.now() + 30s);
        CHECK(f.recordings.sweep() == 0);  // the room still records
        REQUIRE(f.calls.end(f.doctor, f.visit, f.fx));
        CHECK(f.recordings.sweep() == 1);
        CHECK(f.recordings.list(f.patient, f.visit)->back().recording.status == RecordingStatus::complete);
    }
}

TEST_CASE("[core] recordings: listing and links for the visit's two people, each access logged", "[core][recordings]") {
    Rec f;
    const RecordingId id = f.started();
    CHECK(f.recordings.link(f.patient, id, RecordingAccessAction::play).error().code == ErrorCode::invalid_transition);
    REQUIRE(f.recordings.append(f.doctor, id, 0, "webm"));
    REQUIRE(f.recordings.finish(f.doctor, id, 1000, f.fx));
    CHECK(f.recordings.list(f.stranger, f.visit).error().code == ErrorCode::not_found);
    CHECK(f.recordings.link(f.stranger, id, RecordingAccessAction::play).error().code == ErrorCode::not_found);

    auto link = f.recordings.link(f.patient, id, RecordingAccessAction::play);
    REQUIRE(link);
    CHECK(link->url == "/recordings/" + std::to_string(id) + "?token=" + link->token);
    auto used = f.recordings.redeem(link->token, id);
    REQUIRE(used);
    CHECK(used->first_use);
    CHECK(used->user == f.patient);
    CHECK_FALSE(f.recordings.redeem(link->token, id)->first_use);  // range requests: one row per link

    auto dl = f.recordings.link(f.doctor, id, RecordingAccessAction::download);
    REQUIRE(f.recordings.redeem(dl->token, id));
    auto list = f.recordings.list(f.doctor, f.visit);
    REQUIRE(list->front().accesses.size() == 2);
    CHECK(list->front().accesses[0].display_name == "Zoë Łukasiewicz");
    CHECK(list->front().accesses[0].access.action == RecordingAccessAction::play);
    CHECK(list->front().accesses[1].access.action == RecordingAccessAction::download);

    SECTION("forged, misdirected and expired links are refused") {
        std::string forged = link->token;
        forged[0] = forged[0] == '9' ? '8' : '9';
        CHECK(f.recordings.redeem(forged, id).error().code == ErrorCode::forbidden);
        CHECK(f.recordings.redeem(link->token, id + 1).error().code == ErrorCode::forbidden);
        CHECK(f.recordings.redeem("", id).error().code == ErrorCode::forbidden);
        CHECK(f.recordings.redeem("1.2.play.3.abc", id).error().code == ErrorCode::forbidden);
        f.clock.set(f.clock.now() + 16min);
        auto late = f.recordings.redeem(link->token, id);
        REQUIRE(!late);
        CHECK(late.error().message.find("expired") != std::string::npos);
    }
}

TEST_CASE("[core] recordings: the protocol round trip", "[core][recordings]") {
    Rec f;
    Dispatcher& dispatcher = f.dispatcher;
    ConnectionState doc, pat;
    int next = 1;
    auto call = [&](ConnectionState& c, const char* type, json data) {
        json req = {{"id", next++}, {"type", type}, {"data", data}};
        return json::parse(dispatcher.handle(c, req.dump()).reply);
    };
    for (auto* c : {&doc, &pat}) REQUIRE(call(*c, "hello", {{"protocol", protocol::kVersion}})["ok"] == true);
    REQUIRE(call(doc, "sign_in", {{"email", "dr@example.com"}, {"password", "a long enough secret"}})["ok"] == true);
    REQUIRE(call(pat, "sign_in", {{"email", "pat@example.com"}, {"password", "a long enough secret"}})["ok"] == true);
    f.record_on();
    auto started = call(doc, "recording_start", {{"appointment_id", f.visit}, {"mime_type", "video/webm"}});
    REQUIRE(started["ok"] == true);
    const auto id = started["data"]["recording"]["id"].get<std::int64_t>();
    CHECK(call(doc, "recording_chunk", {{"recording_id", id}, {"seq", 0}, {"data", "not base64!"}})["error"]["code"] == "invalid_field");
    auto chunk = call(doc, "recording_chunk", {{"recording_id", id}, {"seq", 0}, {"data", base64_encode("\x1a\x45\xdf\xa3")}});
    REQUIRE(chunk["ok"] == true);
    CHECK(chunk["data"]["bytes"] == 4);
    REQUIRE(call(doc, "recording_finish", {{"recording_id", id}, {"duration_ms", 1000}})["ok"] == true);
    auto list = call(pat, "recordings_list", {{"appointment_id", f.visit}});
    REQUIRE(list["data"]["recordings"].size() == 1);
    CHECK(list["data"]["recordings"][0]["status"] == "complete");
    auto access = call(pat, "recording_access", {{"recording_id", id}, {"action", "play"}});
    REQUIRE(access["ok"] == true);
    auto data = call(pat, "recording_data", {{"recording_id", id}, {"token", access["data"]["token"]}, {"offset", 0}});
    REQUIRE(data["ok"] == true);
    CHECK(*base64_decode(data["data"]["data"].get<std::string>()) == "\x1a\x45\xdf\xa3");
    CHECK(data["data"]["done"] == true);
    CHECK(call(doc, "recording_data", {{"recording_id", id}, {"token", access["data"]["token"]}, {"offset", 0}})["error"]["code"] ==
          "forbidden");  // the patient's link
    list = call(doc, "recordings_list", {{"appointment_id", f.visit}});
    CHECK(list["data"]["recordings"][0]["accesses"].size() == 1);
    CHECK(list["data"]["recordings"][0]["accesses"][0]["action"] == "play");
}

TEST_CASE("[core] base64: round trip and strict decoding", "[core][recordings]") {
    for (const std::string& s : std::vector<std::string>{"", "a", "ab", "abc", "abcd", std::string("\0\xff\x10", 3)})
        CHECK(*base64_decode(base64_encode(s)) == s);
    CHECK(base64_encode("abc") == "YWJj");
    CHECK(base64_encode("ab") == "YWI=");
    CHECK_FALSE(base64_decode("YWI"));
    CHECK_FALSE(base64_decode("YW=j"));
    CHECK_FALSE(base64_decode("YWJ="));  // non-canonical trailing bits
    CHECK_FALSE(base64_decode("YW\nJ"));
}
