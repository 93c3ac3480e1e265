// Call recordings over the real server: consent first, the doctor uploads chunks over the WebSocket,
// both people list the recording (a stranger cannot), signed links stream it over HTTP with Range
// support, forged links get 403, and every play or download is in the access log.
#include <catch2/catch.hpp>

#include "clinic_flows.h"
#include "core/crypto/base64.h"

using namespace test;
using namespace std::chrono_literals;

namespace {

// A confirmed visit starting within the half hour, doctor and patient in its call.
struct RecordingScene {
    std::uint16_t port;
    Person doctor, patient, stranger;
    std::int64_t visit = 0;

    explicit RecordingScene(std::uint16_t p) : port(p) {
        doctor = verified_doctor(port, all_week(30, 0));
        patient = sign_up_person(port, "rec-patient");
        stranger = sign_up_person(port, "rec-stranger");
        data_of(buy_credits(patient, "bundle5", "rec-" + patient.email), "buy_credits");
        const auto slots = get_slots(patient, doctor.id, now_utc(), now_utc() + 6h);
        REQUIRE(!slots.empty());
        visit = data_of(book(patient, doctor.id, slots[0]["starts_at"]), "book")["appointment"]["id"].get<std::int64_t>();
        data_of(doctor.request("appointment_action", {{"appointment_id", visit}, {"action", "confirm"}}), "confirm");
        data_of(doctor.request("call_join", id()), "doctor join");
        data_of(patient.request("call_join", id()), "patient join");
        data_of(doctor.request("call_admit", {{"appointment_id", visit}, {"user_id", patient.id}}), "admit");
    }
    json id() const { return {{"appointment_id", visit}}; }
    json recording(const char* action) const { return {{"appointment_id", visit}, {"action", action}}; }
};

std::string bytes_of(size_t n, char seed) {
    std::string s(n, '\0');
    for (size_t i = 0; i < n; ++i) s[i] = char(seed + i * 7);
    return s;
}

}  // namespace

