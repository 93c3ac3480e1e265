#include <catch2/catch.hpp>

#include "core/calls/messages.h"
#include "core/clinic/messages.h"
#include "confirmed_visit.h"
#include "events.h"

using namespace core;
using namespace std::chrono;
using namespace std::chrono_literals;
using json = nlohmann::json;
using test_events::data_of;
using test_events::events_of;
using test_events::events_to;

namespace {

using test_scene::at;
using test_scene::Client;

// A verified doctor in Berlin, a patient in New York, a stranger; one visit confirmed for 09:00 UTC.
struct Calls : test_scene::ConfirmedVisit {
    AppointmentStatus status(AppointmentId id) { return clinic.appointment(doctor, id)->appointment.status; }
    CallMemberState state_of(UserId u, AppointmentId id = 0) {
        auto room = calls.room(id ? id : visit);
        REQUIRE(room);
        const CallMember* m = room->member(u);
        REQUIRE(m);
        return m->state;
    }
    // Doctor and patient both in the call.
    std::pair<std::uint64_t, std::uint64_t> both_in() {
        clock.set(start - 5min);
        auto d = calls.join(doctor, visit, fx);
        REQUIRE(d);
        auto p = calls.join(patient, visit, fx);
        REQUIRE(p);
        REQUIRE(calls.admit(doctor, visit, patient, fx));
        return {d->link, p->link};
    }
    // An offer from one member to another: relayed only between people in the call together.
    Result<Done> offer(UserId from, UserId to, AppointmentId id = 0) {
        return calls.relay_signal(from, id ? id : visit, to, SignalKind::offer, json::object(), fx);
    }
};

}  // namespace

TEST_CASE("[core] calls: the join window and who may join", "[core][calls]") {
    Calls f;
    SECTION("a stranger learns nothing, whatever the time") {
        f.clock.set(f.start);
        REQUIRE(f.calls.join(f.doctor, f.visit, f.fx));
        for (auto id : {f.visit, AppointmentId{999}}) {
            auto r = f.calls.join(f.stranger, id, f.fx);
            REQUIRE_FALSE(r);
            CHECK(r.error().code == ErrorCode::not_found);
            CHECK(r.error().message == "This appointment does not exist.");
        }
        CHECK_FALSE(f.calls.room(f.visit)->member(f.stranger));
        CHECK(f.calls.log(f.stranger, f.visit).error().code == ErrorCode::not_found);
        CHECK(f.calls.messages(f.stranger, f.visit).error().code == ErrorCode::not_found);
        CHECK(f.offer(f.stranger, f.doctor).error().code == ErrorCode::not_found);
        CHECK(f.calls.chat(f.stranger, f.visit, "hi", f.fx).error().code == ErrorCode::not_found);
        CHECK(f.calls.admit(f.stranger, f.visit, f.stranger, f.fx).error().code == ErrorCode::not_found);
        CHECK(f.calls.leave(f.stranger, f.visit, f.fx).error().code == ErrorCode::not_found);
        CHECK(f.calls.end(f.stranger, f.visit, f.fx).error().code == ErrorCode::not_found);
        CHECK(f.calls.set_media(f.stranger, f.visit, true, true, false, f.fx).error().code == ErrorCode::not_found);
        CHECK(f.calls.recording(f.stranger, f.visit, RecordingAction::stop, f.fx).error().code == ErrorCode::not_found);
    }
    SECTION("one millisecond before the window: call_not_open, saying when it opens in the user's zone") {
        f.clock.set(f.start - 30min - 1ms);
        auto r = f.calls.join(f.patient, f.visit, f.fx);
        REQUIRE_FALSE(r);
        CHECK(r.error().code == ErrorCode::call_not_open);
        CHECK(r.error().message ==
              "The video call opens at Mon 16 Nov 2026, 03:30 (America/New_York) (30 minutes before the start).");
        auto d = f.calls.join(f.doctor, f.visit, f.fx);
        REQUIRE_FALSE(d);
        CHECK_THAT(d.error().message, Catch::Contains("09:30 (Europe/Berlin)"));
        CHECK_FALSE(f.calls.room(f.visit));
        CHECK(f.fx.empty());  // a refusal carries no event (no room, no members)
    }
    SECTION("the window opens 30 minutes before the start and closes 2 hours after it") {
        f.clock.set(f.start - 30min);
        REQUIRE(f.calls.join(f.patient, f.visit, f.fx));
        REQUIRE(f.calls.leave(f.patient, f.visit, f.fx));
        f.clock.set(f.start + 2h - 1ms);
        REQUIRE(f.calls.join(f.patient, f.visit, f.fx));
        REQUIRE(f.calls.leave(f.patient, f.visit, f.fx));
        f.clock.set(f.start + 2h);
        auto r = f.calls.join(f.patient, f.visit, f.fx);
        REQUIRE_FALSE(r);
        CHECK(r.error().code == ErrorCode::call_not_open);
        CHECK_THAT(r.error().message, Catch::Contains("closed at Mon 16 Nov 2026, 06:00 (America/New_York)"));
    }
    SECTION("a visit that is not confirmed: call_not_open with the reason") {
        const AppointmentId requested = f.book(at("2026-11-16T10:00:00Z"));
        f.clock.set(at("2026-11-16T09:50:00Z"));
        auto r = f.calls.join(f.patient, requested, f.fx);
        REQUIRE_FALSE(r);
        CHECK(r.error().code == ErrorCode::call_not_open);
        CHECK_THAT(r.error().message, Catch::Contains("not confirmed"));
        CHECK(f.calls.join(f.doctor, requested, f.fx).error().code == ErrorCode::call_not_open);
        f.clock.set(at("2026-11-16T07:00:00Z"));
        REQUIRE(f.clinic.act(f.patient, f.visit, AppointmentAction::cancel, "", f.cfx));
        f.clock.set(f.start);
        auto c = f.calls.join(f.patient, f.visit, f.fx);
        CHECK(c.error().code == ErrorCode::call_not_open);
        CHECK_THAT(c.error().message, Catch::Contains("cancelled"));
    }
}

