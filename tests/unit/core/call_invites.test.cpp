// Invitations to a video visit, guests, the room cap of four and the doctor's "patient waiting".
#include <catch2/catch.hpp>

#include "core/calls/messages.h"
#include "core/crypto/sha256.h"
#include "core/invitations/messages.h"
#include "core/notifications/messages.h"
#include "confirmed_visit.h"
#include "events.h"

using namespace core;
using namespace std::chrono;
using namespace std::chrono_literals;
using json = nlohmann::json;
using test_events::data_of;
using test_events::events_of;
using test_events::sent;

namespace {

using test_scene::at;
using test_scene::Client;

// An invitation in the wire form the doctor's list shows (docs/PROTOCOL.md, "invite").
json listed_invite(const CallInvite& invite, Instant now) { return protocol::encode(msg::Invitation::of(invite, now)); }

// A verified doctor in Berlin, a patient in New York, a stranger; one visit confirmed for 09:00 UTC.
struct Invites : test_scene::ConfirmedVisit {
    CallMemberState state_of(UserId u) {
        auto room = calls.room(visit);
        REQUIRE(room);
        const CallMember* m = room->member(u);
        REQUIRE(m);
        return m->state;
    }
    std::string invite(CallRole role = CallRole::interpreter, const std::string& name = "") {
        auto r = invitations.create(doctor, visit, role, name);
        REQUIRE(r);
        return r->token;
    }
    // A guest who opened the link and gave a name; returns {guest id, key}.
    std::pair<UserId, std::string> guest(const std::string& token, const std::string& name) {
        auto r = invitations.enter_as_guest(token, name, "", "Europe/Lisbon");
        REQUIRE(r);
        return {r->guest, r->guest_key};
    }
    // Doctor and patient in the call.
    void both_in() {
        clock.set(start - 5min);
        REQUIRE(calls.join(doctor, visit, fx));
        REQUIRE(calls.join(patient, visit, fx));
        REQUIRE(calls.admit(doctor, visit, patient, fx));
    }
    // An offer from one member to another: relayed only between people in the call together.
    Result<Done> offer(UserId from, UserId to, AppointmentId id = 0) {
        return calls.relay_signal(from, id ? id : visit, to, SignalKind::offer, json::object(), fx);
    }
    // Whether the doctor was told that the waiting room of the visit changed (call.waiting).
    bool waiting_changed() const {
        for (const auto& w : test_events::events_to<msg::WaitingChanged>(fx, doctor))
            if (w.appointment_id == visit) return true;
        return false;
    }
};

}  // namespace

TEST_CASE("[core] invites: only the doctor invites; the token is long and stored hashed", "[core][calls][invites]") {
    Invites f;
    f.clock.set(f.start - 1h);  // before the window opens: inviting ahead is fine
    auto made = f.invitations.create(f.doctor, f.visit, CallRole::family, "  Ana  ");
    REQUIRE(made);
    CHECK(made->token.size() == 43);  // 256 random bits, base64url
    CHECK(made->invite.name == "Ana");
    CHECK(made->invite.token_hash == sha256_hex(made->token));
    CHECK(made->invite.expires_at == f.start + 2h);
    auto stored = f.invitations.list(f.doctor, f.visit);
    REQUIRE(stored);
    REQUIRE(stored->size() == 1);
    CHECK(stored->front().token_hash != made->token);
    const json listed = listed_invite(stored->front(), f.clock.now());
    CHECK(listed["state"] == "open");
    CHECK(listed["role"] == "family");
    CHECK(listed.dump().find(made->token) == std::string::npos);

    CHECK(f.invitations.create(f.patient, f.visit, CallRole::family, "").error().code == ErrorCode::forbidden);
    CHECK(f.invitations.list(f.patient, f.visit).error().code == ErrorCode::forbidden);
    CHECK(f.invitations.create(f.stranger, f.visit, CallRole::family, "").error().code == ErrorCode::not_found);
    CHECK(f.invitations.create(f.doctor, 999, CallRole::family, "").error().code == ErrorCode::not_found);
    auto bad_role = f.invitations.create(f.doctor, f.visit, CallRole::patient, "");
    CHECK(bad_role.error().field == "role");
    CHECK(f.invitations.create(f.doctor, f.visit, CallRole::colleague, std::string(101, 'a')).error().field == "name");
    CHECK(f.invitations.revoke(f.patient, f.visit, made->invite.id, f.fx).error().code == ErrorCode::forbidden);
    CHECK(f.invitations.revoke(f.doctor, f.visit, 12345, f.fx).error().field == "invite_id");

    SECTION("at most 8 open invitations per visit") {
        for (int i = 1; i < 8; ++i) f.invite();
        CHECK(f.invitations.create(f.doctor, f.visit, CallRole::colleague, "").error().code == ErrorCode::forbidden);
        REQUIRE(f.invitations.revoke(f.doctor, f.visit, made->invite.id, f.fx));
        CHECK(f.invitations.create(f.doctor, f.visit, CallRole::colleague, ""));
    }
    SECTION("no invitations once the window closed or for a visit not confirmed") {
        f.clock.set(f.start + 2h);
        CHECK(f.invitations.create(f.doctor, f.visit, CallRole::colleague, "").error().code == ErrorCode::call_not_open);
        const AppointmentId requested = f.book(at("2026-11-17T10:00:00Z"));
        CHECK(f.invitations.create(f.doctor, requested, CallRole::colleague, "").error().code == ErrorCode::call_not_open);
    }
}

