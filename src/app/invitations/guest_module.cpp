#include "app/invitations/guest_module.h"

#include "core/accounts/validation.h"

namespace app {

namespace msg = core::msg;

namespace {

// What this browser keeps of an invitation it entered with (as JSON in the guest key store).
struct KeptEntry {
    std::string token, key, name;
    template <typename F>
    void fields(F& f) {
        f("token", token);
        f("key", key);
        f("name", name);
    }
};

}  // namespace

void GuestModule::apply(const GuestAction& action) {
    std::visit(overloaded{[this](const SubmitGuestEntry&) { submit_entry(); }}, action);
}

// The stored key belongs to this token only.
void GuestModule::restore_key() {
    GuestEntry& g = state().guest;
    if (!g.key.empty() || !ctx_.env.guest_keys) return;
    const auto text = ctx_.env.guest_keys->load();
    if (!text) return;
    auto kept = core::protocol::decode<KeptEntry>(core::protocol::json::parse(*text, nullptr, false));
    if (!kept || kept.value().token != g.token) return;
    g.key = kept.value().key;
    g.name = kept.value().name;
}

void GuestModule::keep_key() {
    const GuestEntry& g = state().guest;
    if (ctx_.env.guest_keys) ctx_.env.guest_keys->save(core::protocol::encode(KeptEntry{g.token, g.key, g.name}).dump());
}

void GuestModule::on_ready() {
    GuestEntry& g = state().guest;
    if (g.phase == GuestEntry::Phase::none) return;  // not an invitation link
    state().screen = Screen::guest;
    restore_key();
    // Back after a dropped connection or a reload: re-enter with the key, then rejoin the call.
    if (!g.key.empty() && !g.name.empty()) return enter(true);
    g.phase = GuestEntry::Phase::loading;
    client().call(
        msg::ReadInvite{g.token},
        [this](msg::InviteDetails& r) {
            GuestEntry& g = state().guest;
            g.doctor_name = r.visit.doctor_name;
            g.appointment_id = r.visit.appointment_id;
            g.starts_at = r.visit.starts_at;
            g.opens_at = r.visit.join_opens_at;
            g.closes_at = r.visit.join_closes_at;
            g.role = r.invite.role;
            g.suggested_name = r.invite.name;
            if (g.name.empty()) g.name = g.suggested_name;
            g.phase = GuestEntry::Phase::enter_name;
        },
        [this](const core::Error& e) {
            if (e.code == core::ErrorCode::offline) return true;  // the next hello tries again
            state().guest.phase = GuestEntry::Phase::invalid;
            state().guest.error = e.message;
            return true;
        });
}

void GuestModule::submit_entry() {
    GuestEntry& g = state().guest;
    if (g.phase != GuestEntry::Phase::enter_name && g.phase != GuestEntry::Phase::in_visit) return;
    g.name_error.clear();
    if (core::trim(g.name).empty()) {
        g.name_error = "Enter your name so the doctor knows who is waiting.";
        return;
    }
    enter(g.phase == GuestEntry::Phase::in_visit);
}

void GuestModule::enter(bool rejoin) {
    GuestEntry& g = state().guest;
    if (!rejoin) g.phase = GuestEntry::Phase::joining;
    client().call(
        msg::JoinAsGuest{g.token, g.name, state().browser_time_zone, g.key},
        [this, rejoin](msg::GuestEntered& r) { entered(rejoin, r); }, [this](const core::Error& e) { return refused(e); });
}

void GuestModule::entered(bool rejoin, const msg::GuestEntered& r) {
    GuestEntry& g = state().guest;
    if (!r.guest_key.empty()) g.key = r.guest_key;
    g.me = r.you;
    g.name = r.display_name;
    g.appointment_id = r.visit.appointment_id;
    g.doctor_name = r.visit.doctor_name;
    g.role = r.invite.role;
    keep_key();
    const bool was_in_visit = g.phase == GuestEntry::Phase::in_visit;
    g.phase = GuestEntry::Phase::in_visit;
    state().screen = Screen::guest;
    // A reconnect keeps the call going (rejoin without a second admission); otherwise the pre-call check.
    const CallPhase call = state().call.phase;
    if (rejoin && was_in_visit && call != CallPhase::idle && call != CallPhase::ended) return ctx_.dispatch(ResumeCall{});
    ctx_.dispatch(OpenCallAsGuest{g.appointment_id, g.me, g.doctor_name + "'s video visit"});
}

bool GuestModule::refused(const core::Error& e) {
    GuestEntry& g = state().guest;
    if (e.code == core::ErrorCode::offline) return true;  // the next hello tries again
    if (e.field == "display_name") {
        g.phase = GuestEntry::Phase::enter_name;
        g.name_error = e.message;
        return true;
    }
    ctx_.dispatch(CloseCall{});
    g.phase = GuestEntry::Phase::invalid;
    g.error = e.message;
    if (ctx_.env.guest_keys) ctx_.env.guest_keys->clear();
    return true;
}

}  // namespace app