TEST_CASE("[core] calls: the doctor hosts, the patient waits to be let in", "[core][calls]") {
    Calls f;
    f.clock.set(f.start - 10min);
    auto p = f.calls.join(f.patient, f.visit, f.fx);
    REQUIRE(p);
    CHECK(f.state_of(f.patient) == CallMemberState::waiting);
    CHECK(f.status(f.visit) == AppointmentStatus::confirmed);
    CHECK(f.calls.admit(f.patient, f.visit, f.patient, f.fx).error().code == ErrorCode::forbidden);

    auto d = f.calls.join(f.doctor, f.visit, f.fx);
    REQUIRE(d);
    CHECK(f.state_of(f.doctor) == CallMemberState::in_call);
    CHECK(f.state_of(f.patient) == CallMemberState::waiting);  // still waits after the doctor arrives
    CHECK(f.status(f.visit) == AppointmentStatus::in_progress);
    CHECK_FALSE(events_of<msg::AppointmentUpdated>(f.fx).empty());
    CHECK(d->room.members.size() == 2);

    CHECK(f.calls.admit(f.doctor, f.visit, f.stranger, f.fx).error().code == ErrorCode::invalid_field);
    REQUIRE(f.calls.admit(f.doctor, f.visit, f.patient, f.fx));
    CHECK(f.state_of(f.patient) == CallMemberState::in_call);
    REQUIRE(f.calls.admit(f.doctor, f.visit, f.patient, f.fx));  // again: nothing to do

    SECTION("a patient who leaves waits again when coming back") {
        REQUIRE(f.calls.leave(f.patient, f.visit, f.fx));
        CHECK(f.state_of(f.patient) == CallMemberState::left);
        REQUIRE(f.calls.join(f.patient, f.visit, f.fx));
        CHECK(f.state_of(f.patient) == CallMemberState::waiting);
    }
    SECTION("media flags") {
        REQUIRE(f.calls.set_media(f.patient, f.visit, false, true, true, f.fx));
        const auto room = f.calls.room(f.visit);
        const CallMember* m = room->member(f.patient);
        CHECK_FALSE(m->audio);
        CHECK(m->video);
        CHECK(m->screen);
        CHECK(events_of<msg::CallStateChanged>(f.fx).back().participants[0].screen == true);  // the patient came first
    }
}

