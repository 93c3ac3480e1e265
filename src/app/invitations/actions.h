// Invitations: the doctor's panel in the call, and the guest's way in.
#pragma once
#include <cstdint>
#include <optional>
#include <variant>

#include "core/calls/model.h"

namespace app {

struct CreateInvite {  // the doctor, in the call: a link for a colleague | interpreter | family member
    std::optional<core::CallRole> role;  // empty: the role chosen in the panel
};
struct CopyInviteLink {
    std::int64_t invite_id;
};
struct RevokeInvite {
    std::int64_t invite_id;
};
struct RefreshInvites {};  // the call's invitations again (someone new arrived)
using InvitesAction = std::variant<CreateInvite, CopyInviteLink, RevokeInvite, RefreshInvites>;

struct SubmitGuestEntry {};  // the person who opened an invitation link gave their name
using GuestAction = std::variant<SubmitGuestEntry>;

}  // namespace app