TEST_CASE("[core] invites: the token decides; a claimed link only comes back with its key", "[core][calls][invites]") {
    Invites f;
    f.clock.set(f.start - 10min);
    const std::string token = f.invite(CallRole::interpreter, "Maria");
    auto info = f.invitations.info(token);
    REQUIRE(info);
    CHECK(info->doctor_name == "Dr. Amara Okafor");
    CHECK(info->invite.role == CallRole::interpreter);

    for (const std::string& garbage : {std::string(), std::string("nope"), token + "x", std::string(5000, 'a')}) {
        auto r = f.invitations.info(garbage);
        CHECK(r.error().code == ErrorCode::invite_invalid);
        CHECK(f.invitations.enter_as_guest(garbage, "Maria", "", "UTC").error().code == ErrorCode::invite_invalid);
    }
    CHECK(f.invitations.enter_as_guest(token, "   ", "", "UTC").error().field == "display_name");
    CHECK(f.invitations.enter_as_guest(token, "Maria", "", "not a zone!").error().field == "time_zone");

    auto first = f.invitations.enter_as_guest(token, "Maria Silva", "", "Europe/Lisbon");
    REQUIRE(first);
    CHECK(first->guest < 0);
    CHECK(first->guest_key.size() == 43);
    auto other = f.invitations.enter_as_guest(token, "Mallory", "", "UTC");
    CHECK(other.error().code == ErrorCode::invite_invalid);
    CHECK_THAT(other.error().message, Catch::Contains("Someone else already joined"));
    CHECK(f.invitations.enter_as_guest(token, "Mallory", "wrong-key", "UTC").error().code == ErrorCode::invite_invalid);
    auto again = f.invitations.enter_as_guest(token, "Maria Silva", first->guest_key, "Europe/Lisbon");
    REQUIRE(again);
    CHECK(again->guest == first->guest);
    CHECK(listed_invite(f.invitations.list(f.doctor, f.visit)->front(), f.clock.now())["state"] == "joined");

    SECTION("revoked: a clear refusal, and the guest is out") {
        REQUIRE(f.calls.join(first->guest, f.visit, f.fx));
        CHECK(f.state_of(first->guest) == CallMemberState::waiting);
        REQUIRE(f.invitations.revoke(f.doctor, f.visit, invite_of_guest(first->guest), f.fx));
        CHECK(f.waiting_changed());
        auto r = f.invitations.info(token);
        CHECK(r.error().code == ErrorCode::invite_invalid);
        CHECK(r.error().message == "The doctor withdrew this invitation.");
        CHECK(f.invitations.enter_as_guest(token, "Maria Silva", first->guest_key, "UTC").error().code == ErrorCode::invite_invalid);
        CHECK(f.calls.join(first->guest, f.visit, f.fx).error().code == ErrorCode::invite_invalid);
        CHECK_FALSE(f.calls.room(f.visit));  // she was the only one there: the room ended
    }
    SECTION("expired when the window closes, or when the visit is cancelled") {
        f.clock.set(f.start + 2h);
        CHECK_THAT(f.invitations.info(token).error().message, Catch::Contains("expired"));
        f.clock.set(f.start - 10min);
        REQUIRE(f.clinic.act(f.doctor, f.visit, AppointmentAction::cancel, "Sorry", f.cfx));
        CHECK(f.invitations.info(token).error().code == ErrorCode::invite_invalid);
    }
}