TEST_CASE("[core] calls: signaling only between members in the call", "[core][calls]") {
    Calls f;
    f.clock.set(f.start);
    REQUIRE(f.calls.join(f.doctor, f.visit, f.fx));
    REQUIRE(f.calls.join(f.patient, f.visit, f.fx));
    CHECK(f.offer(f.patient, f.doctor).error().code == ErrorCode::forbidden);  // waiting
    CHECK(f.offer(f.doctor, f.patient).error().code == ErrorCode::forbidden);
    REQUIRE(f.calls.admit(f.doctor, f.visit, f.patient, f.fx));
    CHECK(f.offer(f.patient, f.doctor));
    CHECK(f.offer(f.doctor, f.patient));
    CHECK(f.offer(f.doctor, f.doctor).error().code == ErrorCode::forbidden);
    CHECK(f.offer(f.doctor, f.stranger).error().code == ErrorCode::forbidden);
    CHECK(f.offer(f.stranger, f.doctor).error().code == ErrorCode::not_found);
    REQUIRE(f.calls.leave(f.patient, f.visit, f.fx));
    CHECK(f.offer(f.doctor, f.patient).error().code == ErrorCode::forbidden);
}

TEST_CASE("[core] calls: a dropped member keeps the slot for 45 s; the room ends 45 s after the last drop", "[core][calls]") {
    Calls f;
    auto [dlink, plink] = f.both_in();
    f.calls.disconnected(f.patient, f.visit, plink, f.fx);
    CHECK(f.state_of(f.patient) == CallMemberState::reconnecting);

    SECTION("rejoining puts them back in the call without a second admission") {
        f.clock.advance(30s);
        auto again = f.calls.join(f.patient, f.visit, f.fx);
        REQUIRE(again);
        CHECK(f.state_of(f.patient) == CallMemberState::in_call);
        f.calls.disconnected(f.patient, f.visit, plink, f.fx);  // the old connection closing late: ignored
        CHECK(f.state_of(f.patient) == CallMemberState::in_call);
        auto log = f.calls.log(f.doctor, f.visit);
        REQUIRE(log->participants.size() == 2);
        CHECK(log->participants[1].intervals.size() == 2);  // the gap is not counted
    }
    SECTION("after the grace the member has left; 45 s after the last drop the room ends") {
        f.clock.advance(10s);
        f.calls.disconnected(f.doctor, f.visit, dlink, f.fx);
        const Instant last_drop = f.clock.now();
        f.clock.advance(35s);  // patient's grace over, doctor's not
        f.fx = {};
        f.calls.sweep(f.fx);
        CHECK(f.state_of(f.patient) == CallMemberState::left);
        CHECK(f.state_of(f.doctor) == CallMemberState::reconnecting);
        REQUIRE(events_to<msg::CallStateChanged>(f.fx, f.doctor).size() == 1);  // one change of the room
        f.clock.set(last_drop + 45s - 1ms);
        f.calls.sweep(f.fx);
        REQUIRE(f.calls.room(f.visit));
        f.clock.set(last_drop + 45s);
        f.fx = {};
        f.calls.sweep(f.fx);
        CHECK_FALSE(f.calls.room(f.visit));
        const auto ended = events_to<msg::CallStateChanged>(f.fx, f.doctor);
        REQUIRE(ended.size() == 1);
        CHECK(ended[0].status == CallStatus::ended);
        auto log = f.calls.log(f.patient, f.visit);
        CHECK(log->status == CallStatus::ended);
        for (const auto& p : log->participants)
            for (const auto& i : p.intervals) CHECK(i.left_at);
        CHECK(*log->ended_at == last_drop);  // stretches end when the connection dropped
    }
}

