// Invitations to a video visit: the doctor invites a colleague, an interpreter or a family member by
// a link. The link's token is 256 random bits, stored only as its SHA-256. The first person to open
// the link claims it (name and a key their browser keeps); from then on only that key rejoins with
// it. Guests have no account; their id in the call is guest_user_id(invitation id) (core/ids.h).
#pragma once
#include <optional>
#include <string>

#include "core/calls/model.h"
#include "core/enums.h"
#include "core/ids.h"
#include "core/time/clock.h"

namespace core {

struct CallInvite {
    InviteId id = 0;
    AppointmentId appointment_id = 0;
    UserId created_by = 0;  // the doctor
    CallRole role = CallRole::colleague;
    std::string name;        // who the doctor meant (may be empty)
    std::string token_hash;  // sha256 hex of the link's token
    Instant created_at{};
    Instant expires_at{};    // when the visit's join window closes
    std::optional<Instant> revoked_at;
    // Set once someone opened the link and gave their name.
    std::optional<Instant> claimed_at;
    std::string guest_name;
    std::string guest_key_hash;  // sha256 hex of the key the guest's browser keeps
    std::string guest_time_zone;
};

// An invitation as the doctor's list shows it.
#define CORE_INVITE_STATES(X) X(open) X(joined) X(revoked) X(expired)
CORE_ENUM(InviteState, CORE_INVITE_STATES)
InviteState invite_state(const CallInvite& invite, Instant now);

}  // namespace core
