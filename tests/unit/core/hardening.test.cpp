// Holes found by attacking the server from outside (issue 12), closed in the core rules: what one call
// member may relay, a suspended doctor's access, and recording links that log only their real viewer.
#include <catch2/catch.hpp>

#include "core/calls/messages.h"
#include "core/recordings/messages.h"
#include "confirmed_visit.h"
#include "events.h"

using namespace core;
using namespace std::chrono_literals;
using json = nlohmann::json;
using test_events::events_to;

namespace {

struct InCall : test_scene::ConfirmedVisit {
    InCall() {
        clock.set(start - 5min);
        REQUIRE(calls.join(doctor, visit, fx));
        REQUIRE(calls.join(patient, visit, fx));
        REQUIRE(calls.admit(doctor, visit, patient, fx));
        fx = {};
    }
    Result<Done> signal(UserId from, UserId to, SignalKind kind, size_t bytes) {
        return calls.relay_signal(from, visit, to, kind, json{{"sdp", std::string(bytes, 'x')}}, fx);
    }
};

SessionId new_session(core::Store& store, UserId user, Instant now) {
    return store.transact([&](Transaction& tx) {
                    Session s;
                    s.user_id = user;
                    s.token_hash = "hash-" + std::to_string(user) + "-" + std::to_string(now.time_since_epoch().count());
                    s.created_at = s.last_seen_at = now;
                    return tx.accounts().insert_session(s);
                })
        .value;
}

}  // namespace

TEST_CASE("[core] call signals: the sender bears its own excess, per kind", "[core][calls][hardening]") {
    InCall f;
    SECTION("a signal larger than its kind allows is refused and reaches no one") {
        auto big = f.signal(f.doctor, f.patient, SignalKind::offer, 60 * 1024);
        REQUIRE_FALSE(big.ok());
        CHECK(big.error().code == ErrorCode::invalid_field);
        CHECK(big.error().field == "data");
        CHECK(f.signal(f.doctor, f.patient, SignalKind::candidate, 4 * 1024).error().field == "data");
        CHECK(events_to<msg::SignalRelayed>(f.fx, f.patient).empty());
        CHECK(f.signal(f.doctor, f.patient, SignalKind::offer, 20 * 1024));
    }
    SECTION("200 offers at once: the burst passes, the rest are rate_limited with a retry time") {
        int relayed = 0, limited = 0;
        for (int i = 0; i < 200; ++i) {
            auto r = f.signal(f.doctor, f.patient, SignalKind::offer, 1000);
            if (r) ++relayed;
            else if (r.error().code == ErrorCode::rate_limited && r.error().retry_after_s >= 1) ++limited;
        }
        CHECK(relayed == 10);
        CHECK(limited == 190);
        CHECK(events_to<msg::SignalRelayed>(f.fx, f.patient).size() == 10);
        // Other kinds have budgets of their own; the other member has theirs.
        CHECK(f.signal(f.doctor, f.patient, SignalKind::candidate, 300));
        CHECK(f.signal(f.patient, f.doctor, SignalKind::answer, 1000));
        // A second later one more offer may go.
        f.clock.advance(1s);
        CHECK(f.signal(f.doctor, f.patient, SignalKind::offer, 1000));
        CHECK_FALSE(f.signal(f.doctor, f.patient, SignalKind::offer, 1000));
    }
}

