#include <catch2/catch.hpp>

#include <functional>
#include <optional>
#include <random>

#include "core/clinic/ics.h"
#include "core/notifications/messages.h"
#include "core/time/format.h"
#include "events.h"
#include "fixture_zones.h"
#include "services_fixture.h"

using namespace core;
using namespace std::chrono;
using namespace std::chrono_literals;
using test_events::events_of;
using test_events::sent;
using test_scene::at;

namespace {

struct Clinic : test_scene::ServicesFixture {
    UserId admin = 0, doctor = 0, patient = 0, other_patient = 0;
    Effects fx;

    Clinic(bool auto_confirm = false) : ServicesFixture(at("2026-11-16T06:00:00Z")) {  // a Monday, 07:00 in Berlin
        install_fixture_zones();
        admin = accounts.ensure_account({"admin@example.com", "a long enough secret", "Admin", Role::admin, "UTC"}, AccountStatus::active)->id;
        doctor = accounts.sign_up({"dr@example.com", "a long enough secret", "Dr. Amara Okafor", Role::doctor, "Europe/Berlin"})->user.id;
        patient = accounts.sign_up({"pat@example.com", "a long enough secret", "Zoë Łukasiewicz", Role::patient, "America/New_York"})->user.id;
        other_patient = accounts.sign_up({"other@example.com", "a long enough secret", "Other", Role::patient, "UTC"})->user.id;
        REQUIRE(clinic.update_doctor_profile(doctor, {"cardiology", "Bio", {"English"}, 10, "LIC-1", "Berlin Chamber", 2}, fx));
        Availability a;
        for (int d = 0; d < 5; ++d) a.weekly.push_back({d, 9 * 60, 12 * 60});
        a.slot_minutes = 30;
        a.auto_confirm = auto_confirm;
        REQUIRE(clinic.set_availability(doctor, a));
        REQUIRE(clinic.decide_verification(admin, doctor, Verification::verified, "", fx));
        buy(patient, "bundle5");  // 10 credits
    }
    void buy(UserId who, const char* package, const char* card = "4242 4242 4242 4242") {
        static int n = 0;
        REQUIRE(credits.buy_credits(who, package, {card, 12, 2030, "123", "Z"}, "purchase-key-" + std::to_string(++n), fx));
    }
    Instant slot(const char* iso) { return at(iso); }
    // The patient's view of the new appointment (book answers with the actor's view, history included).
    Result<AppointmentView> book(const char* iso, UserId who = 0) {
        return clinic.book(who ? who : patient, doctor, at(iso), "Chest pain when climbing stairs", fx);
    }
    std::int64_t total() { return ledger_total(); }
};

std::vector<std::string> local_starts(const std::vector<Slot>& slots, const char* zone) {
    std::vector<std::string> out;
    for (const Slot& s : slots) out.push_back(format_date_time(s.starts_at, *zones().find(zone)));
    return out;
}

Availability monday_nine(int slot = 30) {
    Availability a;
    a.weekly.push_back({0, 9 * 60, 10 * 60});
    a.slot_minutes = slot;
    a.min_notice_minutes = 0;
    a.horizon_days = 365;
    return a;
}

}  // namespace