TEST_CASE("[core] calls: a member dropped for silence: the grace counts from when they were last heard", "[core][calls]") {
    Calls f;
    auto [dlink, plink] = f.both_in();
    f.clock.advance(30s);
    const Instant last_heard = f.clock.now() - 20s;
    f.calls.disconnected(f.patient, f.visit, plink, f.fx, 20s);  // the keep-alive noticed 20 s of silence
    CHECK(f.state_of(f.patient) == CallMemberState::reconnecting);
    f.clock.set(last_heard + 45s - 1ms);
    f.calls.sweep(f.fx);
    CHECK(f.state_of(f.patient) == CallMemberState::reconnecting);
    f.clock.set(last_heard + 45s);
    f.calls.sweep(f.fx);
    CHECK(f.state_of(f.patient) == CallMemberState::left);
    auto log = f.calls.log(f.doctor, f.visit);
    REQUIRE(log->participants.size() == 2);
    CHECK(log->participants[1].intervals.at(0).left_at == last_heard);  // the stretch ends when they went quiet

    SECTION("never before they entered the call") {
        Calls g;
        auto [d, p] = g.both_in();
        g.clock.advance(5s);
        g.calls.disconnected(g.doctor, g.visit, d, g.fx, 1h);
        auto room = g.calls.room(g.visit);
        REQUIRE(room);
        CHECK(room->member(g.doctor)->since == g.start - 5min);
    }
}

TEST_CASE("[core] calls: a visit whose call was abandoned is closed when its window closes, the doctor paid once", "[core][calls]") {
    Calls f;
    const std::string escrow = escrow_account(f.visit), earnings = earnings_account(f.doctor);
    const std::int64_t price = f.balance(escrow);
    REQUIRE(price > 0);
    const Instant closes = f.start + 2h;

    SECTION("both vanished after the patient was in the call: completed") {
        auto [dlink, plink] = f.both_in();
        f.calls.disconnected(f.patient, f.visit, plink, f.fx);
        f.calls.disconnected(f.doctor, f.visit, dlink, f.fx);
        f.clock.advance(45s);
        f.calls.sweep(f.fx);
        CHECK_FALSE(f.calls.room(f.visit));
        CHECK(f.status(f.visit) == AppointmentStatus::in_progress);  // the doctor may still come back and close it
        f.clock.set(closes - 1ms);
        f.calls.sweep(f.fx);
        CHECK(f.status(f.visit) == AppointmentStatus::in_progress);
        f.clock.set(closes);
        f.fx = {};
        f.calls.sweep(f.fx);
        CHECK(f.status(f.visit) == AppointmentStatus::completed);
        CHECK(f.balance(escrow) == 0);
        CHECK(f.balance(earnings) == price);
        CHECK_FALSE(events_to<msg::AppointmentUpdated>(f.fx, f.patient).empty());
        f.clock.advance(1h);
        f.calls.sweep(f.fx);  // once only
        CHECK(f.balance(earnings) == price);
    }
    SECTION("the doctor waited alone and vanished: no_show") {
        f.clock.set(f.start - 5min);
        auto d = f.calls.join(f.doctor, f.visit, f.fx);
        REQUIRE(d);
        f.calls.disconnected(f.doctor, f.visit, d->link, f.fx);
        f.clock.set(closes);
        f.calls.sweep(f.fx);
        CHECK(f.status(f.visit) == AppointmentStatus::no_show);
        CHECK(f.balance(earnings) == price);
    }
    SECTION("somebody still in the call after the window keeps the visit open until the room ends") {
        f.both_in();
        f.clock.set(closes + 1min);
        f.calls.sweep(f.fx);
        CHECK(f.status(f.visit) == AppointmentStatus::in_progress);
        REQUIRE(f.calls.leave(f.patient, f.visit, f.fx));
        REQUIRE(f.calls.leave(f.doctor, f.visit, f.fx));
        f.calls.sweep(f.fx);
        CHECK(f.status(f.visit) == AppointmentStatus::completed);
        CHECK(f.balance(earnings) == price);
    }
    SECTION("the doctor ended the call: completed by them, charged once") {
        f.both_in();
        f.clock.set(f.start + 10min);
        REQUIRE(f.calls.end(f.doctor, f.visit, f.fx));
        f.clock.set(closes + 1min);
        f.calls.sweep(f.fx);
        CHECK(f.status(f.visit) == AppointmentStatus::completed);
        CHECK(f.balance(earnings) == price);
    }
}

