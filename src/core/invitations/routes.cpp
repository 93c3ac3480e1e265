// The invitation requests: the doctor's links (call_invite_create, call_invites, call_invite_revoke)
// and a guest's way in (invite_info, invite_join: before any sign-in, the person opening a link has no
// account). The rules are in service.cpp.
#include "core/invitations/routes.h"

#include "core/invitations/messages.h"

namespace core {
namespace {

msg::GuestInvite invite_for_guest(const CallInvite& i) { return {i.role, i.name}; }

// What a guest may see of the visit: whose it is and when. Never the patient.
msg::GuestVisit visit_for_guest(const InviteInfo& info, const JoinPolicy& join) {
    const JoinWindow w = join_window(info.appointment, join);
    return {info.appointment.id, info.doctor_name, info.appointment.starts_at, info.appointment.ends_at, w.opens_at, w.closes_at};
}

}  // namespace

void add_invitation_routes(Routes& routes, InvitationService& invitations) {
    routes.add<msg::CreateInvite>(Who::signed_in, [&invitations](RequestContext& c, msg::CreateInvite& in) -> Result<msg::InviteCreated> {
        auto made = invitations.create(c.auth().user.id, in.appointment_id, in.role, in.name);
        if (!made) return made.error();
        return msg::InviteCreated{msg::Invitation::of(made->invite, made->invite.created_at), made->token, "/?invite=" + made->token};
    });
    routes.add<msg::ListInvites>(Who::signed_in, [&invitations](RequestContext& c, msg::ListInvites& in) -> Result<msg::InviteList> {
        auto list = invitations.list(c.auth().user.id, in.appointment_id);
        if (!list) return list.error();
        const Instant now = invitations.now();
        msg::InviteList out;
        for (const CallInvite& i : list.value()) out.invites.push_back(msg::Invitation::of(i, now));
        return out;
    });
    routes.add<msg::RevokeInvite>(Who::signed_in, [&invitations](RequestContext& c, msg::RevokeInvite& in) -> Result<msg::Empty> {
        if (auto r = invitations.revoke(c.auth().user.id, in.appointment_id, in.invite_id, c.effects()); !r) return r.error();
        return msg::Empty{};
    });
    routes.add<msg::ReadInvite>(Who::visitor, [&invitations](RequestContext&, msg::ReadInvite& in) -> Result<msg::InviteDetails> {
        auto info = invitations.info(in.token);
        if (!info) return info.error();
        return msg::InviteDetails{invite_for_guest(info->invite), visit_for_guest(info.value(), invitations.join_policy())};
    });
    routes.add<msg::JoinAsGuest>(Who::visitor, [&invitations](RequestContext& c, msg::JoinAsGuest& in) -> Result<msg::GuestEntered> {
        if (c.connection.session)
            return Error::of(ErrorCode::forbidden,
                             "You are signed in here. Open the invitation in a new private window, or sign out first.");
        auto entry = invitations.enter_as_guest(in.token, in.display_name, in.guest_key, in.time_zone);
        if (!entry) return entry.error();
        c.connection.guest = ConnectionState::GuestLink{entry->guest, entry->info.appointment.id};
        c.outcome.guest_bound = entry->guest;
        return msg::GuestEntered{entry->guest, entry->info.invite.guest_name, entry->guest_key, invite_for_guest(entry->info.invite),
                                 visit_for_guest(entry->info, invitations.join_policy())};
    });
}

}  // namespace core
