// Video consultations over the real server, with real WebSocket clients: the patient waits, the doctor
// admits, signaling is relayed between them; strangers, visits outside their window and unconfirmed
// visits are refused without any member information; a dropped socket leaves the member reconnecting
// until they rejoin; the call log shows both people's time.
#include <catch2/catch.hpp>

#include <thread>

#include "clinic_flows.h"
#include "ice/turn_rest.h"

using namespace test;
using namespace std::chrono_literals;

namespace {

// The next call.state of this appointment for which `pred` holds (earlier ones are skipped).
template <typename Pred>
json await_call_state(Person& p, std::int64_t appointment, Pred pred) {
    for (;;) {
        json e = p.ws->await_event("call.state");
        if (e["data"]["appointment_id"] == appointment && pred(e["data"])) return e["data"];
    }
}

std::string state_of(const json& call, std::int64_t user) {
    for (const json& m : call["participants"])
        if (m["user_id"] == user) return m["state"];
    return "(absent)";
}

// A doctor whose hours cover now (no minimum notice), a patient with credits, a confirmed visit that
// starts within the next half hour (its call is open), and a stranger.
struct CallScene {
    std::uint16_t port;
    Person doctor, patient, stranger;
    std::int64_t visit = 0;
    std::vector<json> later_slots;  // further slots of the doctor, outside the join window

    explicit CallScene(std::uint16_t p) : port(p) {
        doctor = verified_doctor(port, all_week(30, 0));
        patient = sign_up_person(port, "call-patient");
        stranger = sign_up_person(port, "call-stranger");
        data_of(buy_credits(patient, "bundle5", "call-" + patient.email), "buy_credits");
        const auto slots = get_slots(patient, doctor.id, now_utc(), now_utc() + 6h);
        REQUIRE(slots.size() >= 4);
        REQUIRE(instant_of(slots[0]["starts_at"]) - now_utc() <= 30min);
        visit = data_of(book(patient, doctor.id, slots[0]["starts_at"]), "book")["appointment"]["id"].get<std::int64_t>();
        data_of(doctor.request("appointment_action", {{"appointment_id", visit}, {"action", "confirm"}}), "confirm");
        for (size_t i = 1; i < slots.size(); ++i)
            if (instant_of(slots[i]["starts_at"]) - now_utc() > 40min) later_slots.push_back(slots[i]);
        REQUIRE(later_slots.size() >= 2);
    }
    json id() const { return {{"appointment_id", visit}}; }
};

}  // namespace

