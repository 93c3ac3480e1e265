#include "core/invitations/service.h"

#include <algorithm>

#include "core/accounts/validation.h"
#include "core/clinic/standing.h"
#include "core/crypto/random.h"
#include "core/crypto/sha256.h"
#include "core/time/format.h"

namespace core {

InviteState invite_state(const CallInvite& i, Instant now) {
    if (i.revoked_at) return InviteState::revoked;
    if (i.claimed_at) return InviteState::joined;
    return now >= i.expires_at ? InviteState::expired : InviteState::open;
}

namespace {

bool is_open_status(AppointmentStatus s) { return s == AppointmentStatus::confirmed || s == AppointmentStatus::in_progress; }

Error no_such_appointment() { return Error::of(ErrorCode::not_found, "This appointment does not exist."); }
Error only_the_doctor_invites() { return Error::of(ErrorCode::forbidden, "Only the doctor can invite people to the call."); }
Error invite_not_valid() {
    return Error::of(ErrorCode::invite_invalid,
                     "This invitation link is not valid. Check that you opened the whole link, or ask the doctor for a new one.");
}
Error invite_withdrawn() { return Error::of(ErrorCode::invite_invalid, "The doctor withdrew this invitation."); }
Error invite_expired() {
    return Error::of(ErrorCode::invite_invalid, "This invitation has expired: the video call of this visit is closed.");
}

struct Host {
    Appointment appointment;
    User doctor;
};

// The appointment, when `host` is its doctor.
Result<Host> host_of(Transaction& tx, UserId host, AppointmentId id) {
    if (is_guest(host)) return only_the_doctor_invites();
    auto a = tx.clinic().find_appointment(id);
    if (!a || (a->patient_id != host && a->doctor_id != host)) return no_such_appointment();
    if (a->doctor_id != host) return only_the_doctor_invites();
    auto doctor = tx.accounts().find_user(host);
    if (!doctor) return no_such_appointment();
    if (auto suspended = suspended_doctor(tx, host)) return *suspended;
    return Host{*a, *doctor};
}

}  // namespace

InvitationService::InvitationService(Store& store, const Clock& clock, CallService& calls, InvitationPolicy policy)
    : store_(store), clock_(clock), calls_(calls), policy_(policy) {}

Result<InviteCreated> InvitationService::create(UserId host, AppointmentId id, CallRole role, const std::string& name) {
    const std::string label = trim(name);
    const Instant now = clock_.now();
    return store_.transact([&](Transaction& tx) -> Result<InviteCreated> {
                     auto h = host_of(tx, host, id);
                     if (!h) return h.error();
                     if (!is_guest_role(role))
                         return Error::of(ErrorCode::invalid_field, "Invite a colleague, an interpreter or a family member.", "role");
                     if (!label.empty())
                         if (auto bad = check_display_name(label)) return Error::of(ErrorCode::invalid_field, bad->message, "name");
                     const Appointment& a = h->appointment;
                     if (!is_open_status(a.status)) return call_not_open_because(a.status);
                     const JoinWindow w = join_window(a, join_policy());
                     if (now >= w.closes_at)
                         return Error::of(ErrorCode::call_not_open, "The video call of this visit closed at " +
                                                                        format_with_zone(w.closes_at, h->doctor.time_zone) + ".");
                     const auto all = tx.invitations().call_invites(id);
                     const auto open = std::count_if(all.begin(), all.end(), [](const CallInvite& i) { return !i.revoked_at; });
                     if (size_t(open) >= policy_.max_open_invites)
                         return Error::of(ErrorCode::forbidden, "This visit already has " + std::to_string(open) +
                                                                    " open invitations. Withdraw one before inviting someone else.");
                     InviteCreated out;
                     out.token = new_session_token();
                     out.invite.appointment_id = id;
                     out.invite.created_by = host;
                     out.invite.role = role;
                     out.invite.name = label;
                     out.invite.token_hash = sha256_hex(out.token);
                     out.invite.created_at = now;
                     out.invite.expires_at = w.closes_at;
                     out.invite.id = tx.invitations().insert_call_invite(out.invite);
                     return out;
                 })
        .value;
}

Result<std::vector<CallInvite>> InvitationService::list(UserId host, AppointmentId id) {
    return store_.transact([&](Transaction& tx) -> Result<std::vector<CallInvite>> {
                     auto h = host_of(tx, host, id);
                     if (!h) return h.error();
                     return tx.invitations().call_invites(id);
                 })
        .value;
}

Result<Done> InvitationService::revoke(UserId host, AppointmentId id, InviteId invite, Effects& out) {
    const Instant now = clock_.now();
    // One transaction: the link stops working and whoever came in with it is out at once (waiting,
    // in the call or reconnecting).
    return calls_.remove(
        id, guest_user_id(invite),
        [&](Transaction& tx) -> Result<Done> {
            auto h = host_of(tx, host, id);
            if (!h) return h.error();
            auto inv = tx.invitations().find_call_invite(invite);
            if (!inv || inv->appointment_id != id)
                return Error::of(ErrorCode::invalid_field, "This visit has no such invitation.", "invite_id");
            tx.invitations().revoke_call_invite(invite, now);
            return Done{};
        },
        out);
}

Result<InviteInfo> InvitationService::valid_invite(Transaction& tx, const std::string& token) {
    if (token.empty() || token.size() > 200) return invite_not_valid();
    auto inv = tx.invitations().find_call_invite_by_token_hash(sha256_hex(token));
    if (!inv) return invite_not_valid();
    auto a = tx.clinic().find_appointment(inv->appointment_id);
    auto doctor = a ? tx.accounts().find_user(a->doctor_id) : std::nullopt;
    if (!a || !doctor) return invite_not_valid();
    if (inv->revoked_at) return invite_withdrawn();
    // A guest already in the room may come back after the window closed, like everyone else.
    const bool in_room = calls_.present(a->id, guest_user_id(inv->id));
    if (!in_room && (!is_open_status(a->status) || clock_.now() >= inv->expires_at)) return invite_expired();
    return InviteInfo{*inv, *a, doctor->display_name};
}

Result<InviteInfo> InvitationService::info(const std::string& token) {
    return store_.transact([&](Transaction& tx) { return valid_invite(tx, token); }).value;
}

Result<GuestEntry> InvitationService::enter_as_guest(const std::string& token, const std::string& display_name,
                                                     const std::string& guest_key, const std::string& time_zone) {
    const std::string name = trim(display_name);
    const std::string zone = time_zone.empty() ? "UTC" : time_zone;
    return store_.transact([&](Transaction& tx) -> Result<GuestEntry> {
                     auto info = valid_invite(tx, token);
                     if (!info) return info.error();
                     if (auto bad = check_display_name(name)) return *bad;
                     if (auto bad = check_time_zone(zone)) return *bad;
                     GuestEntry out{guest_user_id(info->invite.id), guest_key, std::move(info.value())};
                     CallInvite& inv = out.info.invite;
                     if (inv.claimed_at) {
                         // Only the browser that first opened the link comes back with it (a forwarded link does not).
                         if (guest_key.empty() || !constant_time_equal(sha256_hex(guest_key), inv.guest_key_hash))
                             return Error::of(ErrorCode::invite_invalid,
                                              "Someone else already joined with this invitation. Ask the doctor for a new link.");
                         return out;
                     }
                     out.guest_key = new_session_token();
                     inv.claimed_at = clock_.now();
                     inv.guest_name = name;
                     inv.guest_key_hash = sha256_hex(out.guest_key);
                     inv.guest_time_zone = zone;
                     tx.invitations().claim_call_invite(inv.id, inv.guest_name, inv.guest_key_hash, inv.guest_time_zone, *inv.claimed_at);
                     return out;
                 })
        .value;
}

}  // namespace core