TEST_CASE("[core] invites: up to four in the call; the fifth waits and admitting them is refused", "[core][calls][invites]") {
    Invites f;
    f.both_in();
    auto [g1, k1] = f.guest(f.invite(CallRole::interpreter), "Maria");
    auto [g2, k2] = f.guest(f.invite(CallRole::colleague), "Dr. Chen");
    auto [g3, k3] = f.guest(f.invite(CallRole::family), "Tomasz");
    for (UserId g : {g1, g2, g3}) {
        REQUIRE(f.calls.join(g, f.visit, f.fx));
        CHECK(f.state_of(g) == CallMemberState::waiting);  // guests always wait for the doctor
    }
    CHECK(f.calls.admit(f.patient, f.visit, g1, f.fx).error().code == ErrorCode::forbidden);
    CHECK(f.calls.admit(g1, f.visit, g1, f.fx).error().code == ErrorCode::forbidden);  // waiting: join first
    REQUIRE(f.calls.admit(f.doctor, f.visit, g1, f.fx));
    CHECK(f.calls.admit(g1, f.visit, g2, f.fx).error().code == ErrorCode::forbidden);  // only the doctor admits
    REQUIRE(f.calls.admit(f.doctor, f.visit, g2, f.fx));
    auto full = f.calls.admit(f.doctor, f.visit, g3, f.fx);
    REQUIRE_FALSE(full);
    CHECK(full.error().code == ErrorCode::call_full);
    CHECK_THAT(full.error().message, Catch::Contains("at most 4 people"));
    CHECK(f.state_of(g3) == CallMemberState::waiting);

    // Signaling between every pair of the four.
    const UserId four[] = {f.doctor, f.patient, g1, g2};
    for (UserId a : four)
        for (UserId b : four)
            if (a != b) CHECK(f.offer(a, b));
    CHECK(f.offer(g3, f.doctor).error().code == ErrorCode::forbidden);
    CHECK(f.offer(f.doctor, g3).error().code == ErrorCode::forbidden);

    SECTION("a reconnecting guest keeps the place; once someone leaves, the fifth can come in") {
        f.calls.disconnected(g2, f.visit, f.calls.join(g2, f.visit, f.fx)->link, f.fx);
        CHECK(f.state_of(g2) == CallMemberState::reconnecting);
        CHECK(f.calls.admit(f.doctor, f.visit, g3, f.fx).error().code == ErrorCode::call_full);
        REQUIRE(f.calls.leave(g1, f.visit, f.fx));
        REQUIRE(f.calls.admit(f.doctor, f.visit, g3, f.fx));
        CHECK(f.state_of(g3) == CallMemberState::in_call);
    }
}

