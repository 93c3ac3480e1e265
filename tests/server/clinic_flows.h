// Clinic helpers for the server tests and the booking benchmark: accounts on their own connection,
// a verified doctor with open hours, credits bought with the test card, slots. Each throws with the
// server's answer when a step fails, so a broken setup reads as such.
#pragma once
#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/seed/demo_accounts.h"
#include "core/time/clock.h"
#include "flows.h"

namespace test {

// The test-mode processor's always-succeeding card.
inline json test_card() { return {{"number", "4242 4242 4242 4242"}, {"exp_month", 12}, {"exp_year", 2030}, {"cvc", "123"}}; }

// The response's data, or an exception naming the step and quoting the response.
inline json data_of(const json& response, const std::string& step) {
    if (!response.value("ok", false)) throw std::runtime_error(step + " failed: " + response.dump());
    return response["data"];
}

inline std::string iso(core::Instant t) { return core::format_iso8601(t); }
inline core::Instant instant_of(const json& text) { return *core::parse_iso8601(text.get<std::string>()); }
inline core::Instant now_utc() {
    return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

// A signed-in person with their own WebSocket.
struct Person {
    std::unique_ptr<WsClient> ws;
    std::int64_t id = 0;
    std::string email;
    std::string token;  // the session token, to resume it on another connection
    json request(const std::string& type, const json& data = json::object()) { return ws->request(type, data); }
};

inline Person sign_up_person(std::uint16_t port, const std::string& prefix, const std::string& role = "patient",
                             std::chrono::milliseconds timeout = 10s) {
    Person p;
    p.ws = greeted(port);
    p.ws->set_timeout(timeout);
    p.email = unique_email(prefix);
    const json data = data_of(sign_up(*p.ws, p.email, role), "sign_up " + p.email);
    p.id = data["user"]["id"].get<std::int64_t>();
    p.token = data.value("token", "");
    return p;
}

inline Person demo_admin(std::uint16_t port) {
    for (const auto& a : core::demo_accounts()) {
        if (a.role != core::Role::admin) continue;
        Person p;
        p.ws = greeted(port);
        p.email = a.email;
        p.id = data_of(sign_in(*p.ws, a.email, a.password), "admin sign_in")["user"]["id"].get<std::int64_t>();
        return p;
    }
    throw std::runtime_error("no demo admin");
}

// Opening hours on every day of the week, all day long (local to the doctor, UTC by default).
inline json all_week(int slot_minutes, int min_notice_minutes, bool auto_confirm = false) {
    json weekly = json::array();
    for (int d = 0; d < 7; ++d) weekly.push_back({{"weekday", d}, {"start_minute", 0}, {"end_minute", 24 * 60}});
    return {{"weekly", weekly},           {"exceptions", json::array()},
            {"slot_minutes", slot_minutes}, {"buffer_minutes", 0},
            {"min_notice_minutes", min_notice_minutes}, {"horizon_days", 60},
            {"auto_confirm", auto_confirm}};
}

// A doctor with a profile, the given availability, verified by the demo admin.
inline Person verified_doctor(std::uint16_t port, const json& availability, int price_credits = 2) {
    Person d = sign_up_person(port, "doctor", "doctor");
    data_of(d.request("update_doctor_profile", {{"specialty", "general_practice"},
                                                {"bio", "Test doctor"},
                                                {"languages", {"English"}},
                                                {"years_of_practice", 5},
                                                {"licence_number", "LIC-" + std::to_string(d.id)},
                                                {"licence_region", "Test Council"},
                                                {"price_credits", price_credits}}),
            "update_doctor_profile");
    data_of(d.request("set_availability", {{"availability", availability}}), "set_availability");
    Person admin = demo_admin(port);
    data_of(admin.request("decide_verification", {{"doctor_id", d.id}, {"decision", "verified"}}), "decide_verification");
    return d;
}

inline json buy_credits(Person& p, const std::string& package, const std::string& key) {
    return p.request("buy_credits", {{"package_id", package}, {"idempotency_key", key}, {"card", test_card()}});
}

inline std::vector<json> get_slots(Person& viewer, std::int64_t doctor, core::Instant from, core::Instant to) {
    const json d = data_of(viewer.request("get_slots", {{"doctor_id", doctor}, {"from", iso(from)}, {"to", iso(to)}}),
                           "get_slots");
    return d["slots"].get<std::vector<json>>();
}

inline json book(Person& patient, std::int64_t doctor, const json& starts_at, const std::string& concern = "Test visit") {
    return patient.request("book", {{"doctor_id", doctor}, {"starts_at", starts_at}, {"concern", concern}});
}

}  // namespace test