TEST_CASE("[server] calls: wait, admit, relay signaling, drop and rejoin, call log", "[server][calls]") {
    CallScene s(shared_server().port());

    // The patient arrives first and waits.
    const json waiting = data_of(s.patient.request("call_join", s.id()), "patient call_join");
    CHECK(waiting["you"] == s.patient.id);
    CHECK(waiting["ice_servers"] == json::array());  // no STUN/TURN configured: host candidates only
    CHECK(waiting["call"]["status"] == "open");
    CHECK(state_of(waiting["call"], s.patient.id) == "waiting");
    CHECK(waiting["call"]["recording"]["state"] == "off");

    // The doctor joins: in the call at once, the visit in progress; the patient still waits.
    const json hosted = data_of(s.doctor.request("call_join", s.id()), "doctor call_join");
    CHECK(state_of(hosted["call"], s.doctor.id) == "in_call");
    CHECK(state_of(hosted["call"], s.patient.id) == "waiting");
    await_call_state(s.patient, s.visit, [&](const json& c) { return state_of(c, s.doctor.id) == "in_call"; });
    CHECK(data_of(s.patient.request("get_appointment", s.id()), "get_appointment")["appointment"]["status"] == "in_progress");

    // A waiting patient cannot signal yet.
    const json offer = {{"appointment_id", s.visit}, {"to_user_id", s.doctor.id}, {"kind", "offer"},
                        {"data", {{"type", "offer"}, {"sdp", "v=0\r\n"}}}};
    CHECK(error_code(s.patient.request("call_signal", offer)) == "forbidden");
    CHECK(error_code(s.patient.request("call_admit", {{"appointment_id", s.visit}, {"user_id", s.patient.id}})) == "forbidden");

    // Admitted: both in the call, both told.
    data_of(s.doctor.request("call_admit", {{"appointment_id", s.visit}, {"user_id", s.patient.id}}), "call_admit");
    for (Person* p : {&s.doctor, &s.patient})
        await_call_state(*p, s.visit, [&](const json& c) {
            return state_of(c, s.patient.id) == "in_call" && state_of(c, s.doctor.id) == "in_call";
        });

    // Signaling is relayed, as is, to the other side only.
    data_of(s.patient.request("call_signal", offer), "call_signal offer");
    const json got = s.doctor.ws->await_event("call.signal")["data"];
    CHECK(got == json{{"appointment_id", s.visit}, {"from_user_id", s.patient.id}, {"kind", "offer"},
                      {"data", {{"type", "offer"}, {"sdp", "v=0\r\n"}}}});
    data_of(s.doctor.request("call_signal", {{"appointment_id", s.visit}, {"to_user_id", s.patient.id}, {"kind", "answer"},
                                             {"data", {{"type", "answer"}, {"sdp", "v=0\r\n"}}}}),
            "call_signal answer");
    CHECK(s.patient.ws->await_event("call.signal")["data"]["kind"] == "answer");

    // Media flags and chat reach the other side.
    data_of(s.patient.request("call_media", {{"appointment_id", s.visit}, {"audio", true}, {"video", false}, {"screen", false}}),
            "call_media");
    await_call_state(s.doctor, s.visit, [&](const json& c) {
        for (const json& m : c["participants"])
            if (m["user_id"] == s.patient.id) return m["video"] == false;
        return false;
    });
    data_of(s.doctor.request("call_chat", {{"appointment_id", s.visit}, {"text", "Können Sie mich hören?"}}), "call_chat");
    CHECK(s.patient.ws->await_event("call.chat")["data"]["message"]["text"] == "Können Sie mich hören?");

    // The patient's socket drops: the doctor sees them reconnecting; a new connection rejoins straight
    // into the call (no second admission), and the doctor hears it so both can renegotiate.
    s.patient.ws->close();
    await_call_state(s.doctor, s.visit, [&](const json& c) { return state_of(c, s.patient.id) == "reconnecting"; });
    Person back;
    back.ws = greeted(s.port);
    back.id = data_of(sign_in(*back.ws, s.patient.email), "sign_in again")["user"]["id"].get<std::int64_t>();
    const json rejoined = data_of(back.request("call_join", s.id()), "rejoin");
    CHECK(state_of(rejoined["call"], s.patient.id) == "in_call");
    await_call_state(s.doctor, s.visit, [&](const json& c) { return state_of(c, s.patient.id) == "in_call"; });
    CHECK(data_of(back.request("call_messages", s.id()), "call_messages")["messages"].size() == 1);

    // A second in the call, then both leave: the log shows each person's time.
    std::this_thread::sleep_for(1100ms);
    data_of(back.request("call_leave", s.id()), "patient leaves");
    data_of(s.doctor.request("call_leave", s.id()), "doctor leaves");
    const json log = data_of(back.request("call_log", s.id()), "call_log");
    CHECK(log["status"] == "ended");
    CHECK(log.contains("started_at"));
    CHECK(log.contains("ended_at"));
    REQUIRE(log["participants"].size() == 2);
    for (const json& p : log["participants"]) {
        CHECK(p["total_seconds"].get<int>() >= 1);
        CHECK(p["intervals"].size() >= 1);
        for (const json& i : p["intervals"]) CHECK_FALSE(i["left_at"].is_null());
    }
    CHECK(log["participants"][0]["role"] == "doctor");
    CHECK(log["participants"][1]["user_id"] == s.patient.id);
    CHECK(log["participants"][1]["intervals"].size() == 2);  // before the drop, after the rejoin
}