TEST_CASE("[server] recordings: consent, upload, list, stream with Range, access log", "[server][recordings]") {
    RecordingScene s(shared_server().port());
    const json start = {{"appointment_id", s.visit}, {"mime_type", "video/webm;codecs=vp8,opus"}};

    // Nothing records before everyone agreed.
    CHECK(error_code(s.doctor.request("recording_start", start)) == "recording_not_active");
    data_of(s.doctor.request("call_recording", s.recording("request")), "request");
    CHECK(error_code(s.doctor.request("recording_start", start)) == "recording_not_active");
    data_of(s.patient.request("call_recording", s.recording("consent")), "consent");

    // Only the host doctor records.
    CHECK(error_code(s.patient.request("recording_start", start)) == "forbidden");
    CHECK(error_code(s.stranger.request("recording_start", start)) == "not_found");
    const auto id = data_of(s.doctor.request("recording_start", start), "recording_start")["recording"]["id"].get<std::int64_t>();

    // Chunks in order: a WebM header first, then two 30 KiB pieces; a repeat is harmless, a gap refused.
    const std::string header("\x1a\x45\xdf\xa3", 4);
    const std::string all = header + bytes_of(30 * 1024, 'a') + bytes_of(30 * 1024, 'k');
    const std::vector<std::string> pieces = {header, all.substr(4, 30 * 1024), all.substr(4 + 30 * 1024)};
    auto chunk = [&](std::int64_t seq, const std::string& bytes) {
        return s.doctor.request("recording_chunk", {{"recording_id", id}, {"seq", seq}, {"data", core::base64_encode(bytes)}});
    };
    for (size_t i = 0; i < pieces.size(); ++i) data_of(chunk(std::int64_t(i), pieces[i]), "recording_chunk");
    CHECK(data_of(chunk(2, pieces[2]), "repeat")["duplicate"] == true);
    CHECK(error_code(chunk(4, "x")) == "recording_out_of_order");
    CHECK(error_code(s.patient.request("recording_chunk", {{"recording_id", id}, {"seq", 3}, {"data", "eA=="}})) == "forbidden");
    CHECK(error_code(chunk(3, bytes_of(41 * 1024, 'z'))) == "invalid_field");  // larger than a chunk may be

    data_of(s.doctor.request("call_recording", s.recording("stop")), "stop");
    const json finished = data_of(s.doctor.request("recording_finish", {{"recording_id", id}, {"duration_ms", 4000}}), "finish");
    CHECK(finished["recording"]["status"] == "complete");
    CHECK(finished["recording"]["bytes"] == std::int64_t(all.size()));
    // The patient heard of both: the recording began, the recording was saved.
    CHECK(s.patient.ws->await_event("recording.updated")["data"]["recording"]["status"] == "uploading");
    const json saved = s.patient.ws->await_event("recording.updated")["data"];
    CHECK(saved["appointment_id"] == s.visit);
    CHECK(saved["recording"]["status"] == "complete");

    // Both people list it; a stranger learns nothing.
    for (Person* p : {&s.doctor, &s.patient}) {
        const json list = data_of(p->request("recordings_list", s.id()), "recordings_list");
        REQUIRE(list["recordings"].size() == 1);
        CHECK(list["recordings"][0]["id"] == id);
        CHECK(list["recordings"][0]["accesses"].empty());
    }
    CHECK(error_code(s.stranger.request("recordings_list", s.id())) == "not_found");
    CHECK(error_code(s.stranger.request("recording_access", {{"recording_id", id}, {"action", "play"}})) == "not_found");

    // Play: the whole file, then a range (what a seeking <video> asks for).
    const json play = data_of(s.patient.request("recording_access", {{"recording_id", id}, {"action", "play"}}), "access play");
    const std::string url = play["url"];
    const auto whole = http_get(s.port, url);
    CHECK(whole.status == 200);
    CHECK(whole.header("content-type") == "video/webm");
    CHECK(whole.header("accept-ranges") == "bytes");
    CHECK(whole.header("cache-control") == "no-store");
    CHECK(whole.header("content-disposition").empty());
    CHECK(whole.body == all);
    const auto part = http_get(s.port, url, {{"Range", "bytes=100-199"}});
    CHECK(part.status == 206);
    CHECK(part.header("content-range") == "bytes 100-199/" + std::to_string(all.size()));
    CHECK(part.body == all.substr(100, 100));
    const auto tail = http_get(s.port, url, {{"Range", "bytes=-10"}});
    CHECK(tail.status == 206);
    CHECK(tail.body == all.substr(all.size() - 10));
    CHECK(http_get(s.port, url, {{"Range", "bytes=999999-"}}).status == 416);

    // Download: an attachment.
    const json dl = data_of(s.doctor.request("recording_access", {{"recording_id", id}, {"action", "download"}}), "access download");
    const auto file = http_get(s.port, dl["url"].get<std::string>());
    CHECK(file.status == 200);
    CHECK(file.header("content-disposition").find("attachment") != std::string::npos);
    CHECK(file.body.substr(0, 4) == header);

    // Forged or misdirected links: 403 with a sentence.
    std::string forged = url;
    forged[forged.size() - 3] = forged[forged.size() - 3] == 'A' ? 'B' : 'A';
    const auto refused = http_get(s.port, forged);
    CHECK(refused.status == 403);
    CHECK(refused.body.find("not valid") != std::string::npos);
    CHECK(http_get(s.port, "/recordings/" + std::to_string(id)).status == 403);
    CHECK(http_get(s.port, "/recordings/" + std::to_string(id + 1) + url.substr(url.find('?'))).status == 403);

    // The access log: one row per link (the play link was used three times), in order.
    const json list = data_of(s.patient.request("recordings_list", s.id()), "list after");
    const json& accesses = list["recordings"][0]["accesses"];
    REQUIRE(accesses.size() == 2);
    CHECK(accesses[0]["user_id"] == s.patient.id);
    CHECK(accesses[0]["action"] == "play");
    CHECK(accesses[1]["user_id"] == s.doctor.id);
    CHECK(accesses[1]["action"] == "download");

    // Someone else's link over the protocol: refused, and the owner's log does not gain a play that was
    // not theirs (it did: the access was written before the presenter was compared).
    const json fresh = data_of(s.patient.request("recording_access", {{"recording_id", id}, {"action", "play"}}), "access again");
    const json other = s.doctor.request("recording_data", {{"recording_id", id}, {"token", fresh["token"]}, {"offset", 0}});
    CHECK(error_code(other) == "forbidden");
    CHECK(data_of(s.patient.request("recordings_list", s.id()), "list")["recordings"][0]["accesses"].size() == 2);

    // The HTTP link is bound to the session that opened it: after the patient signs out, it is refused.
    CHECK(http_get(s.port, fresh["url"].get<std::string>(), {{"Range", "bytes=0-3"}}).status == 206);
    data_of(s.patient.request("sign_out"), "sign_out");
    const auto after = http_get(s.port, fresh["url"].get<std::string>());
    CHECK(after.status == 403);
    CHECK(after.body.find("session") != std::string::npos);
}
