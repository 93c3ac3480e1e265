// Presence: the rules beside it (how connections add up, how last seen is rounded, the labels) and the
// service through the dispatcher, as the server and the demo run it: tabs that sign in, go away, join a
// call and close; events only on real changes and only to care partners; strangers learn nothing; a
// hidden doctor is offline with no last seen to everyone.
#include <catch2/catch.hpp>

#include "confirmed_visit.h"
#include "core/presence/messages.h"
#include "core/presence/model.h"
#include "core/time/format.h"
#include "events.h"

using namespace core;
using namespace std::chrono_literals;
using test_events::events_of;
using test_events::events_to;
using test_events::sent;
using test_scene::at;
using test_scene::Client;
using json = nlohmann::json;

TEST_CASE("[core] presence: connections add up", "[core][presence]") {
    const auto of = [](std::vector<ConnectionPresence> v) { return aggregate(v); };
    CHECK(of({}) == PresenceState::offline);
    CHECK(of({{1, false, false}}) == PresenceState::online);
    CHECK(of({{1, true, false}}) == PresenceState::away);
    CHECK(of({{1, true, false}, {1, false, false}}) == PresenceState::online);  // online while any tab is
    CHECK(of({{1, true, false}, {1, true, false}}) == PresenceState::away);     // away only when every tab is
    CHECK(of({{1, true, true}, {1, false, false}}) == PresenceState::in_call);  // in a call over any connection
}

TEST_CASE("[core] presence: last seen, rounded for people", "[core][presence]") {
    install_fixture_zones();
    const TimeZone& berlin = zone_or_utc("Europe/Berlin");
    const Instant now = at("2026-11-18T15:00:00Z");  // Wednesday, 16:00 in Berlin
    const auto r = [&](const char* seen, const TimeZone& z) { return round_last_seen(at(seen), now, z); };
    CHECK(r("2026-11-18T14:56:00Z", berlin) == LastSeen::just_now);
    CHECK(r("2026-11-18T15:10:00Z", berlin) == LastSeen::just_now);  // a clock ahead counts as now
    CHECK(r("2026-11-18T14:20:00Z", berlin) == LastSeen::within_hour);
    CHECK(r("2026-11-18T13:59:00Z", berlin) == LastSeen::today);
    CHECK(r("2026-11-17T23:30:00Z", berlin) == LastSeen::today);  // 00:30 in Berlin: today there ...
    CHECK(r("2026-11-17T23:30:00Z", utc_zone()) == LastSeen::yesterday);  // ... yesterday in UTC
    CHECK(r("2026-11-17T08:00:00Z", berlin) == LastSeen::yesterday);
    CHECK(r("2026-11-13T08:00:00Z", berlin) == LastSeen::this_week);
    CHECK(r("2026-11-11T15:00:00Z", berlin) == LastSeen::long_ago);
    CHECK(presence_label(PresenceState::offline, LastSeen::yesterday) == "Last seen yesterday");
    CHECK(presence_label(PresenceState::offline, std::nullopt) == "Offline");
    CHECK(presence_label(PresenceState::in_call, std::nullopt) == "In a call");
    CHECK(presence_label(PresenceState::away, LastSeen::today) == "Away");  // last seen only when offline
}

namespace {

struct Scene : test_scene::ConfirmedVisit {
    Scene() : ConfirmedVisit("UTC") {}
    PresenceService& presence() { return services.presence; }
    User user(UserId id) {
        return *store.transact([&](Transaction& tx) { return tx.accounts().find_user(id); }).value;
    }
    // The presence `viewer` may see of `subject`, or nothing.
    std::optional<msg::PresenceInfo> seen_by(Client& viewer, UserId subject) {
        const json r = viewer.reply("presence_of", {{"user_ids", {subject}}});
        REQUIRE(r["ok"] == true);
        auto list = protocol::decode<msg::PresenceList>(r["data"]);
        REQUIRE(list.ok());
        if (list.value().people.empty()) return std::nullopt;
        return list.value().people.front();
    }
};

std::vector<PresenceState> states_to(const DispatchOutcome& o, UserId to) {
    std::vector<PresenceState> out;
    for (const auto& e : events_to<msg::PresenceChanged>(o, to)) out.push_back(e.presence.state);
    return out;
}

}  // namespace

