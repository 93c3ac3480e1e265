#include "app/clinic_state.h"

#include <cstdio>
#include <sstream>

namespace app {

using core::protocol::json;

namespace {

core::Instant instant(const json& j, const char* key) {
    if (auto it = j.find(key); it != j.end() && it->is_string())
        if (auto t = core::parse_iso8601(it->get<std::string>())) return *t;
    return {};
}

std::string text(const json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

template <typename T>
T number(const json& j, const char* key, T fallback = 0) {
    auto it = j.find(key);
    return it != j.end() && it->is_number() ? it->get<T>() : fallback;
}

std::optional<int> parse_clock(const std::string& s) {  // "9:00", "09:30", "24:00"
    int h = 0, m = 0;
    char extra = 0;
    if (std::sscanf(s.c_str(), "%d:%d%c", &h, &m, &extra) != 2 || h < 0 || h > 24 || m < 0 || m > 59 || (h == 24 && m != 0))
        return std::nullopt;
    return h * 60 + m;
}

std::string trimmed(std::string s) {
    const auto b = s.find_first_not_of(" \t");
    const auto e = s.find_last_not_of(" \t");
    return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

}  // namespace

DoctorCard DoctorCard::from_profile(const json& p, DoctorCard d) {
    d.id = number<std::int64_t>(p, "doctor_id", d.id);
    d.specialty = text(p, "specialty");
    d.specialty_name = text(p, "specialty_name");
    d.bio = text(p, "bio");
    d.languages.clear();
    for (const json& l : p.value("languages", json::array()))
        if (l.is_string()) d.languages.push_back(l.get<std::string>());
    d.years = number<int>(p, "years_of_practice");
    d.price = number<int>(p, "price_credits");
    d.licence_number = text(p, "licence_number");
    d.licence_region = text(p, "licence_region");
    d.verification = text(p, "verification");
    d.verification_note = text(p, "verification_note");
    return d;
}

DoctorCard DoctorCard::from_listing(const json& j) {
    DoctorCard d;
    d.id = number<std::int64_t>(j, "doctor_id");
    d.name = text(j, "display_name");
    d.email = text(j, "email");
    d.time_zone = text(j, "time_zone");
    d.signed_up_at = text(j, "signed_up_at");
    d = from_profile(j.value("profile", json::object()), d);
    if (auto it = j.find("next_slot"); it != j.end() && it->is_object()) d.next_slot = instant(*it, "starts_at");
    return d;
}

AppointmentItem AppointmentItem::from_json(const json& j) {
    AppointmentItem a;
    a.id = number<std::int64_t>(j, "id");
    const json doctor = j.value("doctor", json::object()), patient = j.value("patient", json::object());
    a.doctor_id = number<std::int64_t>(doctor, "id");
    a.doctor_name = text(doctor, "display_name");
    a.doctor_time_zone = text(doctor, "time_zone");
    a.doctor_specialty = text(doctor, "specialty_name");
    a.patient_id = number<std::int64_t>(patient, "id");
    a.patient_name = text(patient, "display_name");
    a.patient_time_zone = text(patient, "time_zone");
    a.starts_at = instant(j, "starts_at");
    a.ends_at = instant(j, "ends_at");
    a.status = text(j, "status");
    a.concern = text(j, "concern");
    a.visit_summary = text(j, "visit_summary");
    a.clinical_notes = text(j, "clinical_notes");
    a.price = number<int>(j, "price_credits");
    a.free_cancel_until = instant(j, "free_cancel_until");
    a.late_refund_percent = number<int>(j, "late_cancel_refund_percent", 50);
    a.join_opens_at = instant(j, "join_opens_at");
    a.join_closes_at = instant(j, "join_closes_at");
    a.sequence = number<int>(j, "sequence");
    for (const json& h : j.value("history", json::array()))
        a.history.push_back({text(h, "from"), text(h, "to"), text(h, "message"), number<std::int64_t>(h, "actor_id"), instant(h, "at")});
    return a;
}

std::optional<std::string> parse_ranges(const std::string& input, std::vector<std::pair<int, int>>& out) {
    out.clear();
    std::stringstream parts(input);
    std::string part;
    while (std::getline(parts, part, ',')) {
        part = trimmed(part);
        if (part.empty()) continue;
        const auto dash = part.find('-');
        if (dash == std::string::npos) return "Write hours like 09:00-12:30, separated by commas.";
        auto from = parse_clock(trimmed(part.substr(0, dash)));
        auto to = parse_clock(trimmed(part.substr(dash + 1)));
        if (!from || !to) return "\"" + part + "\" is not a time range like 09:00-12:30.";
        if (*from >= *to) return "In \"" + part + "\" the start must come before the end.";
        out.emplace_back(*from, *to);
    }
    return std::nullopt;
}

std::string format_ranges(const std::vector<std::pair<int, int>>& ranges) {
    std::string out;
    for (const auto& [from, to] : ranges) {
        char buf[48];
        std::snprintf(buf, sizeof buf, "%02d:%02d-%02d:%02d", (from / 60) % 100, from % 60, (to / 60) % 100, to % 60);
        out += (out.empty() ? "" : ", ") + std::string(buf);
    }
    return out;
}

}  // namespace app
