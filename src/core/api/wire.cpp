#include "core/api/wire.h"

#include "core/clinic/specialties.h"
#include "core/protocol/protocol.h"

namespace core::wire {
namespace {

json iso(Instant t) { return format_iso8601(t); }

Error bad(const char* field, std::string message) { return Error::of(ErrorCode::invalid_field, std::move(message), field); }

// Reads an integer field that must be present; the error names `field`.
bool read_int(const json& j, const char* key, int& out, const char* field, std::optional<Error>& error) {
    auto it = j.find(key);
    if (it == j.end() || !it->is_number_integer()) {
        error = bad(field, std::string("\"") + key + "\" must be a whole number.");
        return false;
    }
    out = it->get<int>();
    return true;
}

}  // namespace

json user(const User& u) {
    return {{"id", u.id},
            {"email", u.email},
            {"display_name", u.display_name},
            {"role", to_string(u.role)},
            {"status", to_string(u.status)},
            {"time_zone", u.time_zone},
            {"created_at", iso(u.created_at)}};
}

json doctor_profile(const DoctorProfile& p) {
    const Specialty* s = find_specialty(p.specialty);
    json j = {{"doctor_id", p.user_id},
              {"specialty", p.specialty},
              {"specialty_name", s ? s->name : p.specialty},
              {"bio", p.bio},
              {"languages", p.languages},
              {"years_of_practice", p.years_of_practice},
              {"licence_region", p.licence_region},
              {"price_credits", p.price_credits},
              {"verification", to_string(p.verification)},
              {"verification_note", p.verification_note}};
    if (!p.licence_number.empty()) j["licence_number"] = p.licence_number;
    return j;
}

json doctor_listing(const DoctorListing& d) {
    json j = {{"doctor_id", d.user.id},
              {"display_name", d.user.display_name},
              {"time_zone", d.user.time_zone},
              {"profile", doctor_profile(d.profile)},
              {"next_slot", nullptr}};
    if (!d.user.email.empty() && !d.profile.licence_number.empty()) j["email"] = d.user.email;  // admin view
    if (d.next_slot) j["next_slot"] = slot(*d.next_slot);
    return j;
}

json slot(const Slot& s) { return {{"starts_at", iso(s.starts_at)}, {"ends_at", iso(s.ends_at)}}; }

json availability(const Availability& a) {
    json weekly = json::array(), exceptions = json::array();
    for (const WeeklyHours& h : a.weekly)
        weekly.push_back({{"weekday", h.weekday}, {"start_minute", h.start_minute}, {"end_minute", h.end_minute}});
    for (const AvailabilityException& e : a.exceptions)
        exceptions.push_back({{"date", e.date}, {"day_off", e.day_off}, {"start_minute", e.start_minute}, {"end_minute", e.end_minute}});
    return {{"weekly", weekly},
            {"exceptions", exceptions},
            {"slot_minutes", a.slot_minutes},
            {"buffer_minutes", a.buffer_minutes},
            {"min_notice_minutes", a.min_notice_minutes},
            {"horizon_days", a.horizon_days},
            {"auto_confirm", a.auto_confirm}};
}

Result<Availability> availability_from(const json& j) {
    if (!j.is_object()) return bad("availability", "\"availability\" must be an object.");
    Availability a;
    std::optional<Error> error;
    for (auto [key, target] : {std::pair{"slot_minutes", &a.slot_minutes}, {"buffer_minutes", &a.buffer_minutes},
                               {"min_notice_minutes", &a.min_notice_minutes}, {"horizon_days", &a.horizon_days}})
        if (!read_int(j, key, *target, key, error)) return *error;
    auto auto_confirm = j.find("auto_confirm");
    if (auto_confirm == j.end() || !auto_confirm->is_boolean()) return bad("auto_confirm", "\"auto_confirm\" must be true or false.");
    a.auto_confirm = auto_confirm->get<bool>();
    auto weekly = j.find("weekly");
    if (weekly == j.end() || !weekly->is_array()) return bad("weekly", "\"weekly\" must be a list of opening hours.");
    for (const json& h : *weekly) {
        WeeklyHours w;
        if (!h.is_object() || !read_int(h, "weekday", w.weekday, "weekly", error) ||
            !read_int(h, "start_minute", w.start_minute, "weekly", error) || !read_int(h, "end_minute", w.end_minute, "weekly", error))
            return error.value_or(bad("weekly", "Each opening-hours entry is an object."));
        a.weekly.push_back(w);
    }
    auto exceptions = j.find("exceptions");
    if (exceptions != j.end()) {
        if (!exceptions->is_array()) return bad("exceptions", "\"exceptions\" must be a list.");
        for (const json& e : *exceptions) {
            if (!e.is_object() || !e.contains("date") || !e["date"].is_string() || !e.contains("day_off") || !e["day_off"].is_boolean())
                return bad("exceptions", "Each exception has a \"date\" and \"day_off\".");
            AvailabilityException x{e["date"].get<std::string>(), e["day_off"].get<bool>(), 0, 0};
            if (!x.day_off && (!read_int(e, "start_minute", x.start_minute, "exceptions", error) ||
                               !read_int(e, "end_minute", x.end_minute, "exceptions", error)))
                return *error;
            a.exceptions.push_back(x);
        }
    }
    return a;
}

Result<DoctorProfileInput> profile_input_from(const json& j) {
    DoctorProfileInput in;
    for (auto [key, target] : {std::pair{"specialty", &in.specialty}, {"bio", &in.bio}, {"licence_number", &in.licence_number},
                               {"licence_region", &in.licence_region}}) {
        auto v = protocol::require_string(j, key);
        if (!v) return v.error();
        *target = v.value();
    }
    std::optional<Error> error;
    if (!read_int(j, "years_of_practice", in.years_of_practice, "years_of_practice", error) ||
        !read_int(j, "price_credits", in.price_credits, "price_credits", error))
        return *error;
    auto languages = j.find("languages");
    if (languages == j.end() || !languages->is_array()) return bad("languages", "\"languages\" must be a list of names.");
    for (const json& l : *languages) {
        if (!l.is_string()) return bad("languages", "Each language is a name.");
        in.languages.push_back(l.get<std::string>());
    }
    return in;
}

Result<CardDetails> card_from(const json& j) {
    if (!j.is_object()) return bad("card", "Enter your card details.");
    CardDetails c;
    auto number = protocol::require_string(j, "number");
    if (!number) return bad("card", "Enter the card number.");
    c.number = number.value();
    auto cvc = protocol::require_string(j, "cvc");
    if (!cvc) return bad("card", "Enter the security code (CVC).");
    c.cvc = cvc.value();
    c.holder = protocol::optional_string(j, "holder").value_or("");
    std::optional<Error> error;
    if (!read_int(j, "exp_month", c.exp_month, "card", error) || !read_int(j, "exp_year", c.exp_year, "card", error))
        return bad("card", "Enter the expiry month and year.");
    return c;
}

json appointment(const AppointmentView& v, const JoinPolicy& join, bool with_history) {
    const Appointment& a = v.appointment;
    const JoinWindow w = join_window(a, join);
    const Specialty* s = find_specialty(v.doctor_specialty);
    json j = {{"id", a.id},
              {"doctor", {{"id", v.doctor.id}, {"display_name", v.doctor.display_name}, {"time_zone", v.doctor.time_zone},
                          {"specialty", v.doctor_specialty}, {"specialty_name", s ? s->name : v.doctor_specialty}}},
              {"patient", {{"id", v.patient.id}, {"display_name", v.patient.display_name}, {"time_zone", v.patient.time_zone}}},
              {"starts_at", iso(a.starts_at)},
              {"ends_at", iso(a.ends_at)},
              {"status", to_string(a.status)},
              {"concern", a.concern},
              {"price_credits", a.price_credits},
              {"free_cancel_until", iso(a.starts_at - std::chrono::hours(a.free_cancel_hours))},
              {"late_cancel_refund_percent", a.late_cancel_refund_percent},
              {"visit_summary", a.visit_summary},
              {"join_opens_at", iso(w.opens_at)},
              {"join_closes_at", iso(w.closes_at)},
              {"sequence", a.sequence},
              {"created_at", iso(a.created_at)},
              {"updated_at", iso(a.updated_at)}};
    if (v.viewer_is_doctor) j["clinical_notes"] = a.clinical_notes;
    if (with_history) {
        json history = json::array();
        for (const AppointmentChange& c : v.history)
            history.push_back({{"from", c.from ? json(to_string(*c.from)) : json(nullptr)},
                               {"to", to_string(c.to)},
                               {"actor_id", c.actor},
                               {"message", c.message},
                               {"at", iso(c.at)}});
        j["history"] = history;
    }
    return j;
}

json wallet(const Wallet& w) {
    json entries = json::array();
    for (const LedgerEntry& e : w.entries) {
        json x = {{"id", e.id}, {"kind", to_string(e.kind)}, {"amount", e.amount}, {"memo", e.memo}, {"at", iso(e.at)},
                  {"account", e.account.substr(0, e.account.find(':'))}};
        if (e.appointment_id) x["appointment_id"] = *e.appointment_id;
        entries.push_back(x);
    }
    return {{"available", w.available}, {"held", w.held}, {"earnings", w.earnings}, {"entries", entries}};
}

json purchase(const Purchase& p) {
    return {{"id", p.id},           {"package_id", p.package_id}, {"credits", p.credits},
            {"amount_cents", p.amount_cents}, {"currency", p.currency}, {"status", to_string(p.status)},
            {"card_brand", p.card_brand}, {"card_last4", p.card_last4}, {"created_at", iso(p.created_at)}};
}

json notification(const Notification& n) {
    json j = {{"id", n.id}, {"kind", n.kind}, {"title", n.title}, {"body", n.body},
              {"created_at", iso(n.created_at)}, {"read", n.read_at.has_value()}, {"appointment_id", nullptr}};
    if (n.appointment_id) j["appointment_id"] = *n.appointment_id;
    return j;
}

json packages(bool test_mode) {
    json list = json::array();
    for (const CreditPackage& p : credit_packages())
        list.push_back({{"id", p.id}, {"credits", p.credits}, {"price_cents", p.price_cents}, {"currency", p.currency}, {"name", p.name}});
    return {{"packages", list}, {"test_mode", test_mode}};
}

json specialties() {
    json list = json::array();
    for (const Specialty& s : core::specialties()) list.push_back({{"code", s.code}, {"name", s.name}});
    return list;
}

json call_state(const CallRoom& room) {
    json participants = json::array();
    for (const CallMember& m : room.members)
        participants.push_back({{"user_id", m.user_id},
                                {"display_name", m.display_name},
                                {"role", to_string(m.role)},
                                {"state", to_string(m.state)},
                                {"audio", m.audio},
                                {"video", m.video},
                                {"screen", m.screen}});
    json recording = {{"state", to_string(room.recording.state)}, {"consents", json(room.recording.consents)}};
    if (room.recording.requested_by) recording["requested_by"] = *room.recording.requested_by;
    return {{"appointment_id", room.appointment_id},
            {"status", to_string(room.status)},
            {"participants", participants},
            {"recording", recording}};
}

json call_message(const CallMessage& m, const std::string& display_name) {
    return {{"id", m.id}, {"user_id", m.user_id}, {"display_name", display_name}, {"text", m.text}, {"at", iso(m.at)}};
}

json call_log(const CallLog& log) {
    json participants = json::array();
    for (const CallLogEntry& e : log.participants) {
        json intervals = json::array();
        for (const CallParticipation& p : e.intervals)
            intervals.push_back({{"joined_at", iso(p.joined_at)}, {"left_at", p.left_at ? iso(*p.left_at) : json(nullptr)}});
        participants.push_back({{"user_id", e.user_id},
                                {"display_name", e.display_name},
                                {"role", to_string(e.role)},
                                {"total_seconds", e.total_seconds},
                                {"intervals", intervals}});
    }
    json j = {{"status", to_string(log.status)}, {"participants", participants}};
    if (log.started_at) j["started_at"] = iso(*log.started_at);
    if (log.ended_at) j["ended_at"] = iso(*log.ended_at);
    return j;
}

json call_member(const CallMember& m) {
    return {{"user_id", m.user_id}, {"display_name", m.display_name}, {"role", to_string(m.role)}, {"state", to_string(m.state)},
            {"audio", m.audio},     {"video", m.video},               {"screen", m.screen}};
}

json call_waiting(const CallRoom& room) {
    json waiting = json::array();
    if (room.status == CallStatus::open)
        for (const CallMember& m : room.members)
            if (m.state == CallMemberState::waiting) waiting.push_back(call_member(m));
    return {{"appointment_id", room.appointment_id}, {"waiting", waiting}};
}

json call_invite(const CallInvite& i, Instant now) {
    const char* state = i.revoked_at ? "revoked" : i.claimed_at ? "joined" : now >= i.expires_at ? "expired" : "open";
    json j = {{"id", i.id},         {"appointment_id", i.appointment_id}, {"role", to_string(i.role)},
              {"name", i.name},     {"state", state},                     {"created_at", iso(i.created_at)},
              {"expires_at", iso(i.expires_at)}};
    if (i.claimed_at) {
        j["guest_name"] = i.guest_name;
        j["guest_user_id"] = guest_user_id(i.id);
    }
    if (i.revoked_at) j["revoked_at"] = iso(*i.revoked_at);
    return j;
}

}  // namespace core::wire