TEST_CASE("[core] slots keep local hours across daylight-saving changes", "[core][clinic][slots]") {
    install_fixture_zones();
    const Instant now = at("2026-01-01T00:00:00Z");
    for (const char* zone : {"America/New_York", "Europe/Berlin", "Australia/Sydney", "Asia/Kolkata"}) {
        DYNAMIC_SECTION(zone) {
            const TimeZone& tz = *zones().find(zone);
            // Every Monday of the year: 09:00 and 09:30 local, never shifted by a transition.
            const auto slots = compute_slots(monday_nine(), tz, now, now, at("2027-01-01T00:00:00Z"), {});
            REQUIRE(slots.size() == 2 * 52);
            for (const Slot& s : slots) {
                const LocalParts p = local_parts(s.starts_at, tz);
                CHECK(p.weekday == 0);
                CHECK(p.hour == 9);
                CHECK((p.minute == 0 || p.minute == 30));
                CHECK(s.ends_at - s.starts_at == 30min);
            }
        }
    }
    SECTION("the UTC instant moves with the offset") {
        const TimeZone& ny = *zones().find("America/New_York");
        const auto before = compute_slots(monday_nine(60), ny, now, at("2026-03-02T00:00:00Z"), at("2026-03-03T00:00:00Z"), {});
        const auto after = compute_slots(monday_nine(60), ny, now, at("2026-03-09T00:00:00Z"), at("2026-03-10T00:00:00Z"), {});
        REQUIRE(before.size() == 1);
        REQUIRE(after.size() == 1);
        CHECK(format_iso8601(before[0].starts_at) == "2026-03-02T14:00:00.000Z");  // EST
        CHECK(format_iso8601(after[0].starts_at) == "2026-03-09T13:00:00.000Z");   // EDT
    }
    SECTION("a nonexistent local start is skipped, a repeated one offered once") {
        const TimeZone& berlin = *zones().find("Europe/Berlin");
        Availability night;
        night.weekly.push_back({6, 2 * 60, 3 * 60});  // Sundays 02:00-03:00
        night.slot_minutes = 30;
        night.min_notice_minutes = 0;
        night.horizon_days = 365;
        const auto spring = compute_slots(night, berlin, now, at("2026-03-28T12:00:00Z"), at("2026-03-29T12:00:00Z"), {});
        CHECK(spring.empty());  // 02:00-03:00 does not exist on 29 March
        const auto autumn = compute_slots(night, berlin, now, at("2026-10-24T12:00:00Z"), at("2026-10-25T12:00:00Z"), {});
        REQUIRE(autumn.size() == 2);
        CHECK(format_iso8601(autumn[0].starts_at) == "2026-10-25T00:00:00.000Z");  // 02:00 CEST, first occurrence
        CHECK(format_iso8601(autumn[1].starts_at) == "2026-10-25T00:30:00.000Z");
    }
    SECTION("Kolkata's half-hour offset") {
        const auto s = compute_slots(monday_nine(), *zones().find("Asia/Kolkata"), now, at("2026-06-01T00:00:00Z"),
                                     at("2026-06-02T00:00:00Z"), {});
        REQUIRE(s.size() == 2);
        CHECK(format_iso8601(s[0].starts_at) == "2026-06-01T03:30:00.000Z");
    }
    SECTION("notice, horizon, buffer, exceptions") {
        Availability a = monday_nine(15);
        a.buffer_minutes = 15;
        a.exceptions.push_back({"2026-06-08", true, 0, 0});
        a.exceptions.push_back({"2026-06-09", false, 18 * 60, 19 * 60});
        const TimeZone& utc = *zones().find("UTC");
        const auto s = compute_slots(a, utc, now, at("2026-06-01T00:00:00Z"), at("2026-06-10T00:00:00Z"), {});
        CHECK(local_starts(s, "UTC") == std::vector<std::string>{"Mon 1 Jun 2026, 09:00", "Mon 1 Jun 2026, 09:30",
                                                                 "Tue 9 Jun 2026, 18:00", "Tue 9 Jun 2026, 18:30"});
        a.min_notice_minutes = 120;
        a.horizon_days = 2;
        CHECK(compute_slots(a, utc, at("2026-06-01T08:00:00Z"), at("2026-06-01T00:00:00Z"), at("2026-06-10T00:00:00Z"), {}).empty());
    }
}

TEST_CASE("[core] booking holds credits; confirm and complete pay the doctor", "[core][clinic]") {
    Clinic c;
    CHECK(c.balance(wallet_account(c.patient)) == 10);
    auto a = c.book("2026-11-17T08:00:00Z");  // Tue 09:00 Berlin
    REQUIRE(a.ok());
    CHECK(a->appointment.status == AppointmentStatus::requested);
    CHECK(c.balance(wallet_account(c.patient)) == 8);
    CHECK(c.balance(escrow_account(a->appointment.id)) == 2);
    CHECK(sent<msg::NotificationCreated>(c.fx).back().to.id == c.doctor);

    REQUIRE(c.clinic.act(c.doctor, a->appointment.id, AppointmentAction::confirm, "", c.fx));
    c.clock.set(at("2026-11-17T08:05:00Z"));
    REQUIRE(c.clinic.act(c.doctor, a->appointment.id, AppointmentAction::complete, "", c.fx));
    CHECK(c.balance(escrow_account(a->appointment.id)) == 0);
    CHECK(c.balance(earnings_account(c.doctor)) == 2);
    CHECK(c.total() == 0);

    auto view = c.clinic.appointment(c.patient, a->appointment.id);
    REQUIRE(view);
    CHECK(view->history.size() == 3);  // requested, confirmed, completed
    CHECK(view->history[1].actor == c.doctor);
}