TEST_CASE("[core] presence: tabs, away, calls and who hears of it", "[core][presence]") {
    Scene s;
    Client patient(s.services);
    patient.hello().sign_in("pat@example.com");
    Client stranger(s.services);
    stranger.hello().sign_in("x@example.com");

    SECTION("two tabs: online while either is open, offline after both close; events only on changes") {
        Client tab1(s.services), tab2(s.services);
        tab1.hello();
        const DispatchOutcome first = tab1.send("sign_in", {{"email", "dr@example.com"}, {"password", test_scene::kPassword}});
        CHECK(states_to(first, s.patient) == std::vector{PresenceState::online});
        CHECK(states_to(first, s.stranger).empty());  // not their doctor
        CHECK(s.presence().live_state(s.doctor) == PresenceState::online);

        tab2.hello();
        const DispatchOutcome second = tab2.send("sign_in", {{"email", "dr@example.com"}, {"password", test_scene::kPassword}});
        CHECK(events_of<msg::PresenceChanged>(second).empty());  // still online: nothing to say

        Effects gone1 = s.dispatcher.on_disconnect(tab1.state);
        CHECK(events_of<msg::PresenceChanged>(gone1).empty());
        CHECK(s.presence().live_state(s.doctor) == PresenceState::online);
        CHECK(s.seen_by(patient, s.doctor)->state == PresenceState::online);

        Effects gone2 = s.dispatcher.on_disconnect(tab2.state);
        const auto last = events_to<msg::PresenceChanged>(gone2, s.patient);
        REQUIRE(last.size() == 1);
        CHECK(last[0].presence.state == PresenceState::offline);
        CHECK(last[0].presence.last_seen == LastSeen::just_now);
        CHECK(s.seen_by(patient, s.doctor)->state == PresenceState::offline);
        CHECK(s.seen_by(patient, s.doctor)->last_seen == LastSeen::just_now);
        // Hours later (the patient's session would have expired: ask the service directly).
        const auto later = [&] { return s.presence().presence_of(s.user(s.patient), {s.doctor}).value().at(0); };
        s.clock.advance(3h);
        CHECK(later().last_seen == LastSeen::today);
        s.clock.advance(24h);
        CHECK(later().last_seen == LastSeen::yesterday);
        CHECK(later().state == PresenceState::offline);
    }
    SECTION("away only when every tab is away; back when one returns") {
        Client tab1(s.services), tab2(s.services);
        tab1.hello().sign_in("dr@example.com");
        tab2.hello().sign_in("dr@example.com");
        CHECK(states_to(tab1.send("set_away", {{"away", true}}), s.patient).empty());
        CHECK(s.seen_by(patient, s.doctor)->state == PresenceState::online);
        CHECK(states_to(tab2.send("set_away", {{"away", true}}), s.patient) == std::vector{PresenceState::away});
        CHECK(s.seen_by(patient, s.doctor)->state == PresenceState::away);
        CHECK(states_to(tab2.send("set_away", {{"away", true}}), s.patient).empty());  // a repeat changes nothing
        CHECK(states_to(tab1.send("set_away", {{"away", false}}), s.patient) == std::vector{PresenceState::online});
        // A signed-out tab no longer counts.
        CHECK(states_to(tab1.send("sign_out"), s.patient) == std::vector{PresenceState::away});
    }
    SECTION("in a call while a connection is in one") {
        s.clock.set(s.start - 5min);  // the join window is open (sessions signed in before would be idle)
        Client viewer(s.services);
        viewer.hello().sign_in("pat@example.com");
        Client doctor(s.services);
        doctor.hello().sign_in("dr@example.com");
        const DispatchOutcome joined = doctor.send("call_join", {{"appointment_id", s.visit}});
        REQUIRE(json::parse(joined.reply)["ok"] == true);
        CHECK(states_to(joined, s.patient) == std::vector{PresenceState::in_call});
        CHECK(s.seen_by(viewer, s.doctor)->state == PresenceState::in_call);
        const DispatchOutcome left = doctor.send("call_leave", {{"appointment_id", s.visit}});
        REQUIRE(json::parse(left.reply)["ok"] == true);
        CHECK(states_to(left, s.patient) == std::vector{PresenceState::online});
    }
    SECTION("a stranger learns nothing; the doctor sees their patient") {
        Client doctor(s.services);
        doctor.hello().sign_in("dr@example.com");
        CHECK_FALSE(s.seen_by(stranger, s.doctor).has_value());       // no visit with this doctor
        CHECK_FALSE(s.seen_by(stranger, s.patient).has_value());      // two patients
        CHECK_FALSE(s.seen_by(stranger, 999999).has_value());         // nobody: the same answer
        CHECK(s.seen_by(doctor, s.patient)->state == PresenceState::online);
        CHECK_FALSE(s.seen_by(doctor, s.stranger).has_value());       // not their patient
        Client admin(s.services);
        admin.hello().sign_in("admin@example.com");
        CHECK_FALSE(s.seen_by(admin, s.doctor).has_value());          // staff see no presence
        const json many = patient.reply("presence_of", {{"user_ids", std::vector<UserId>(101, s.doctor)}});
        CHECK(many["error"]["code"] == "invalid_field");
        CHECK(many["error"]["field"] == "user_ids");
    }
    SECTION("a hidden doctor is offline with no last seen, to everyone, and announces nothing") {
        Client doctor(s.services);
        doctor.hello().sign_in("dr@example.com");
        CHECK(doctor.reply("presence_settings")["data"]["visible"] == true);
        const DispatchOutcome hide = doctor.send("set_presence_settings", {{"visible", false}});
        CHECK(json::parse(hide.reply)["data"]["visible"] == false);
        const auto told = events_to<msg::PresenceChanged>(hide, s.patient);
        REQUIRE(told.size() == 1);
        CHECK(told[0].presence.state == PresenceState::offline);
        CHECK_FALSE(told[0].presence.last_seen.has_value());
        const auto seen = s.seen_by(patient, s.doctor);
        CHECK(seen->state == PresenceState::offline);
        CHECK_FALSE(seen->last_seen.has_value());
        CHECK(events_of<msg::PresenceChanged>(doctor.send("set_away", {{"away", true}})).empty());
        CHECK(events_of<msg::PresenceChanged>(s.dispatcher.on_disconnect(doctor.state)).empty());
        CHECK(doctor.reply("presence_settings")["data"]["visible"] == false);

        Client again(s.services);
        again.hello().sign_in("dr@example.com");
        const DispatchOutcome show = again.send("set_presence_settings", {{"visible", true}});
        CHECK(states_to(show, s.patient) == std::vector{PresenceState::online});
        // Patients have nothing to hide.
        CHECK(patient.reply("set_presence_settings", {{"visible", false}})["error"]["code"] == "forbidden");
    }
}
