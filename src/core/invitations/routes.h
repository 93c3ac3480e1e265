// Registers the invitation requests: the doctor's call_invite_create, call_invites and
// call_invite_revoke, and a guest's invite_info and invite_join.
#pragma once
#include "core/api/routes.h"
#include "core/invitations/service.h"

namespace core {

void add_invitation_routes(Routes& routes, InvitationService& invitations);

}  // namespace core
