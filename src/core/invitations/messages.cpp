#include "core/invitations/messages.h"

namespace core::msg {

Invitation Invitation::of(const CallInvite& i, Instant now) {
    Invitation out{i.id, i.appointment_id, i.role, i.name, invite_state(i, now), i.created_at, i.expires_at, {}, std::nullopt, i.revoked_at};
    if (i.claimed_at) {
        out.guest_name = i.guest_name;
        out.guest_user_id = core::guest_user_id(i.id);
    }
    return out;
}

}  // namespace core::msg