TEST_CASE("[core] decline, expiry and cancellation refunds", "[core][clinic]") {
    Clinic c;
    SECTION("decline needs a message and releases everything") {
        auto a = c.book("2026-11-17T08:00:00Z");
        CHECK(c.clinic.act(c.doctor, a->appointment.id, AppointmentAction::decline, "", c.fx).error().field == "message");
        REQUIRE(c.clinic.act(c.doctor, a->appointment.id, AppointmentAction::decline, "I am away that day.", c.fx));
        CHECK(c.balance(wallet_account(c.patient)) == 10);
    }
    SECTION("an unanswered request expires at its start") {
        auto a = c.book("2026-11-17T08:00:00Z");
        c.clock.set(at("2026-11-17T07:59:59Z"));
        c.clinic.sweep(c.fx);
        CHECK(c.clinic.appointment(c.patient, a->appointment.id)->appointment.status == AppointmentStatus::requested);
        c.clock.set(at("2026-11-17T08:00:00Z"));
        c.clinic.sweep(c.fx);
        CHECK(c.clinic.appointment(c.patient, a->appointment.id)->appointment.status == AppointmentStatus::expired);
        CHECK(c.balance(wallet_account(c.patient)) == 10);
    }
    SECTION("patient cancels early: full refund; late: the policy shown at booking") {
        auto early = c.book("2026-11-18T08:00:00Z");
        REQUIRE(c.clinic.act(c.doctor, early->appointment.id, AppointmentAction::confirm, "", c.fx));
        REQUIRE(c.clinic.act(c.patient, early->appointment.id, AppointmentAction::cancel, "", c.fx));
        CHECK(c.balance(wallet_account(c.patient)) == 10);

        auto late = c.book("2026-11-17T08:00:00Z");
        REQUIRE(c.clinic.act(c.doctor, late->appointment.id, AppointmentAction::confirm, "", c.fx));
        c.clock.set(at("2026-11-17T07:00:00Z"));
        REQUIRE(c.clinic.act(c.patient, late->appointment.id, AppointmentAction::cancel, "Feeling better", c.fx));
        CHECK(c.balance(wallet_account(c.patient)) == 9);  // 50 % back
        CHECK(c.balance(earnings_account(c.doctor)) == 1);
        CHECK(c.total() == 0);
    }
    SECTION("the doctor cancelling refunds everything, however late") {
        auto a = c.book("2026-11-17T08:00:00Z");
        REQUIRE(c.clinic.act(c.doctor, a->appointment.id, AppointmentAction::confirm, "", c.fx));
        c.clock.set(at("2026-11-17T07:50:00Z"));
        REQUIRE(c.clinic.act(c.doctor, a->appointment.id, AppointmentAction::cancel, "Emergency at the clinic", c.fx));
        CHECK(c.balance(wallet_account(c.patient)) == 10);
    }
}

TEST_CASE("[core] no double booking, no overlapping visits, enough credits", "[core][clinic]") {
    Clinic c;
    REQUIRE(c.book("2026-11-17T08:00:00Z"));
    CHECK(c.book("2026-11-17T08:00:00Z", c.other_patient).error().code == ErrorCode::slot_taken);
    CHECK(c.book("2026-11-17T08:00:00Z").error().code == ErrorCode::slot_taken);
    CHECK(c.book("2026-11-17T08:10:00Z").error().code == ErrorCode::slot_unavailable);  // not a slot start
    CHECK(c.book("2026-11-17T06:00:00Z").error().code == ErrorCode::slot_unavailable);  // before opening
    CHECK(c.book("2026-11-16T07:30:00Z").error().code == ErrorCode::slot_unavailable);  // inside min. notice
    CHECK(c.book("2026-11-17T08:00:00Z", c.other_patient).error().code == ErrorCode::slot_taken);
    CHECK(c.clinic.book(c.other_patient, c.doctor, at("2026-11-17T08:30:00Z"), "", c.fx).error().code ==
          ErrorCode::insufficient_credits);
    CHECK(c.clinic.book(c.doctor, c.doctor, at("2026-11-17T08:30:00Z"), "", c.fx).error().code == ErrorCode::forbidden);
    CHECK(c.clinic.book(c.patient, c.doctor, at("2026-11-17T08:30:00Z"), std::string(2001, 'x'), c.fx).error().field == "concern");
}

