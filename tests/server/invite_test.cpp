// Invitations and guests over the real server, with real WebSocket clients: the doctor invites; a
// guest (no account) opens the link, waits and is admitted; signaling passes between every pair of
// the four people in the call; a fifth admission is refused (call_full); a revoked or garbage token is
// refused; a guest connection can do nothing but its own call; the doctor hears who is waiting; the
// chat and the call log name the guest; a guest whose socket drops rejoins with the key.
#include <catch2/catch.hpp>

#include "clinic_flows.h"

using namespace test;
using namespace std::chrono_literals;

namespace {

template <typename Pred>
json await_call_state(WsClient& ws, std::int64_t appointment, Pred pred) {
    for (;;) {
        json e = ws.await_event("call.state");
        if (e["data"]["appointment_id"] == appointment && pred(e["data"])) return e["data"];
    }
}

std::string state_of(const json& call, std::int64_t user) {
    for (const json& m : call["participants"])
        if (m["user_id"] == user) return m["state"];
    return "(absent)";
}

struct Guest {
    std::unique_ptr<WsClient> ws;
    std::int64_t id = 0;
    std::string key;
};

// Opens the invitation on a fresh connection and enters as a guest (no sign-in).
Guest enter(std::uint16_t port, const std::string& token, const std::string& name) {
    Guest g;
    g.ws = greeted(port);
    const json entered = data_of(g.ws->request("invite_join", {{"token", token}, {"display_name", name}, {"time_zone", "Europe/Lisbon"}}),
                                 "invite_join " + name);
    g.id = entered["you"];
    g.key = entered["guest_key"];
    return g;
}

}  // namespace