TEST_CASE("[server] calls: refusals carry no member information", "[server][calls]") {
    CallScene s(shared_server().port());
    data_of(s.doctor.request("call_join", s.id()), "doctor call_join");
    data_of(s.patient.request("call_join", s.id()), "patient call_join");

    SECTION("a third user: not_found, and no call.state ever reaches them") {
        const json r = s.stranger.request("call_join", s.id());
        CHECK(error_code(r) == "not_found");
        CHECK(r["error"]["message"] == "This appointment does not exist.");
        CHECK_FALSE(r.contains("data"));
        for (const char* type : {"call_log", "call_messages", "call_leave", "call_end"})
            CHECK(error_code(s.stranger.request(type, s.id())) == "not_found");
        CHECK(error_code(s.stranger.request("call_signal", {{"appointment_id", s.visit}, {"to_user_id", s.doctor.id},
                                                            {"kind", "candidate"}, {"data", json::object()}})) == "not_found");
        // The members keep changing things; the stranger hears none of it.
        data_of(s.doctor.request("call_admit", {{"appointment_id", s.visit}, {"user_id", s.patient.id}}), "call_admit");
        data_of(s.doctor.request("call_media", {{"appointment_id", s.visit}, {"audio", false}, {"video", true}, {"screen", true}}),
                "call_media");
        await_call_state(s.patient, s.visit, [](const json& c) { return c["participants"][0]["screen"] == true; });
        s.stranger.ws->set_timeout(500ms);
        CHECK_THROWS_AS(s.stranger.ws->await_event("call.state"), Timeout);
    }
    SECTION("the patient of a visit outside its window: call_not_open, saying when it opens") {
        const json later = s.later_slots[0]["starts_at"];
        const auto other = data_of(book(s.patient, s.doctor.id, later), "book later")["appointment"]["id"].get<std::int64_t>();
        data_of(s.doctor.request("appointment_action", {{"appointment_id", other}, {"action", "confirm"}}), "confirm later");
        const json r = s.patient.request("call_join", {{"appointment_id", other}});
        CHECK(error_code(r) == "call_not_open");
        CHECK_THAT(r["error"]["message"].get<std::string>(),
                   Catch::StartsWith("The video call opens at ") && Catch::EndsWith("(30 minutes before the start)."));
        CHECK(error_code(s.doctor.request("call_join", {{"appointment_id", other}})) == "call_not_open");
    }
    SECTION("an unconfirmed (requested) visit: call_not_open") {
        const json later = s.later_slots[1]["starts_at"];
        const auto requested = data_of(book(s.patient, s.doctor.id, later), "book")["appointment"]["id"].get<std::int64_t>();
        const json r = s.patient.request("call_join", {{"appointment_id", requested}});
        CHECK(error_code(r) == "call_not_open");
        CHECK_THAT(r["error"]["message"].get<std::string>(), Catch::Contains("not confirmed"));
    }
}

TEST_CASE("[server] calls: configured STUN/TURN servers reach the browser with a TURN REST credential", "[server][calls]") {
    ServerProcess server({"--stun-url", "stun:stun.example.org:3478", "--turn-url", "turn:turn.example.org:3478?transport=udp",
                          "--turn-secret", "shared-with-coturn", "--turn-ttl", "10m"});
    CallScene s(server.port());
    const json ice = data_of(s.doctor.request("call_join", s.id()), "call_join")["ice_servers"];
    REQUIRE(ice.size() == 2);
    CHECK(ice[0] == json{{"urls", {"stun:stun.example.org:3478"}}});
    CHECK(ice[1]["urls"] == json{"turn:turn.example.org:3478?transport=udp"});
    const std::string username = ice[1]["username"];
    const auto colon = username.find(':');
    REQUIRE(colon != std::string::npos);
    CHECK(username.substr(colon + 1) == std::to_string(s.doctor.id));
    const auto expiry = std::stoll(username.substr(0, colon));
    const auto now_s = core::to_unix_ms(now_utc()) / 1000;
    CHECK(expiry > now_s + 500);
    CHECK(expiry <= now_s + 600);
    CHECK(ice[1]["credential"] == server::turn_rest_credential("shared-with-coturn", username));
    CHECK(server.log().find("shared-with-coturn") == std::string::npos);  // the secret is never logged
}