TEST_CASE("[core] every illegal transition is refused with its code", "[core][clinic]") {
    using S = AppointmentStatus;
    using A = AppointmentAction;
    Appointment a;
    a.starts_at = at("2026-11-17T08:00:00Z");
    a.ends_at = a.starts_at + 30min;
    // Three moments: before the join window opens (30 min before the start), inside it before the
    // start, and after the start.
    enum When { early, soon, late };
    const Instant moments[] = {a.starts_at - 1h, a.starts_at - 10min, a.starts_at + 5min};
    // Allowed (status, action, actor, when) -> result; everything else must be refused.
    struct Allowed { S from; A action; Actor actor; When when; S to; };
    std::vector<Allowed> allowed;
    const auto allow = [&](S from, A action, std::vector<Actor> actors, std::vector<When> whens, S to) {
        for (Actor actor : actors)
            for (When w : whens) allowed.push_back({from, action, actor, w, to});
    };
    const std::vector<Actor> people{Actor::patient, Actor::doctor}, doctor{Actor::doctor};
    allow(S::requested, A::confirm, doctor, {early, soon}, S::confirmed);
    allow(S::requested, A::decline, doctor, {early, soon, late}, S::declined);
    allow(S::requested, A::expire, {Actor::system}, {late}, S::expired);
    allow(S::requested, A::cancel, people, {early, soon}, S::cancelled);
    allow(S::confirmed, A::cancel, people, {early, soon}, S::cancelled);
    allow(S::requested, A::reschedule, people, {early, soon}, S::requested);
    allow(S::confirmed, A::reschedule, people, {early, soon}, S::confirmed);
    // Starting: the doctor only, inside the join window (joining the call does it); a visit due
    // tomorrow cannot be started, so it stays cancellable and movable.
    allow(S::confirmed, A::start, doctor, {soon, late}, S::in_progress);
    allow(S::in_progress, A::start, doctor, {early, soon, late}, S::in_progress);  // already: nothing changes
    allow(S::confirmed, A::complete, doctor, {late}, S::completed);
    allow(S::in_progress, A::complete, doctor, {late}, S::completed);
    allow(S::confirmed, A::no_show, doctor, {late}, S::no_show);
    allow(S::in_progress, A::no_show, doctor, {late}, S::no_show);  // the doctor waited in the call alone
    int refused = 0;
    for (int s = 0; s <= int(S::no_show); ++s)
        for (int act = 0; act <= int(A::no_show); ++act)
            for (Actor actor : {Actor::patient, Actor::doctor, Actor::system})
                for (When when : {early, soon, late}) {
                    a.status = S(s);
                    auto r = next_status(a, A(act), actor, moments[when]);
                    auto it = std::find_if(allowed.begin(), allowed.end(), [&](const Allowed& x) {
                        return x.from == S(s) && x.action == A(act) && x.actor == actor && x.when == when;
                    });
                    INFO("from " << to_string(S(s)) << " action " << act << " actor " << int(actor) << " when " << int(when));
                    if (it != allowed.end()) {
                        REQUIRE(r.ok());
                        CHECK(r.value() == it->to);
                    } else {
                        REQUIRE_FALSE(r.ok());
                        CHECK((r.error().code == ErrorCode::invalid_transition || r.error().code == ErrorCode::forbidden));
                        CHECK_FALSE(r.error().message.empty());
                        ++refused;
                    }
                }
    CHECK(refused == 8 * 8 * 3 * 3 - int(allowed.size()));

    SECTION("the join window is the clinic's: a wider one lets the doctor start earlier") {
        a.status = S::confirmed;
        CHECK_FALSE(next_status(a, A::start, Actor::doctor, moments[early]));
        CHECK(next_status(a, A::start, Actor::doctor, moments[early], JoinPolicy{2h, 2h}));
        CHECK_FALSE(next_status(a, A::start, Actor::doctor, a.starts_at + 3h));  // window closed
        CHECK(next_status(a, A::start, Actor::patient, moments[soon]).error().code == ErrorCode::forbidden);
    }
}

