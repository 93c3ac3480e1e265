// The guest side of an invitation link (/?invite=<token>): read what the invitation is for, take the
// person's name, enter as a guest (invite_join) and open the pre-call check of that one visit. After
// a dropped connection or a reload the same browser re-enters with the key the server gave it.
#include "app/controller.h"
#include "core/accounts/validation.h"

namespace app {

using core::protocol::json;
using core::protocol::RequestType;
using core::protocol::Response;

namespace {

// The stored key belongs to this token only ({"token","key","name"} in the guest store).
std::optional<json> stored_entry(TokenStore* store, const std::string& token) {
    if (!store) return std::nullopt;
    auto text = store->load();
    if (!text) return std::nullopt;
    json j = json::parse(*text, nullptr, false);
    if (!j.is_object() || j.value("token", "") != token) return std::nullopt;
    return j;
}

}  // namespace

void Controller::guest_ready() {
    GuestEntry& g = state_.guest;
    state_.screen = Screen::guest;
    if (g.key.empty())
        if (auto saved = stored_entry(guest_store_, g.token)) {
            g.key = saved->value("key", "");
            g.name = saved->value("name", "");
        }
    // Back after a dropped connection or a reload: re-enter with the key, then rejoin the call.
    if (!g.key.empty() && !g.name.empty()) return enter_as_guest(true);
    g.phase = GuestEntry::Phase::loading;
    client_.call(RequestType::invite_info, {{"token", g.token}}, [this](const Response& r) {
        GuestEntry& g = state_.guest;
        if (!r.ok) {
            if (r.error.code == core::ErrorCode::offline) return;  // the next hello tries again
            g.phase = GuestEntry::Phase::invalid;
            g.error = r.error.message;
            return;
        }
        const json visit = r.data.value("visit", json::object());
        const json invite = r.data.value("invite", json::object());
        g.doctor_name = visit.value("doctor_name", "");
        g.appointment_id = visit.value("appointment_id", std::int64_t{0});
        g.starts_at = core::parse_iso8601(visit.value("starts_at", "")).value_or(core::Instant{});
        g.opens_at = core::parse_iso8601(visit.value("join_opens_at", "")).value_or(core::Instant{});
        g.closes_at = core::parse_iso8601(visit.value("join_closes_at", "")).value_or(core::Instant{});
        g.role = invite.value("role", "");
        g.suggested_name = invite.value("name", "");
        if (g.name.empty()) g.name = g.suggested_name;
        g.phase = GuestEntry::Phase::enter_name;
    });
}

void Controller::submit_guest_entry() {
    GuestEntry& g = state_.guest;
    if (g.phase != GuestEntry::Phase::enter_name && g.phase != GuestEntry::Phase::in_visit) return;
    g.name_error.clear();
    if (core::trim(g.name).empty()) {
        g.name_error = "Enter your name so the doctor knows who is waiting.";
        return;
    }
    enter_as_guest(g.phase == GuestEntry::Phase::in_visit);
}

void Controller::enter_as_guest(bool rejoin) {
    GuestEntry& g = state_.guest;
    if (!rejoin) g.phase = GuestEntry::Phase::joining;
    json data = {{"token", g.token}, {"display_name", g.name}, {"time_zone", state_.browser_time_zone}};
    if (!g.key.empty()) data["guest_key"] = g.key;
    client_.call(RequestType::invite_join, data, [this, rejoin](const Response& r) {
        GuestEntry& g = state_.guest;
        if (!r.ok) {
            if (r.error.code == core::ErrorCode::offline) return;
            if (r.error.field == "display_name") {
                g.phase = GuestEntry::Phase::enter_name;
                g.name_error = r.error.message;
                return;
            }
            call_.apply(CloseCall{});
            g.phase = GuestEntry::Phase::invalid;
            g.error = r.error.message;
            if (guest_store_) guest_store_->clear();
            return;
        }
        g.key = r.data.value("guest_key", g.key);
        g.me = r.data.value("you", std::int64_t{0});
        g.name = r.data.value("display_name", g.name);
        const json visit = r.data.value("visit", json::object());
        g.appointment_id = visit.value("appointment_id", g.appointment_id);
        g.doctor_name = visit.value("doctor_name", g.doctor_name);
        g.role = r.data.value("invite", json::object()).value("role", g.role);
        if (guest_store_) guest_store_->save(json{{"token", g.token}, {"key", g.key}, {"name", g.name}}.dump());
        const bool was_in_visit = g.phase == GuestEntry::Phase::in_visit;
        g.phase = GuestEntry::Phase::in_visit;
        state_.screen = Screen::guest;
        // A reconnect keeps the call going (rejoin without a second admission); otherwise the pre-call check.
        if (rejoin && was_in_visit && state_.call.phase != CallPhase::idle && state_.call.phase != CallPhase::ended)
            return call_.on_session_resumed();
        call_.open_as_guest(g.appointment_id, g.me, g.doctor_name + "'s video visit");
    });
}

}  // namespace app