TEST_CASE("[core] invites: a guest can touch only their call; chat and the log name them", "[core][calls][invites]") {
    Invites f;
    f.both_in();
    const AppointmentId other_visit = f.book(at("2026-11-16T10:00:00Z"));
    REQUIRE(f.clinic.act(f.doctor, other_visit, AppointmentAction::confirm, "", f.cfx));
    auto [g, key] = f.guest(f.invite(CallRole::interpreter, "Maria"), "Maria Silva");
    REQUIRE(f.calls.join(g, f.visit, f.fx));
    CHECK(f.calls.chat(g, f.visit, "hello", f.fx).error().code == ErrorCode::forbidden);  // waiting
    REQUIRE(f.calls.admit(f.doctor, f.visit, g, f.fx));
    CHECK(f.calls.room(f.visit)->member(g)->role == CallRole::interpreter);
    CHECK(f.calls.room(f.visit)->member(g)->display_name == "Maria Silva");

    for (auto r : {f.calls.join(g, other_visit, f.fx).error(), f.calls.leave(g, other_visit, f.fx).error(),
                   f.offer(g, f.doctor, other_visit).error(), f.calls.chat(g, other_visit, "x", f.fx).error()})
        CHECK(r.code == ErrorCode::not_found);
    CHECK(f.calls.messages(g, f.visit).error().code == ErrorCode::forbidden);
    CHECK(f.calls.log(g, f.visit).error().code == ErrorCode::forbidden);
    CHECK(f.calls.end(g, f.visit, f.fx).error().code == ErrorCode::forbidden);
    CHECK(f.calls.recording(g, f.visit, RecordingAction::request, f.fx).error().code == ErrorCode::forbidden);
    CHECK(f.invitations.create(g, f.visit, CallRole::family, "").error().code == ErrorCode::forbidden);
    CHECK(f.calls.set_media(g, f.visit, false, true, false, f.fx));

    SECTION("the recording needs the guest's consent too") {
        REQUIRE(f.calls.recording(f.doctor, f.visit, RecordingAction::request, f.fx));
        REQUIRE(f.calls.recording(f.patient, f.visit, RecordingAction::consent, f.fx));
        CHECK(f.calls.room(f.visit)->recording.state == RecordingState::requested);
        REQUIRE(f.calls.recording(g, f.visit, RecordingAction::consent, f.fx));
        CHECK(f.calls.room(f.visit)->recording.state == RecordingState::on);
    }
    SECTION("chat is stored with the appointment under the guest's name; the log lists the guest") {
        f.fx = {};
        auto posted = f.calls.chat(g, f.visit, "I will translate.", f.fx);
        REQUIRE(posted);
        CHECK(events_of<msg::ChatReceived>(f.fx).size() == 3);  // the doctor, the patient and the guest
        f.clock.advance(60s);
        REQUIRE(f.calls.leave(g, f.visit, f.fx));
        auto history = f.calls.messages(f.patient, f.visit);
        REQUIRE(history);
        REQUIRE(history->size() == 1);
        CHECK(history->front().display_name == "Maria Silva");
        CHECK(history->front().message.user_id == g);
        auto log = f.calls.log(f.doctor, f.visit);
        REQUIRE(log);
        REQUIRE(log->participants.size() == 3);
        CHECK(log->participants[2].user_id == g);
        CHECK(log->participants[2].role == CallRole::interpreter);
        CHECK(log->participants[2].display_name == "Maria Silva");
        CHECK(log->participants[2].total_seconds == 60);
        CHECK(protocol::encode(msg::CallLogInfo::of(log.value()))["participants"][2]["role"] == "interpreter");
    }
    SECTION("a guest who drops comes back with the key, without a second admission; after 45 s they have left") {
        auto link = f.calls.join(g, f.visit, f.fx)->link;
        f.calls.disconnected(g, f.visit, link, f.fx);
        CHECK(f.state_of(g) == CallMemberState::reconnecting);
        f.clock.advance(20s);
        auto back = f.invitations.enter_as_guest(f.invitations.list(f.doctor, f.visit)->front().token_hash, "x", key, "UTC");
        CHECK(back.error().code == ErrorCode::invite_invalid);  // the hash is not the token
        REQUIRE(f.calls.join(g, f.visit, f.fx));
        CHECK(f.state_of(g) == CallMemberState::in_call);
        f.calls.disconnected(g, f.visit, f.calls.join(g, f.visit, f.fx)->link, f.fx);
        f.clock.advance(45s);
        f.calls.sweep(f.fx);
        CHECK(f.state_of(g) == CallMemberState::left);
        REQUIRE(f.calls.join(g, f.visit, f.fx));
        CHECK(f.state_of(g) == CallMemberState::waiting);  // left: needs the doctor again
    }
}