TEST_CASE("[core] only the two people of an appointment see it; notes stay with the doctor", "[core][clinic]") {
    Clinic c;
    auto a = c.book("2026-11-17T08:00:00Z");
    REQUIRE(c.clinic.write_notes(c.doctor, a->appointment.id, std::string("Possible angina"), std::string("Rest, ECG next week"), c.fx));
    CHECK(c.clinic.appointment(c.other_patient, a->appointment.id).error().code == ErrorCode::not_found);
    CHECK(c.clinic.act(c.other_patient, a->appointment.id, AppointmentAction::cancel, "", c.fx).error().code == ErrorCode::not_found);
    CHECK(c.clinic.write_notes(c.patient, a->appointment.id, std::string("x"), std::nullopt, c.fx).error().code == ErrorCode::forbidden);
    CHECK(c.clinic.act(c.patient, a->appointment.id, AppointmentAction::confirm, "", c.fx).error().code == ErrorCode::forbidden);
    auto patient_view = c.clinic.appointment(c.patient, a->appointment.id);
    CHECK(patient_view->appointment.clinical_notes.empty());
    CHECK(patient_view->appointment.visit_summary == "Rest, ECG next week");
    CHECK(c.clinic.appointment(c.doctor, a->appointment.id)->appointment.clinical_notes == "Possible angina");
    CHECK(c.clinic.appointments(c.other_patient, Instant{}, Instant::max())->empty());
    CHECK(c.credits.wallet(c.other_patient)->available == 0);
}

TEST_CASE("[core] verification gates listing and booking", "[core][clinic]") {
    Clinic c;
    CHECK(c.clinic.find_doctors({})->size() == 1);
    CHECK(c.clinic.decide_verification(c.patient, c.doctor, Verification::suspended, "x", c.fx).error().code == ErrorCode::forbidden);
    CHECK(c.clinic.decide_verification(c.admin, c.doctor, Verification::suspended, "", c.fx).error().field == "reason");
    REQUIRE(c.clinic.decide_verification(c.admin, c.doctor, Verification::suspended, "Licence expired", c.fx));
    CHECK(c.clinic.find_doctors({})->empty());
    CHECK(c.book("2026-11-17T08:00:00Z").error().code == ErrorCode::doctor_unavailable);
    CHECK(events_of<msg::NotificationCreated>(c.fx).back().notification.body == "Licence expired");
    SECTION("search by specialty, name and language") {
        REQUIRE(c.clinic.decide_verification(c.admin, c.doctor, Verification::verified, "", c.fx));
        CHECK(c.clinic.find_doctors({"cardiology", ""})->size() == 1);
        CHECK(c.clinic.find_doctors({"dermatology", ""})->empty());
        CHECK(c.clinic.find_doctors({"", "okafor"})->size() == 1);
        CHECK(c.clinic.find_doctors({"", "english"})->size() == 1);
        auto found = c.clinic.find_doctors({});
        REQUIRE(found->front().next_slot);
        CHECK(format_iso8601(found->front().next_slot->starts_at) == "2026-11-16T08:00:00.000Z");  // 09:00 Berlin: opening, 2 h after now
        CHECK(found->front().profile.licence_number.empty());  // not shown to patients
    }
}

