// One operation, one transaction; and what a transaction leaves behind when it does not commit.
//
// The services run over test_store::TestStore (a MemoryStore that counts attempts and can lose a
// serialization conflict or fail its COMMIT on demand), so these tests see what the issue asks of
// every store, PostgreSQL included: an operation is one transaction, a transaction may run more than
// once, and the effects of an attempt that did not commit never reach anyone.
#include <catch2/catch.hpp>

#include <functional>

#include "core/calls/messages.h"
#include "core/clinic/messages.h"
#include "core/credits/messages.h"
#include "core/notifications/messages.h"
#include "core/recordings/messages.h"
#include "confirmed_visit.h"
#include "events.h"
#include "test_store.h"

using namespace core;
using namespace std::chrono_literals;
using json = nlohmann::json;
using test_events::events_of;
using test_events::events_to;
using test_scene::at;
using test_store::TestStore;

namespace {

struct WithTestStore {
    TestStore counted;
};

// The confirmed visit of confirmed_visit.h, over a TestStore.
struct Scene : WithTestStore, test_scene::ConfirmedVisit {
    Scene() : ConfirmedVisit("America/New_York", {}, &counted) {}

    // How many transaction attempts `operation` ran.
    int transactions(const std::function<void()>& operation) {
        const int before = counted.attempts;
        operation();
        return counted.attempts - before;
    }
    void both_in() {
        clock.set(start - 5min);
        REQUIRE(calls.join(doctor, visit, fx));
        REQUIRE(calls.join(patient, visit, fx));
        REQUIRE(calls.admit(doctor, visit, patient, fx));
    }
    void record_on() {
        REQUIRE(calls.recording(doctor, visit, RecordingAction::request, fx));
        REQUIRE(calls.recording(patient, visit, RecordingAction::consent, fx));
    }
    // A guest who entered with a fresh invitation and waits in the room.
    UserId waiting_guest() {
        auto made = invitations.create(doctor, visit, CallRole::interpreter, "");
        REQUIRE(made);
        auto entered = invitations.enter_as_guest(made->token, "Maria", "", "UTC");
        REQUIRE(entered);
        REQUIRE(calls.join(entered->guest, visit, fx));
        return entered->guest;
    }
    std::vector<CallParticipation> stretches_of(UserId who) {
        std::vector<CallParticipation> out;
        for (const CallParticipation& p :
             store.transact([&](Transaction& tx) { return tx.calls().call_participations(visit); }).value)
            if (p.user_id == who) out.push_back(p);
        return out;
    }
    size_t appointments_of_patient() {
        return clinic.appointments(patient, Instant{}, Instant::max())->size();
    }
    size_t notifications_of(UserId who) { return notifications.list(who, 200)->notifications.size(); }
};

}  // namespace