TEST_CASE("[server] invites: guests by link, the doctor admits, a mesh of four, the fifth refused", "[server][calls][invites]") {
    const std::uint16_t port = shared_server().port();
    Person doctor = verified_doctor(port, all_week(30, 0));
    Person patient = sign_up_person(port, "invite-patient");
    Person stranger = sign_up_person(port, "invite-stranger");
    data_of(buy_credits(patient, "bundle5", "invite-" + patient.email), "buy_credits");
    const auto slots = get_slots(patient, doctor.id, now_utc(), now_utc() + 6h);
    REQUIRE(!slots.empty());
    const std::int64_t visit = data_of(book(patient, doctor.id, slots[0]["starts_at"]), "book")["appointment"]["id"];
    data_of(doctor.request("appointment_action", {{"appointment_id", visit}, {"action", "confirm"}}), "confirm");
    const json id = {{"appointment_id", visit}};

    // Only the doctor invites.
    CHECK(error_code(patient.request("call_invite_create", {{"appointment_id", visit}, {"role", "family"}})) == "forbidden");
    CHECK(error_code(stranger.request("call_invite_create", {{"appointment_id", visit}, {"role", "family"}})) == "not_found");
    std::vector<std::string> tokens;
    std::vector<std::int64_t> invite_ids;
    for (const char* role : {"interpreter", "colleague", "family"}) {
        const json made = data_of(doctor.request("call_invite_create", {{"appointment_id", visit}, {"role", role}}), "invite");
        tokens.push_back(made["token"]);
        invite_ids.push_back(made["invite"]["id"]);
        CHECK(made["path"] == "/?invite=" + tokens.back());
        CHECK(tokens.back().size() == 43);
    }
    const json listed = data_of(doctor.request("call_invites", id), "call_invites");
    CHECK(listed["invites"].size() == 3);
    CHECK(listed.dump().find(tokens[0]) == std::string::npos);  // the token is never listed

    // The patient waits; the doctor joins, admits.
    data_of(patient.request("call_join", id), "patient join");
    for (;;) {  // earlier notifications (the booking) come first
        const json n = doctor.ws->await_event("notification.created")["data"]["notification"];
        if (n["kind"] != "call.waiting") continue;
        CHECK(n["title"] == "Patient waiting");
        CHECK(n["appointment_id"] == visit);
        break;
    }
    CHECK(doctor.ws->await_event("call.waiting")["data"]["waiting"][0]["user_id"] == patient.id);
    data_of(doctor.request("call_join", id), "doctor join");
    data_of(doctor.request("call_admit", {{"appointment_id", visit}, {"user_id", patient.id}}), "admit patient");

    // A garbage token, then the guests.
    auto nobody = greeted(port);
    CHECK(error_code(nobody->request("invite_info", {{"token", "not-a-real-token"}})) == "invite_invalid");
    CHECK(error_code(nobody->request("invite_join", {{"token", "not-a-real-token"}, {"display_name", "X"}})) == "invite_invalid");
    const json info = data_of(nobody->request("invite_info", {{"token", tokens[0]}}), "invite_info");
    CHECK(info["visit"]["doctor_name"].is_string());
    CHECK(info["visit"]["appointment_id"] == visit);
    CHECK(info["invite"]["role"] == "interpreter");
    CHECK_FALSE(info["visit"].contains("patient"));

    Guest maria = enter(port, tokens[0], "Maria Silva");
    Guest chen = enter(port, tokens[1], "Dr. Chen");
    Guest tomasz = enter(port, tokens[2], "Tomasz");
    CHECK(maria.id < 0);
    CHECK(maria.key.size() == 43);
    CHECK(error_code(stranger.request("invite_join", {{"token", tokens[0]}, {"display_name", "Mallory"}})) == "forbidden");
    auto thief = greeted(port);
    CHECK(error_code(thief->request("invite_join", {{"token", tokens[0]}, {"display_name", "Mallory"}})) == "invite_invalid");

    // A guest connection reaches nothing but its own call.
    for (const char* type : {"me", "list_appointments", "get_wallet", "call_log", "call_messages", "call_invites", "sign_out"})
        CHECK(error_code(maria.ws->request(type, id)) == "forbidden");
    CHECK(error_code(maria.ws->request("call_join", {{"appointment_id", visit + 1000}})) == "not_found");
    CHECK(error_code(maria.ws->request("call_admit", {{"appointment_id", visit}, {"user_id", chen.id}})) == "forbidden");
    CHECK(error_code(maria.ws->request("call_end", id)) == "forbidden");

    for (Guest* g : {&maria, &chen, &tomasz}) {
        const json joined = data_of(g->ws->request("call_join", id), "guest join");
        CHECK(joined["you"] == g->id);
        CHECK(state_of(joined["call"], g->id) == "waiting");
    }
    const json waiting_now = data_of(doctor.request("call_waiting"), "call_waiting");
    CHECK(waiting_now["rooms"][0]["waiting"].size() == 3);
    CHECK(waiting_now["rooms"][0]["waiting"][0]["role"] == "interpreter");

    data_of(doctor.request("call_admit", {{"appointment_id", visit}, {"user_id", maria.id}}), "admit maria");
    data_of(doctor.request("call_admit", {{"appointment_id", visit}, {"user_id", chen.id}}), "admit chen");
    const json full = doctor.request("call_admit", {{"appointment_id", visit}, {"user_id", tomasz.id}});
    CHECK(error_code(full) == "call_full");
    CHECK_THAT(full["error"]["message"].get<std::string>(), Catch::Contains("at most 4 people"));
    await_call_state(*tomasz.ws, visit, [&](const json& c) { return state_of(c, chen.id) == "in_call"; });
    CHECK(error_code(tomasz.ws->request("call_signal", {{"appointment_id", visit}, {"to_user_id", doctor.id}, {"kind", "offer"},
                                                        {"data", json::object()}})) == "forbidden");

    // Signaling between every pair of the four.
    struct Member {
        WsClient* ws;
        std::int64_t id;
    };
    const std::vector<Member> four = {{doctor.ws.get(), doctor.id}, {patient.ws.get(), patient.id}, {maria.ws.get(), maria.id},
                                      {chen.ws.get(), chen.id}};
    for (const Member& from : four)
        for (const Member& to : four) {
            if (from.id == to.id) continue;
            const json data = {{"sdp", std::to_string(from.id) + "->" + std::to_string(to.id)}};
            data_of(from.ws->request("call_signal", {{"appointment_id", visit}, {"to_user_id", to.id}, {"kind", "offer"}, {"data", data}}),
                    "signal");
            const json got = to.ws->await_event("call.signal")["data"];
            CHECK(got["from_user_id"] == from.id);
            CHECK(got["data"] == data);
        }

    // Chat from a guest reaches everyone in the call and is kept with the appointment.
    data_of(maria.ws->request("call_chat", {{"appointment_id", visit}, {"text", "Eu traduzo."}}), "guest chat");
    CHECK(patient.ws->await_event("call.chat")["data"]["message"]["display_name"] == "Maria Silva");
    const json history = data_of(patient.request("call_messages", id), "call_messages");
    CHECK(history["messages"].back()["user_id"] == maria.id);

    // Maria's socket drops: reconnecting; she comes back with her key, straight into the call.
    maria.ws->close();
    await_call_state(*doctor.ws, visit, [&](const json& c) { return state_of(c, maria.id) == "reconnecting"; });
    CHECK(error_code(doctor.request("call_admit", {{"appointment_id", visit}, {"user_id", tomasz.id}})) == "call_full");
    auto again = greeted(port);
    const json reentered = data_of(again->request("invite_join", {{"token", tokens[0]}, {"display_name", "Maria Silva"}, {"guest_key", maria.key}}),
                                   "re-enter");
    CHECK(reentered["you"] == maria.id);
    CHECK(state_of(data_of(again->request("call_join", id), "rejoin")["call"], maria.id) == "in_call");

    // Chen's invitation is withdrawn: he is out, the token is refused, and Tomasz can be let in.
    data_of(doctor.request("call_invite_revoke", {{"appointment_id", visit}, {"invite_id", invite_ids[1]}}), "revoke");
    await_call_state(*chen.ws, visit, [&](const json& c) { return state_of(c, chen.id) == "left"; });
    CHECK(error_code(chen.ws->request("call_chat", {{"appointment_id", visit}, {"text", "hello?"}})) == "invite_invalid");
    auto late = greeted(port);
    const json revoked = late->request("invite_info", {{"token", tokens[1]}});
    CHECK(error_code(revoked) == "invite_invalid");
    CHECK(revoked["error"]["message"] == "The doctor withdrew this invitation.");
    data_of(doctor.request("call_admit", {{"appointment_id", visit}, {"user_id", tomasz.id}}), "admit tomasz");

    // The call log lists the guests with their roles.
    data_of(again->request("call_leave", id), "maria leaves");
    const json log = data_of(doctor.request("call_log", id), "call_log");
    std::map<std::int64_t, std::string> roles;
    for (const json& p : log["participants"]) roles[p["user_id"]] = p["role"];
    CHECK(roles[doctor.id] == "doctor");
    CHECK(roles[patient.id] == "patient");
    CHECK(roles[maria.id] == "interpreter");
    CHECK(roles[chen.id] == "colleague");
    CHECK(roles[tomasz.id] == "family");
    CHECK(error_code(stranger.request("call_join", id)) == "not_found");
}