TEST_CASE("[core] auto-confirm, reschedule and reminders", "[core][clinic]") {
    Clinic c(/*auto_confirm=*/true);
    auto a = c.book("2026-11-18T08:00:00Z");
    REQUIRE(a);
    CHECK(a->appointment.status == AppointmentStatus::confirmed);
    auto moved = c.clinic.reschedule(c.patient, a->appointment.id, at("2026-11-18T09:00:00Z"), c.fx);
    REQUIRE(moved);
    CHECK(moved->appointment.sequence == 1);
    CHECK(c.balance(escrow_account(a->appointment.id)) == 2);  // the hold stays
    CHECK(c.book("2026-11-18T08:00:00Z", c.other_patient).error().code == ErrorCode::insufficient_credits);  // slot freed

    c.clock.set(at("2026-11-17T09:30:00Z"));
    c.fx = {};
    c.clinic.sweep(c.fx);
    CHECK(events_of<msg::NotificationCreated>(c.fx).size() == 2);  // 24 h reminder to both
    c.clinic.sweep(c.fx);
    CHECK(events_of<msg::NotificationCreated>(c.fx).size() == 2);  // only once
    c.clock.set(at("2026-11-18T08:46:00Z"));
    c.clinic.sweep(c.fx);
    CHECK(events_of<msg::NotificationCreated>(c.fx).size() == 4);
    CHECK(events_of<msg::NotificationCreated>(c.fx).back().notification.kind == "reminder.15m");
}

TEST_CASE("[core] buying credits: test cards, idempotency", "[core][clinic][payments]") {
    Clinic c;
    CHECK(luhn_valid("4242424242424242"));
    CHECK_FALSE(luhn_valid("4242424242424241"));
    const CardDetails good{"4242 4242 4242 4242", 12, 2030, "123", "Z"};
    auto first = c.credits.buy_credits(c.other_patient, "single", good, "retry-key-1", c.fx);
    REQUIRE(first);
    auto again = c.credits.buy_credits(c.other_patient, "single", good, "retry-key-1", c.fx);
    REQUIRE(again);
    CHECK(again->id == first->id);
    CHECK(c.balance(wallet_account(c.other_patient)) == 2);  // charged once

    auto declined = c.credits.buy_credits(c.other_patient, "single", {"4000 0000 0000 0002", 12, 2030, "123", ""}, "k-decl-1", c.fx);
    CHECK(declined.error().code == ErrorCode::payment_declined);
    CHECK(declined.error().message == "Your card was declined by the bank. Try another card.");
    CHECK(c.credits.buy_credits(c.other_patient, "single", {"4242 4242 4242 4243", 12, 2030, "123", ""}, "k-bad-11", c.fx).error().message.find("not valid") != std::string::npos);
    CHECK(c.credits.buy_credits(c.other_patient, "single", {"4242424242424242", 1, 2020, "123", ""}, "k-exp-11", c.fx).error().message.find("expired") != std::string::npos);
    CHECK(c.credits.buy_credits(c.other_patient, "single", {"4242424242424242", 12, 2030, "1x", ""}, "k-cvc-11", c.fx).error().message.find("CVC") != std::string::npos);
    CHECK(c.credits.buy_credits(c.other_patient, "nope", good, "k-pkg-11", c.fx).error().field == "package_id");
    CHECK(c.balance(wallet_account(c.other_patient)) == 2);
}

namespace {
// A processor during whose first charge the same purchase is retried (a second tab, or a client that
// resent after a dropped connection while the first attempt was still charging).
struct RetryDuringCharge final : PaymentProvider {
    explicit RetryDuringCharge(const Clock& clock) : inner(clock) {}
    ChargeResult charge(const ChargeRequest& request) override {
        if (retry && !retried) {
            retried = true;
            retry();
        }
        return inner.charge(request);
    }
    bool test_mode() const override { return true; }
    TestModePaymentProvider inner;  // remembers the idempotency key: the card is charged once
    std::function<void()> retry;
    bool retried = false;
};
}  // namespace

TEST_CASE("[core] buying credits: a retry while the first attempt charges credits the wallet once",
          "[core][clinic][payments]") {
    Clinic c;
    RetryDuringCharge processor(c.clock);
    CreditsService credits(c.store, c.clock, processor);
    const CardDetails good{"4242 4242 4242 4242", 12, 2030, "123", "Z"};
    std::optional<Result<Purchase>> second;
    processor.retry = [&] { second = credits.buy_credits(c.other_patient, "single", good, "same-key-1", c.fx); };
    auto first = credits.buy_credits(c.other_patient, "single", good, "same-key-1", c.fx);
    REQUIRE(first);
    REQUIRE(second);
    REQUIRE(*second);
    CHECK((*second)->id == first->id);
    CHECK(first->status == PurchaseStatus::succeeded);
    CHECK(c.balance(wallet_account(c.other_patient)) == 2);  // one posting, not two
    CHECK(c.total() == 0);
}