TEST_CASE("[core] calls: recording needs everyone's consent", "[core][calls]") {
    Calls f;
    f.both_in();
    const auto rec = [&] { return f.calls.room(f.visit)->recording; };
    CHECK(f.calls.recording(f.patient, f.visit, RecordingAction::request, f.fx).error().code == ErrorCode::forbidden);
    CHECK(f.calls.recording(f.patient, f.visit, RecordingAction::consent, f.fx).error().code == ErrorCode::invalid_transition);
    REQUIRE(f.calls.recording(f.doctor, f.visit, RecordingAction::request, f.fx));
    CHECK(rec().state == RecordingState::requested);
    CHECK(rec().consents == std::set<UserId>{f.doctor});
    CHECK(rec().requested_by == f.doctor);
    REQUIRE(f.calls.recording(f.patient, f.visit, RecordingAction::consent, f.fx));
    CHECK(rec().state == RecordingState::on);
    const json state = data_of(f.fx, "call.state").back();
    CHECK(state["recording"] == json{{"state", "on"}, {"consents", {f.doctor, f.patient}}, {"requested_by", f.doctor}});
    REQUIRE(f.calls.recording(f.patient, f.visit, RecordingAction::stop, f.fx));
    CHECK(rec().state == RecordingState::off);
    CHECK(data_of(f.fx, "call.state").back()["recording"] == json{{"state", "off"}, {"consents", json::array()}});

    REQUIRE(f.calls.recording(f.doctor, f.visit, RecordingAction::request, f.fx));
    REQUIRE(f.calls.recording(f.patient, f.visit, RecordingAction::decline, f.fx));
    CHECK(rec().state == RecordingState::off);

    SECTION("someone newly admitted turns it off: their consent is needed") {
        REQUIRE(f.calls.leave(f.patient, f.visit, f.fx));
        REQUIRE(f.calls.recording(f.doctor, f.visit, RecordingAction::request, f.fx));
        CHECK(rec().state == RecordingState::on);  // the doctor alone in the call
        REQUIRE(f.calls.join(f.patient, f.visit, f.fx));
        CHECK(rec().state == RecordingState::on);  // waiting people are not recorded
        REQUIRE(f.calls.admit(f.doctor, f.visit, f.patient, f.fx));
        CHECK(rec().state == RecordingState::off);
    }
}

TEST_CASE("[core] calls: in-call chat", "[core][calls]") {
    Calls f;
    f.clock.set(f.start);
    REQUIRE(f.calls.join(f.doctor, f.visit, f.fx));
    REQUIRE(f.calls.join(f.patient, f.visit, f.fx));
    CHECK(f.calls.chat(f.patient, f.visit, "hello?", f.fx).error().code == ErrorCode::forbidden);  // waiting
    REQUIRE(f.calls.admit(f.doctor, f.visit, f.patient, f.fx));
    f.fx = {};
    auto posted = f.calls.chat(f.patient, f.visit, "Grüß Gott", f.fx);
    REQUIRE(posted);
    CHECK(posted->display_name == "Zoë Łukasiewicz");
    CHECK(events_of<msg::ChatReceived>(f.fx).size() == 2);  // to both people in the call
    CHECK(f.calls.chat(f.doctor, f.visit, std::string(2000, 'x'), f.fx));
    std::string accents;
    for (int i = 0; i < 2000; ++i) accents += "é";  // 2,000 characters, 4,000 bytes
    CHECK(f.calls.chat(f.doctor, f.visit, accents, f.fx));
    CHECK(f.calls.chat(f.doctor, f.visit, std::string(2001, 'x'), f.fx).error().field == "text");
    CHECK(f.calls.chat(f.doctor, f.visit, "bad \xC3\x28", f.fx).error().code == ErrorCode::invalid_field);
    CHECK(f.calls.chat(f.doctor, f.visit, "   ", f.fx).error().code == ErrorCode::invalid_field);
    auto list = f.calls.messages(f.doctor, f.visit);
    REQUIRE(list->size() == 3);
    CHECK(list->front().message.text == "Grüß Gott");
    CHECK(list->front().display_name == "Zoë Łukasiewicz");
    REQUIRE(f.calls.leave(f.patient, f.visit, f.fx));
    CHECK(f.calls.chat(f.patient, f.visit, "still there?", f.fx).error().code == ErrorCode::forbidden);
    CHECK(f.calls.messages(f.patient, f.visit)->size() == 3);  // kept with the appointment
}