TEST_CASE("[core] invites: the doctor is told that someone is waiting", "[core][calls][invites]") {
    Invites f;
    f.clock.set(f.start - 10min);
    REQUIRE(f.calls.join(f.patient, f.visit, f.fx));
    const auto told = sent<msg::NotificationCreated>(f.fx);
    REQUIRE(told.size() == 1);
    const msg::NotificationInfo& n = told.front().event.notification;
    CHECK(told.front().to.id == f.doctor);
    CHECK(n.kind == "call.waiting");
    CHECK(n.title == "Patient waiting");
    CHECK(n.body == "Zoë Łukasiewicz is in the waiting room of the video visit at Mon 16 Nov 2026, 10:00 (Europe/Berlin).");
    CHECK(n.appointment_id == f.visit);
    CHECK(f.waiting_changed());
    CHECK(f.notifications.list(f.doctor, 10)->notifications.front().kind == "call.waiting");  // stored
    REQUIRE(f.calls.waiting_rooms(f.doctor).size() == 1);
    CHECK(data_of(f.fx, "call.waiting").back()["waiting"][0]["user_id"] == f.patient);  // the doctor's waiting list
    CHECK(f.calls.waiting_rooms(f.patient).empty());

    f.fx = {};
    REQUIRE(f.calls.join(f.patient, f.visit, f.fx));  // a second tab: still waiting, no second notice
    CHECK(events_of<msg::NotificationCreated>(f.fx).empty());
    CHECK(events_of<msg::WaitingChanged>(f.fx).empty());

    auto [g, key] = f.guest(f.invite(CallRole::family), "Tomasz");
    f.fx = {};
    REQUIRE(f.calls.join(g, f.visit, f.fx));
    const auto guest_told = events_of<msg::NotificationCreated>(f.fx);
    REQUIRE(guest_told.size() == 1);
    CHECK(guest_told.front().notification.title == "Guest waiting");
    CHECK_THAT(guest_told.front().notification.body, Catch::StartsWith("Tomasz (family member) is in the waiting room"));

    f.fx = {};
    REQUIRE(f.calls.join(f.doctor, f.visit, f.fx));
    REQUIRE(f.calls.admit(f.doctor, f.visit, f.patient, f.fx));
    CHECK(f.waiting_changed());
    REQUIRE(f.calls.admit(f.doctor, f.visit, g, f.fx));
    CHECK(f.calls.waiting_rooms(f.doctor).empty());
}