TEST_CASE("[core] ledger invariants hold under random operations", "[core][clinic][property]") {
    for (unsigned seed = 1; seed <= 20; ++seed) {
        Clinic c;
        std::mt19937 rng(seed);
        std::vector<AppointmentId> ids;
        const std::vector<UserId> patients{c.patient, c.other_patient};
        for (int step = 0; step < 60; ++step) {
            const int op = int(rng() % 9);
            const UserId who = patients[rng() % 2];
            const AppointmentId id = ids.empty() ? 0 : ids[rng() % ids.size()];
            if (op == 0) c.buy(who, "single");
            if (op <= 2) {
                const Instant start = at("2026-11-17T08:00:00Z") + days(rng() % 4) + minutes(30 * (rng() % 6));
                if (auto a = c.clinic.book(who, c.doctor, start, "", c.fx)) ids.push_back(a->appointment.id);
            }
            if (op == 3 && id) c.clinic.act(c.doctor, id, AppointmentAction::confirm, "", c.fx);
            if (op == 4 && id) c.clinic.act(c.doctor, id, AppointmentAction::decline, "Not available", c.fx);
            if (op == 5 && id) c.clinic.act(who, id, AppointmentAction::cancel, "", c.fx);
            if (op == 6 && id) c.clinic.act(c.doctor, id, AppointmentAction::complete, "", c.fx);
            if (op == 7 && id) c.clinic.act(c.doctor, id, AppointmentAction::no_show, "", c.fx);
            if (op == 8) {
                c.clock.advance(minutes(rng() % 600));
                c.clinic.sweep(c.fx);
            }
            INFO("seed " << seed << " step " << step);
            REQUIRE(c.total() == 0);
            for (UserId p : patients) REQUIRE(c.balance(wallet_account(p)) >= 0);
            for (AppointmentId a : ids) {
                const auto appt = c.clinic.appointment(c.doctor, a)->appointment;
                const auto held = c.balance(escrow_account(a));
                REQUIRE(held >= 0);
                REQUIRE(held == (holds_slot(appt.status) ? appt.price_credits : 0));
            }
        }
    }
}

TEST_CASE("[core] iCalendar export", "[core][clinic]") {
    Clinic c;
    auto a = c.book("2026-11-17T08:00:00Z");
    auto ics = c.clinic.ics(c.patient, a->appointment.id, "telemed.test");
    REQUIRE(ics);
    CHECK(ics->find("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") == 0);
    CHECK(ics->find("UID:appointment-" + std::to_string(a->appointment.id) + "@telemed.test\r\n") != std::string::npos);
    CHECK(ics->find("DTSTART:20261117T080000Z\r\n") != std::string::npos);
    CHECK(ics->find("DTEND:20261117T083000Z\r\n") != std::string::npos);
    CHECK(ics->find("STATUS:TENTATIVE") != std::string::npos);
    CHECK(ics->find("SEQUENCE:0") != std::string::npos);
    REQUIRE(c.clinic.act(c.patient, a->appointment.id, AppointmentAction::cancel, "", c.fx));
    auto cancelled = c.clinic.ics(c.patient, a->appointment.id, "telemed.test");
    CHECK(cancelled->find("METHOD:CANCEL") != std::string::npos);
    CHECK(cancelled->find("SEQUENCE:1") != std::string::npos);
    CHECK(c.clinic.ics(c.other_patient, a->appointment.id, "telemed.test").error().code == ErrorCode::not_found);

    const std::string folded = ics_fold("DESCRIPTION:" + std::string(70, 'a') + "ééé");
    CHECK(folded.find("\r\n ") != std::string::npos);
    for (size_t start = 0, end; (end = folded.find("\r\n", start)) != std::string::npos; start = end + 2)
        CHECK(end - start <= 75);
    CHECK(ics_escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne");
}