TEST_CASE("[core] calls: the call log and ending the call", "[core][calls]") {
    Calls f;
    f.clock.set(f.start - 2min);
    REQUIRE(f.calls.join(f.doctor, f.visit, f.fx));
    REQUIRE(f.calls.join(f.patient, f.visit, f.fx));
    f.clock.advance(1min);  // the waiting room does not count
    REQUIRE(f.calls.admit(f.doctor, f.visit, f.patient, f.fx));
    f.clock.advance(10min);
    REQUIRE(f.calls.leave(f.patient, f.visit, f.fx));
    f.clock.advance(1min);
    auto open = f.calls.log(f.patient, f.visit);
    CHECK(open->status == CallStatus::open);
    CHECK_FALSE(open->ended_at);
    REQUIRE(open->participants.size() == 2);
    CHECK(open->participants[0].total_seconds == 720);  // the doctor, still in
    CHECK_FALSE(open->participants[0].intervals[0].left_at);

    SECTION("everyone leaves: the room ends, the log is final") {
        REQUIRE(f.calls.leave(f.doctor, f.visit, f.fx));
        CHECK_FALSE(f.calls.room(f.visit));
        CHECK(events_of<msg::CallStateChanged>(f.fx).back().status == CallStatus::ended);
        f.clock.advance(1h);
        auto log = f.calls.log(f.doctor, f.visit);
        CHECK(log->status == CallStatus::ended);
        CHECK(*log->started_at == f.start - 2min);
        CHECK(*log->ended_at == f.start + 10min);
        CHECK(log->participants[0].role == CallRole::doctor);
        CHECK(log->participants[0].total_seconds == 720);
        CHECK(log->participants[1].role == CallRole::patient);
        CHECK(log->participants[1].total_seconds == 600);
        const json j = protocol::encode(msg::CallLogInfo::of(log.value()));
        CHECK(j["participants"][1]["intervals"][0]["left_at"] == "2026-11-16T09:09:00.000Z");
        CHECK(f.status(f.visit) == AppointmentStatus::in_progress);
    }
    SECTION("the doctor ends the call: everyone is out and the visit is completed") {
        CHECK(f.calls.end(f.patient, f.visit, f.fx).error().code == ErrorCode::forbidden);
        REQUIRE(f.calls.end(f.doctor, f.visit, f.fx));
        CHECK_FALSE(f.calls.room(f.visit));
        CHECK(events_of<msg::CallStateChanged>(f.fx).back().status == CallStatus::ended);
        CHECK(f.status(f.visit) == AppointmentStatus::completed);
        CHECK(f.calls.join(f.patient, f.visit, f.fx).error().code == ErrorCode::call_not_open);
    }
    SECTION("ending before the start ends the call but not the visit") {
        f.clock.set(f.start - 1min);
        REQUIRE(f.calls.end(f.doctor, f.visit, f.fx));
        CHECK_FALSE(f.calls.room(f.visit));
        CHECK(f.status(f.visit) == AppointmentStatus::in_progress);
    }
}