TEST_CASE("[core] transactions: one operation, one transaction", "[core][transactions]") {
    Scene f;
    const Instant ten = at("2026-11-16T10:00:00Z");

    SECTION("clinic: book, cancel, reschedule") {
        AppointmentId id = 0;
        CHECK(f.transactions([&] { id = f.clinic.book(f.patient, f.doctor, ten, "", f.fx)->appointment.id; }) == 1);
        CHECK(f.transactions([&] { REQUIRE(f.clinic.reschedule(f.patient, id, at("2026-11-16T11:00:00Z"), f.fx)); }) == 1);
        CHECK(f.transactions([&] { REQUIRE(f.clinic.act(f.patient, id, AppointmentAction::cancel, "", f.fx)); }) == 1);
    }
    SECTION("calls: join (doctor and patient), admit, leave, end") {
        f.clock.set(f.start - 5min);
        CHECK(f.transactions([&] { REQUIRE(f.calls.join(f.doctor, f.visit, f.fx)); }) == 1);  // starts the visit too
        CHECK(f.transactions([&] { REQUIRE(f.calls.join(f.patient, f.visit, f.fx)); }) == 1);  // notifies the doctor too
        CHECK(f.transactions([&] { REQUIRE(f.calls.admit(f.doctor, f.visit, f.patient, f.fx)); }) == 1);
        CHECK(f.transactions([&] { REQUIRE(f.calls.leave(f.patient, f.visit, f.fx)); }) == 1);
        f.clock.set(f.start + 20min);
        CHECK(f.transactions([&] { REQUIRE(f.calls.end(f.doctor, f.visit, f.fx)); }) == 1);  // completes the visit too
    }
    SECTION("invitations: revoking takes the guest out of the room in the same transaction") {
        f.both_in();
        const UserId guest = f.waiting_guest();
        CHECK(f.transactions([&] { REQUIRE(f.invitations.revoke(f.doctor, f.visit, invite_of_guest(guest), f.fx)); }) == 1);
        CHECK_FALSE(f.calls.present(f.visit, guest));
    }
    SECTION("recordings: start, append, finish") {
        f.both_in();
        f.record_on();
        RecordingId id = 0;
        CHECK(f.transactions([&] { id = f.recordings.start(f.doctor, f.visit, "video/webm", f.fx)->id; }) == 1);
        CHECK(f.transactions([&] { REQUIRE(f.recordings.append(f.doctor, id, 0, "webm")); }) == 1);
        CHECK(f.transactions([&] { REQUIRE(f.recordings.finish(f.doctor, id, 1000, f.fx)); }) == 1);
    }
    SECTION("notifications: mark one read, mark all read, set preferences") {
        const NotificationId first = f.notifications.list(f.doctor, 1)->notifications.front().id;
        CHECK(f.transactions([&] { REQUIRE(f.notifications.mark_read(f.doctor, first, f.fx)); }) == 1);
        CHECK(f.transactions([&] { REQUIRE(f.notifications.mark_all_read(f.doctor, f.fx)); }) == 1);
        CHECK(f.transactions([&] {
            REQUIRE(f.notifications.set_prefs(f.doctor, {{NotificationCategory::calls, {true, false, true}}}, f.fx));
        }) == 1);
    }
    SECTION("a signed-in request checks its session in memory; last-seen is written once a minute") {
        test_scene::Client doctor(f.services);
        doctor.hello().sign_in("dr@example.com");
        CHECK(f.transactions([&] { CHECK(doctor.reply("me")["ok"] == true); }) == 0);
        f.clock.advance(59s);
        CHECK(f.transactions([&] { CHECK(doctor.reply("me")["ok"] == true); }) == 0);
        f.clock.advance(1s);
        CHECK(f.transactions([&] { CHECK(doctor.reply("me")["ok"] == true); }) == 1);  // the last-seen write
        CHECK(f.transactions([&] { CHECK(doctor.reply("me")["ok"] == true); }) == 0);

        test_scene::Client patient(f.services);
        patient.hello().sign_in("pat@example.com");
        const json book = {{"doctor_id", f.doctor}, {"starts_at", "2026-11-16T10:00:00.000Z"}};
        CHECK(f.transactions([&] { CHECK(patient.reply("book", book)["ok"] == true); }) == 1);  // the booking alone
    }
}

