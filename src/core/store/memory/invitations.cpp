// MemoryStore's invitations (rules: core/invitations/repository.h).
#include <stdexcept>

#include "core/store/memory/repositories.h"

namespace core {

InviteId MemoryInvitations::insert_call_invite(const CallInvite& invite) {
    // The same roles SQLite's CHECK on call_invites.role allows.
    if (invite.role != CallRole::colleague && invite.role != CallRole::interpreter &&
        invite.role != CallRole::family)
        throw std::logic_error("an invitation for a role no guest has");
    if (find_call_invite_by_token_hash(invite.token_hash)) throw UniqueViolation("call_invites.token_hash");
    CallInvite copy = invite;
    copy.id = d_.take_id();
    d_.call_invites.emplace(copy.id, copy);
    return copy.id;
}

std::optional<CallInvite> MemoryInvitations::find_call_invite(InviteId id) {
    return find_row(d_.call_invites, id);
}

std::optional<CallInvite> MemoryInvitations::find_call_invite_by_token_hash(std::string_view token_hash) {
    for (const auto& [id, i] : d_.call_invites)
        if (i.token_hash == token_hash) return i;
    return std::nullopt;
}

std::vector<CallInvite> MemoryInvitations::call_invites(AppointmentId appointment) {
    std::vector<CallInvite> out;
    for (const auto& [id, i] : d_.call_invites)
        if (i.appointment_id == appointment) out.push_back(i);
    return out;
}

void MemoryInvitations::revoke_call_invite(InviteId id, Instant at) {
    if (CallInvite* i = row(d_.call_invites, id); i && !i->revoked_at) i->revoked_at = at;
}

void MemoryInvitations::claim_call_invite(InviteId id, std::string_view guest_name, std::string_view key_hash,
                                          std::string_view time_zone, Instant at) {
    CallInvite* i = row(d_.call_invites, id);
    if (!i || i->claimed_at) return;  // the first claim stands
    i->claimed_at = at;
    i->guest_name = std::string(guest_name);
    i->guest_key_hash = std::string(key_hash);
    i->guest_time_zone = std::string(time_zone);
}

}  // namespace core