TEST_CASE("[core] calls: the dispatcher relays signaling and pushes call.state", "[core][calls][api]") {
    Calls f;
    Dispatcher& dispatcher = f.dispatcher;
    const auto send = [&](Client& c, const std::string& type, json data) { return c.send(type, std::move(data)); };
    const auto connect = [&](const char* email) {
        Client c(f.services);
        send(c, "hello", {{"protocol", protocol::kVersion}});
        REQUIRE(json::parse(send(c, "sign_in", {{"email", email}, {"password", "a long enough secret"}}).reply)["ok"] == true);
        return c;
    };
    f.clock.set(f.start);
    Client doc = connect("dr@example.com"), pat = connect("pat@example.com"), other = connect("x@example.com");
    const json id = {{"appointment_id", f.visit}};

    auto joined = send(doc, "call_join", id);
    json reply = json::parse(joined.reply);
    INFO(reply.dump());
    REQUIRE(reply["ok"] == true);
    CHECK(reply["data"]["you"] == f.doctor);
    CHECK(reply["data"]["ice_servers"] == json::array());
    CHECK(reply["data"]["call"]["participants"][0]["state"] == "in_call");
    CHECK(reply["data"]["call"]["participants"][0]["role"] == "doctor");
    bool state_sent = false, appointment_sent = false;
    for (const Delivery& d : joined.effects.deliveries) {
        state_sent |= d.event.name == "call.state" && d.to.id == f.doctor;
        appointment_sent |= d.event.name == "appointment.updated";
    }
    CHECK(state_sent);
    CHECK(appointment_sent);

    auto refused = send(other, "call_join", id);
    CHECK(json::parse(refused.reply)["error"]["code"] == "not_found");
    CHECK(refused.effects.deliveries.empty());

    REQUIRE(json::parse(send(pat, "call_join", id).reply)["data"]["call"]["participants"][1]["state"] == "waiting");
    const json signal = {{"appointment_id", f.visit}, {"to_user_id", f.doctor}, {"kind", "offer"}, {"data", {{"sdp", "v=0"}}}};
    CHECK(json::parse(send(pat, "call_signal", signal).reply)["error"]["code"] == "forbidden");
    REQUIRE(json::parse(send(doc, "call_admit", {{"appointment_id", f.visit}, {"user_id", f.patient}}).reply)["ok"] == true);
    auto relayed = send(pat, "call_signal", signal);
    REQUIRE(json::parse(relayed.reply)["ok"] == true);
    REQUIRE(relayed.effects.deliveries.size() == 1);
    CHECK(relayed.effects.deliveries[0].to.id == f.doctor);
    CHECK(relayed.effects.deliveries[0].event.name == "call.signal");
    CHECK(relayed.effects.deliveries[0].event.data ==
          json{{"appointment_id", f.visit}, {"from_user_id", f.patient}, {"kind", "offer"}, {"data", {{"sdp", "v=0"}}}});
    json bad = signal;
    bad["kind"] = "hangup";
    CHECK(json::parse(send(pat, "call_signal", bad).reply)["error"]["field"] == "kind");

    auto chat = send(pat, "call_chat", {{"appointment_id", f.visit}, {"text", "Can you hear me?"}});
    CHECK(json::parse(chat.reply)["data"]["message"]["display_name"] == "Zoë Łukasiewicz");
    CHECK(chat.effects.deliveries.size() == 2);

    // The patient's connection drops: the doctor hears they are reconnecting (and, being their doctor,
    // that the patient went offline: presence.changed, the third delivery).
    auto dropped = dispatcher.on_disconnect(pat.state);
    REQUIRE(dropped.deliveries.size() == 3);
    CHECK(dropped.deliveries[2].event.name == "presence.changed");
    CHECK(dropped.deliveries[0].event.data["participants"][1]["state"] == "reconnecting");
    CHECK(dispatcher.on_disconnect(pat.state).empty());
    Client back = connect("pat@example.com");
    CHECK(json::parse(send(back, "call_join", id).reply)["data"]["call"]["participants"][1]["state"] == "in_call");

    // Timers end the room 45 s after everyone dropped.
    dispatcher.on_disconnect(back.state);
    dispatcher.on_disconnect(doc.state);
    f.clock.advance(45s);
    bool ended = false;
    for (const Delivery& d : dispatcher.run_timers().deliveries) ended |= d.event.name == "call.state" && d.event.data["status"] == "ended";
    CHECK(ended);
    auto log = json::parse(send(other, "call_log", id).reply);
    CHECK(log["error"]["code"] == "not_found");
    log = json::parse(send(doc, "call_log", id).reply)["data"];
    CHECK(log["status"] == "ended");
    CHECK(log["participants"].size() == 2);
}
