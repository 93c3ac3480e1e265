// Presence over the real server and real sockets: a doctor with two tabs is online while either is
// open and offline after both close; away only when both tabs are away; a stranger learns nothing; a
// hidden doctor is offline, with no last seen, to everyone. Each tab is its own WebSocket.
#include <catch2/catch.hpp>

#include <thread>

#include "clinic_flows.h"

using namespace test;
using namespace std::chrono_literals;

namespace {

// A verified doctor, a patient with a requested visit with them (a care relationship) and a patient
// with none; each signed in on one socket.
struct Scene {
    std::uint16_t port;
    Person doctor, patient, stranger;

    explicit Scene(std::uint16_t p) : port(p) {
        doctor = verified_doctor(port, all_week(30, 0));
        patient = sign_up_person(port, "presence-patient");
        stranger = sign_up_person(port, "presence-stranger");
        data_of(buy_credits(patient, "bundle5", "presence-" + patient.email), "buy_credits");
        const auto slots = get_slots(patient, doctor.id, now_utc() + 2h, now_utc() + 30h);
        REQUIRE_FALSE(slots.empty());
        data_of(book(patient, doctor.id, slots[0]["starts_at"]), "book");
    }
    std::unique_ptr<WsClient> tab(const Person& who) {
        auto ws = greeted(port);
        data_of(sign_in(*ws, who.email), "sign_in " + who.email);
        return ws;
    }
    // What `viewer` may see of `subject`: the entry of presence_of, or null when left out.
    json seen_by(Person& viewer, std::int64_t subject) {
        const json people = data_of(viewer.request("presence_of", {{"user_ids", {subject}}}), "presence_of")["people"];
        return people.empty() ? json() : people[0];
    }
};

// The presence.changed events that reached `ws` by now (none expected, or a few): the server announces
// from another connection's thread, so absence is judged after a pause; then a request's reply marks
// the end (frames of one connection arrive in order).
std::vector<json> presence_events(WsClient& ws, std::chrono::milliseconds wait = 400ms) {
    std::this_thread::sleep_for(wait);
    const std::int64_t marker = ws.send_request("presence_settings");
    std::vector<json> out;
    for (;;) {
        json m = ws.next_message();
        if (m.contains("id") && m["id"] == marker) break;
        if (m.value("event", "") == "presence.changed") out.push_back(m["data"]["presence"]);
    }
    return out;
}

}  // namespace

TEST_CASE("[server] presence: two tabs, online while either is open, offline after both close",
          "[server][presence]") {
    Scene s(shared_server().port());
    CHECK(s.seen_by(s.patient, s.doctor.id)["state"] == "online");

    auto second = s.tab(s.doctor);
    CHECK(presence_events(*s.patient.ws).empty());  // a second tab changes nothing
    s.doctor.ws->close();
    CHECK(presence_events(*s.patient.ws).empty());  // one tab still open
    CHECK(s.seen_by(s.patient, s.doctor.id)["state"] == "online");

    second->close();
    const json gone = s.patient.ws->await_event("presence.changed")["data"]["presence"];
    CHECK(gone["user_id"] == s.doctor.id);
    CHECK(gone["state"] == "offline");
    CHECK(gone["last_seen"] == "just_now");
    const json seen = s.seen_by(s.patient, s.doctor.id);
    CHECK(seen["state"] == "offline");
    CHECK(seen["last_seen"] == "just_now");

    auto back = s.tab(s.doctor);
    const json online = s.patient.ws->await_event("presence.changed")["data"]["presence"];
    CHECK(online["state"] == "online");
    CHECK(online["seq"].get<std::int64_t>() > gone["seq"].get<std::int64_t>());
    CHECK(online.contains("last_seen"));
    CHECK(online["last_seen"].is_null());
}

TEST_CASE("[server] presence: away only when both tabs are away", "[server][presence]") {
    Scene s(shared_server().port());
    auto second = s.tab(s.doctor);
    data_of(s.doctor.request("set_away", {{"away", true}}), "set_away");
    CHECK(presence_events(*s.patient.ws).empty());
    CHECK(s.seen_by(s.patient, s.doctor.id)["state"] == "online");

    data_of(second->request("set_away", {{"away", true}}), "set_away (second tab)");
    CHECK(s.patient.ws->await_event("presence.changed")["data"]["presence"]["state"] == "away");
    CHECK(s.seen_by(s.patient, s.doctor.id)["state"] == "away");

    data_of(s.doctor.request("set_away", {{"away", false}}), "set_away false");
    CHECK(s.patient.ws->await_event("presence.changed")["data"]["presence"]["state"] == "online");
    // The doctor sees the patient too (their patient); the patient's tab going away reaches the doctor.
    CHECK(s.seen_by(s.doctor, s.patient.id)["state"] == "online");
    data_of(s.patient.request("set_away", {{"away", true}}), "patient set_away");
    CHECK(s.doctor.ws->await_event("presence.changed")["data"]["presence"]["state"] == "away");
}

TEST_CASE("[server] presence: a stranger learns nothing", "[server][presence]") {
    Scene s(shared_server().port());
    CHECK(s.seen_by(s.stranger, s.doctor.id).is_null());
    CHECK(s.seen_by(s.stranger, s.patient.id).is_null());
    CHECK(s.seen_by(s.stranger, 987654321).is_null());  // nobody at all: the same answer
    CHECK(s.seen_by(s.doctor, s.stranger.id).is_null());
    auto second = s.tab(s.doctor);
    second->close();
    s.doctor.ws->close();
    CHECK(s.patient.ws->await_event("presence.changed")["data"]["presence"]["state"] == "offline");
    CHECK(presence_events(*s.stranger.ws).empty());  // the doctor's comings and goings never reach them
    const json bad = s.stranger.request("presence_of", {{"user_ids", "all"}});
    CHECK(bad["ok"] == false);
    CHECK(bad["error"]["code"] == "invalid_field");
}

TEST_CASE("[server] presence: a hidden doctor is offline with no last seen, to all", "[server][presence]") {
    Scene s(shared_server().port());
    const json hidden = data_of(s.doctor.request("set_presence_settings", {{"visible", false}}), "set_presence_settings");
    CHECK(hidden["visible"] == false);
    const json told = s.patient.ws->await_event("presence.changed")["data"]["presence"];
    CHECK(told["state"] == "offline");
    CHECK(told["last_seen"].is_null());
    const json seen = s.seen_by(s.patient, s.doctor.id);
    CHECK(seen["state"] == "offline");
    CHECK(seen["last_seen"].is_null());

    // Tabs opening, going away and closing announce nothing; the choice is kept for the next sign-in.
    auto second = s.tab(s.doctor);
    data_of(second->request("set_away", {{"away", true}}), "set_away");
    second->close();
    CHECK(presence_events(*s.patient.ws).empty());
    auto third = s.tab(s.doctor);
    CHECK(data_of(third->request("presence_settings"), "presence_settings")["visible"] == false);
    CHECK(s.seen_by(s.patient, s.doctor.id)["state"] == "offline");

    // A patient has nothing to hide.
    const json refused = s.patient.request("set_presence_settings", {{"visible", false}});
    CHECK(refused["error"]["code"] == "forbidden");
}