TEST_CASE("[core] invites: over the dispatcher a guest connection reaches only its call", "[core][calls][invites][api]") {
    Invites f;
    const auto send = [&](Client& c, const std::string& type, json data) { return c.send(type, std::move(data)); };
    const auto reply_of = [&](Client& c, const std::string& type, json data) { return json::parse(send(c, type, data).reply); };
    const auto greeted = [&] {
        Client c(f.services);
        send(c, "hello", {{"protocol", protocol::kVersion}});
        return c;
    };
    const auto connect = [&](const char* email) {
        Client c = greeted();
        REQUIRE(reply_of(c, "sign_in", {{"email", email}, {"password", "a long enough secret"}})["ok"] == true);
        return c;
    };
    f.clock.set(f.start);
    Client doc = connect("dr@example.com"), pat = connect("pat@example.com"), other = connect("x@example.com");
    const json id = {{"appointment_id", f.visit}};
    REQUIRE(reply_of(doc, "call_join", id)["ok"] == true);

    CHECK(reply_of(pat, "call_invite_create", {{"appointment_id", f.visit}, {"role", "family"}})["error"]["code"] == "forbidden");
    CHECK(reply_of(other, "call_invite_create", {{"appointment_id", f.visit}, {"role", "family"}})["error"]["code"] == "not_found");
    CHECK(reply_of(doc, "call_invite_create", {{"appointment_id", f.visit}, {"role", "nurse"}})["error"]["field"] == "role");
    json made = reply_of(doc, "call_invite_create", {{"appointment_id", f.visit}, {"role", "interpreter"}, {"name", "Maria"}});
    INFO(made.dump());
    REQUIRE(made["ok"] == true);
    const std::string token = made["data"]["token"];
    CHECK(made["data"]["path"] == "/?invite=" + token);
    CHECK(made["data"]["invite"]["state"] == "open");
    CHECK(reply_of(doc, "call_invites", id)["data"]["invites"].size() == 1);

    Client guest = greeted();
    json info = reply_of(guest, "invite_info", {{"token", token}});
    CHECK(info["data"]["visit"]["doctor_name"] == "Dr. Amara Okafor");
    CHECK(info["data"]["invite"]["role"] == "interpreter");
    CHECK(info["data"].dump().find("Zoë") == std::string::npos);  // nothing about the patient
    CHECK(reply_of(guest, "invite_info", {{"token", "garbage"}})["error"]["code"] == "invite_invalid");
    CHECK(reply_of(guest, "call_join", id)["error"]["code"] == "unauthenticated");  // not a guest yet
    CHECK(reply_of(pat, "invite_join", {{"token", token}, {"display_name", "Zoë"}})["error"]["code"] == "forbidden");

    auto joined = send(guest, "invite_join", {{"token", token}, {"display_name", "Maria Silva"}, {"time_zone", "Europe/Lisbon"}});
    json entered = json::parse(joined.reply);
    REQUIRE(entered["ok"] == true);
    const UserId g = entered["data"]["you"];
    CHECK(g < 0);
    CHECK(joined.guest_bound == g);
    CHECK(entered["data"]["guest_key"].get<std::string>().size() == 43);
    CHECK(entered["data"]["visit"]["appointment_id"] == f.visit);

    // Everything but its own call is refused.
    for (const char* type : {"list_appointments", "me", "get_wallet", "call_log", "call_messages", "call_invites", "call_waiting"})
        CHECK(reply_of(guest, type, id)["error"]["code"] == "forbidden");
    CHECK(reply_of(guest, "call_join", {{"appointment_id", f.visit + 1}})["error"]["code"] == "not_found");
    CHECK(reply_of(guest, "call_admit", {{"appointment_id", f.visit}, {"user_id", g}})["error"]["code"] == "forbidden");

    auto waiting = send(guest, "call_join", id);
    REQUIRE(json::parse(waiting.reply)["data"]["you"] == g);
    bool told_doctor = false, waiting_event = false, guest_state = false;
    for (const Delivery& d : waiting.effects.deliveries) {
        told_doctor |= d.event.name == "notification.created" && d.to.id == f.doctor;
        waiting_event |= d.event.name == "call.waiting" && d.to.id == f.doctor && d.event.data["waiting"][0]["role"] == "interpreter";
        guest_state |= d.event.name == "call.state" && d.to.id == g;
    }
    CHECK(told_doctor);
    CHECK(waiting_event);
    CHECK(guest_state);
    CHECK(reply_of(doc, "call_waiting", json::object())["data"]["rooms"][0]["waiting"][0]["user_id"] == g);
    REQUIRE(reply_of(doc, "call_admit", {{"appointment_id", f.visit}, {"user_id", g}})["ok"] == true);
    auto relayed = send(guest, "call_signal", {{"appointment_id", f.visit}, {"to_user_id", f.doctor}, {"kind", "offer"}, {"data", json::object()}});
    REQUIRE(json::parse(relayed.reply)["ok"] == true);
    CHECK(relayed.effects.deliveries.at(0).event.data["from_user_id"] == g);
    CHECK(reply_of(guest, "call_chat", {{"appointment_id", f.visit}, {"text", "Olá"}})["data"]["message"]["display_name"] == "Maria Silva");

    // Revoked: the guest is out and the next request says why.
    const InviteId invite = made["data"]["invite"]["id"];
    REQUIRE(reply_of(doc, "call_invite_revoke", {{"appointment_id", f.visit}, {"invite_id", invite}})["ok"] == true);
    json after = reply_of(guest, "call_chat", {{"appointment_id", f.visit}, {"text", "still here?"}});
    CHECK(after["error"]["code"] == "invite_invalid");
    Client late = greeted();
    CHECK(reply_of(late, "invite_join", {{"token", token}, {"display_name", "Maria"}})["error"]["code"] == "invite_invalid");
}