TEST_CASE("[core] transactions: a retried transaction delivers its effects once", "[core][transactions]") {
    Scene f;
    // In each section `conflicts = 1` makes the next attempt lose a serialization conflict after
    // doing all its work: the store rolls it back and Store::transact runs the work again.

    SECTION("a booking retried once: one appointment, one hold, one event of each kind") {
        const size_t notes_before = f.notifications_of(f.doctor);
        f.counted.conflicts = 1;
        CHECK(f.transactions([&] { REQUIRE(f.clinic.book(f.patient, f.doctor, at("2026-11-16T10:00:00Z"), "", f.fx)); }) == 2);
        CHECK(events_to<msg::AppointmentUpdated>(f.fx, f.patient).size() == 1);
        CHECK(events_to<msg::AppointmentUpdated>(f.fx, f.doctor).size() == 1);
        CHECK(events_of<msg::NotificationCreated>(f.fx).size() == 1);
        CHECK(events_of<msg::WalletUpdated>(f.fx).size() == 1);
        CHECK(f.fx.deliveries.size() == 4);  // and nothing else
        CHECK(f.appointments_of_patient() == 2);  // the visit of the scene and this one
        CHECK(f.notifications_of(f.doctor) == notes_before + 1);
        CHECK(f.balance(wallet_account(f.patient)) == 6);  // 10 bought, 2 held for each visit
        CHECK(f.ledger_total() == 0);
    }
    SECTION("a join retried leaves the room as one join does") {
        f.clock.set(f.start - 5min);
        f.counted.conflicts = 1;
        CHECK(f.transactions([&] { REQUIRE(f.calls.join(f.doctor, f.visit, f.fx)); }) == 2);
        const auto room = f.calls.room(f.visit);
        REQUIRE(room);
        REQUIRE(room->members.size() == 1);
        CHECK(room->members[0].state == CallMemberState::in_call);
        CHECK(f.stretches_of(f.doctor).size() == 1);  // the rolled-back stretch is gone
        CHECK(room->members[0].participation == f.stretches_of(f.doctor).front().id);
        const auto history = f.clinic.appointment(f.doctor, f.visit)->history;
        CHECK(history.size() == 3);  // requested, confirmed, in progress: started once
        CHECK(events_to<msg::CallStateChanged>(f.fx, f.doctor).size() == 1);
        CHECK(events_to<msg::AppointmentUpdated>(f.fx, f.doctor).size() == 1);
        CHECK(events_to<msg::AppointmentUpdated>(f.fx, f.patient).size() == 1);

        f.fx = {};
        const size_t notes_before = f.notifications_of(f.doctor);
        f.counted.conflicts = 1;
        REQUIRE(f.calls.join(f.patient, f.visit, f.fx));
        CHECK(f.calls.room(f.visit)->member(f.patient)->state == CallMemberState::waiting);
        CHECK(f.notifications_of(f.doctor) == notes_before + 1);  // "Patient waiting", once
        CHECK(events_of<msg::NotificationCreated>(f.fx).size() == 1);
        CHECK(events_of<msg::WaitingChanged>(f.fx).size() == 1);
    }
    SECTION("admit, leave and end retried: one stretch each, each ended") {
        f.both_in();
        CHECK(f.stretches_of(f.patient).size() == 1);
        f.counted.conflicts = 1;
        REQUIRE(f.calls.leave(f.patient, f.visit, f.fx));
        REQUIRE(f.stretches_of(f.patient).size() == 1);
        CHECK(f.stretches_of(f.patient).front().left_at == f.clock.now());  // the retry ended it too

        REQUIRE(f.calls.join(f.patient, f.visit, f.fx));
        f.counted.conflicts = 1;
        REQUIRE(f.calls.admit(f.doctor, f.visit, f.patient, f.fx));
        CHECK(f.stretches_of(f.patient).size() == 2);

        f.clock.advance(10min);
        f.fx = {};
        f.counted.conflicts = 1;
        REQUIRE(f.calls.end(f.doctor, f.visit, f.fx));
        CHECK_FALSE(f.calls.room(f.visit));
        for (UserId who : {f.doctor, f.patient})
            for (const CallParticipation& p : f.stretches_of(who)) CHECK(p.left_at);
        CHECK(f.clinic.appointment(f.doctor, f.visit)->appointment.status == AppointmentStatus::completed);
        CHECK(events_to<msg::CallStateChanged>(f.fx, f.doctor).size() == 1);
        CHECK(events_to<msg::AppointmentUpdated>(f.fx, f.patient).size() == 1);
        CHECK(events_to<msg::WalletUpdated>(f.fx, f.doctor).size() == 1);  // the doctor earned the visit, once
        CHECK(f.balance(earnings_account(f.doctor)) == 2);
    }
    SECTION("a dropped connection retried: the stretch ends at the drop") {
        f.clock.set(f.start - 5min);
        auto joined = f.calls.join(f.doctor, f.visit, f.fx);
        REQUIRE(joined);
        f.clock.advance(1min);
        f.counted.conflicts = 1;
        f.calls.disconnected(f.doctor, f.visit, joined->link, f.fx);
        CHECK(f.calls.room(f.visit)->member(f.doctor)->state == CallMemberState::reconnecting);
        REQUIRE(f.stretches_of(f.doctor).size() == 1);
        CHECK(f.stretches_of(f.doctor).front().left_at == f.clock.now());
    }
    SECTION("a revoke retried: the guest is out and their stretch ended") {
        f.both_in();
        const UserId guest = f.waiting_guest();
        REQUIRE(f.calls.admit(f.doctor, f.visit, guest, f.fx));
        f.fx = {};
        f.counted.conflicts = 1;
        REQUIRE(f.invitations.revoke(f.doctor, f.visit, invite_of_guest(guest), f.fx));
        CHECK_FALSE(f.calls.present(f.visit, guest));
        REQUIRE(f.stretches_of(guest).size() == 1);
        CHECK(f.stretches_of(guest).front().left_at);
        const auto to_guest = events_to<msg::CallStateChanged>(f.fx, guest);
        REQUIRE(to_guest.size() == 1);  // told once that they left
        CHECK(to_guest[0].participants.back().state == CallMemberState::left);
    }
    SECTION("a recording started on a retry: one recording, one recording.updated per side") {
        f.both_in();
        f.record_on();
        f.fx = {};
        f.counted.conflicts = 1;
        REQUIRE(f.recordings.start(f.doctor, f.visit, "video/webm", f.fx));
        CHECK(f.recordings.list(f.doctor, f.visit)->size() == 1);
        CHECK(events_to<msg::RecordingUpdated>(f.fx, f.doctor).size() == 1);
        CHECK(events_to<msg::RecordingUpdated>(f.fx, f.patient).size() == 1);
    }
}