TEST_CASE("[core] a suspended doctor loses access to patients' data and cannot invite", "[core][clinic][hardening]") {
    test_scene::ConfirmedVisit f;
    f.clock.set(f.start - 10min);
    REQUIRE(f.invitations.create(f.doctor, f.visit, CallRole::interpreter, "Ana"));  // in good standing: may
    REQUIRE(f.clinic.decide_verification(f.admin, f.doctor, Verification::suspended, "Licence under review", f.cfx));

    const auto suspended = [](const Error& e) { return e.code == ErrorCode::forbidden && e.message.find("suspended") != std::string::npos; };
    CHECK(suspended(f.clinic.appointment(f.doctor, f.visit).error()));
    CHECK(suspended(f.clinic.appointments(f.doctor, f.start - 24h, f.start + 24h).error()));
    CHECK(suspended(f.clinic.act(f.doctor, f.visit, AppointmentAction::complete, "", f.fx).error()));
    CHECK(suspended(f.invitations.create(f.doctor, f.visit, CallRole::family, "Mum").error()));
    CHECK(suspended(f.calls.join(f.doctor, f.visit, f.fx).error()));
    CHECK(suspended(f.recordings.list(f.doctor, f.visit).error()));
    auto me = f.store.transact([&](Transaction& tx) { return *tx.accounts().find_user(f.doctor); }).value;
    auto patient = f.store.transact([&](Transaction& tx) { return *tx.accounts().find_user(f.patient); }).value;
    CHECK(suspended(f.services.messaging.open(me, f.patient).error()));
    CHECK(suspended(f.services.messaging.list(f.doctor, 20).error()));

    // The patient keeps their visit (and can cancel it); the doctor's own profile stays readable.
    CHECK(f.clinic.appointment(f.patient, f.visit));
    auto chat = f.services.messaging.open(patient, f.doctor);
    REQUIRE(chat);
    CHECK(f.services.messaging.history(f.doctor, chat->conversation.id, std::nullopt, 50).error().code == ErrorCode::not_found);

    SECTION("lifting the suspension gives the access back") {
        REQUIRE(f.clinic.decide_verification(f.admin, f.doctor, Verification::verified, "", f.cfx));
        CHECK(f.clinic.appointment(f.doctor, f.visit));
        CHECK(f.invitations.create(f.doctor, f.visit, CallRole::family, "Mum"));
    }
}

TEST_CASE("[core] recording links: the access log names only who really opened it", "[core][recordings][hardening]") {
    InCall f;
    REQUIRE(f.calls.recording(f.doctor, f.visit, RecordingAction::request, f.fx));
    REQUIRE(f.calls.recording(f.patient, f.visit, RecordingAction::consent, f.fx));
    auto rec = f.recordings.start(f.doctor, f.visit, "video/webm", f.fx);
    REQUIRE(rec);
    REQUIRE(f.recordings.append(f.doctor, rec->id, 0, "webm bytes"));
    REQUIRE(f.recordings.finish(f.doctor, rec->id, 1000, f.fx));
    const SessionId patient_session = new_session(f.store, f.patient, f.clock.now());
    auto link = f.recordings.link(f.patient, rec->id, RecordingAccessAction::play, patient_session);
    REQUIRE(link);
    auto log_size = [&] { return f.recordings.list(f.patient, f.visit)->front().accesses.size(); };

    SECTION("someone else presenting the patient's link is refused and nothing is logged") {
        auto other = f.recordings.redeem(link->token, rec->id, f.doctor);
        REQUIRE_FALSE(other.ok());
        CHECK(other.error().code == ErrorCode::forbidden);
        CHECK(other.error().message == "This recording link belongs to someone else.");
        CHECK(log_size() == 0);  // was: "played by" the patient, who never opened it
        auto mine = f.recordings.redeem(link->token, rec->id, f.patient);
        REQUIRE(mine);
        CHECK(mine->user == f.patient);
        CHECK(log_size() == 1);
    }
    SECTION("the link dies with the session that opened it") {
        REQUIRE(f.recordings.redeem(link->token, rec->id));  // the HTTP way: no signed-in person, the session decides
        f.store.transact([&](Transaction& tx) { tx.accounts().revoke_session(patient_session, f.clock.now()); });
        auto after = f.recordings.redeem(link->token, rec->id);
        REQUIRE_FALSE(after.ok());
        CHECK(after.error().code == ErrorCode::forbidden);
        CHECK(after.error().message.find("session") != std::string::npos);
        CHECK(log_size() == 1);
    }
    SECTION("a link of one session names that session; another person's session does not make it valid") {
        const SessionId doctor_session = new_session(f.store, f.doctor, f.clock.now());
        auto dlink = f.recordings.link(f.doctor, rec->id, RecordingAccessAction::download, doctor_session);
        REQUIRE(dlink);
        CHECK(dlink->token.find("." + std::to_string(doctor_session) + ".") != std::string::npos);
        std::string forged = dlink->token;  // swapping the session id breaks the signature
        forged.replace(forged.find("." + std::to_string(doctor_session) + "."), std::to_string(doctor_session).size() + 2,
                       "." + std::to_string(patient_session) + ".");
        CHECK(f.recordings.redeem(forged, rec->id).error().code == ErrorCode::forbidden);
    }
}