TEST_CASE("[core] transactions: nothing of an attempt that did not commit comes out", "[core][transactions]") {
    Scene f;

    SECTION("a booking whose COMMIT fails: no appointment, no hold, no event") {
        f.counted.failing_commits = 1;
        CHECK_THROWS_AS(f.clinic.book(f.patient, f.doctor, at("2026-11-16T10:00:00Z"), "", f.fx), std::runtime_error);
        CHECK(f.fx.empty());
        CHECK(f.appointments_of_patient() == 1);
        CHECK(f.balance(wallet_account(f.patient)) == 8);
        // The next attempt is a clean one.
        REQUIRE(f.clinic.book(f.patient, f.doctor, at("2026-11-16T10:00:00Z"), "", f.fx));
        CHECK(events_of<msg::NotificationCreated>(f.fx).size() == 1);
    }
    SECTION("a join whose COMMIT fails: no room, no event, the visit not started") {
        f.clock.set(f.start - 5min);
        f.counted.failing_commits = 1;
        CHECK_THROWS_AS(f.calls.join(f.doctor, f.visit, f.fx), std::runtime_error);
        CHECK_FALSE(f.calls.room(f.visit));
        CHECK(f.fx.empty());
        CHECK(f.clinic.appointment(f.doctor, f.visit)->appointment.status == AppointmentStatus::confirmed);
        CHECK(f.stretches_of(f.doctor).empty());
    }
    SECTION("a store that keeps losing conflicts gives up after kMaxAttempts, and nothing comes out") {
        f.counted.conflicts = Store::kMaxAttempts;
        const int before = f.counted.attempts;
        CHECK_THROWS_AS(f.clinic.book(f.patient, f.doctor, at("2026-11-16T10:00:00Z"), "", f.fx), RetryTransaction);
        CHECK(f.counted.attempts - before == Store::kMaxAttempts);
        CHECK(f.fx.empty());
        CHECK(f.appointments_of_patient() == 1);
    }
    SECTION("over the dispatcher: the person gets internal, the connection gets no event") {
        test_scene::Client patient(f.services);
        patient.hello().sign_in("pat@example.com");
        f.counted.failing_commits = 1;
        auto outcome = patient.send("book", {{"doctor_id", f.doctor}, {"starts_at", "2026-11-16T10:00:00.000Z"}});
        CHECK(json::parse(outcome.reply)["error"]["code"] == "internal");
        CHECK(outcome.effects.empty());
        CHECK(f.errors.reports().size() == 1);
        CHECK(f.appointments_of_patient() == 1);
    }
}
