// Invitations to a video visit and the guests they admit. The doctor creates, lists and revokes
// invitation links; a person opening a link, with no account, reads what it is for and enters as a
// guest, who then joins the call (CallService::join) and waits for the doctor like the patient.
//
// Rules: only the appointment's doctor, while the visit is confirmed or in progress and before its
// join window closes, invites (at most `max_open_invites` not revoked per visit); a link is claimed by
// the first person who enters with it (name, time zone and a key their browser keeps), and only that
// key comes back with it; a revoked or expired link is refused with a sentence saying which.
//
// Threading: every method may be called from any thread.
#pragma once
#include <string>
#include <vector>

#include "core/calls/service.h"
#include "core/effects.h"
#include "core/errors.h"
#include "core/invitations/model.h"
#include "core/store/store.h"

namespace core {

struct InvitationPolicy {
    size_t max_open_invites = 8;  // invitations not revoked per visit (each can become one guest)
};

struct InviteCreated {
    CallInvite invite;
    std::string token;  // shown once, to the doctor, inside the link; only its hash is stored
};

// What a person opening an invitation link may see before giving their name: whose visit, when.
// Never the patient's identity.
struct InviteInfo {
    CallInvite invite;
    Appointment appointment;
    std::string doctor_name;
};

struct GuestEntry {
    UserId guest = 0;        // guest_user_id(invite.id)
    std::string guest_key;   // the browser keeps it to rejoin after a reload or a dropped connection
    InviteInfo info;
};

class InvitationService {
public:
    InvitationService(Store& store, const Clock& clock, CallService& calls, InvitationPolicy policy = {});

    // `role` is colleague, interpreter or family; `name` is optional.
    Result<InviteCreated> create(UserId host, AppointmentId id, CallRole role, const std::string& name);
    Result<std::vector<CallInvite>> list(UserId host, AppointmentId id);  // oldest first
    // Revoking also takes the guest out of the room (they get call.state with state left).
    Result<Done> revoke(UserId host, AppointmentId id, InviteId invite, Effects& out);
    // invite_invalid when the token is unknown, revoked or expired (the visit's window closed or the
    // visit is no longer confirmed).
    Result<InviteInfo> info(const std::string& token);
    // Claims the invitation (first use) or proves it is the same guest again (guest_key).
    Result<GuestEntry> enter_as_guest(const std::string& token, const std::string& display_name,
                                      const std::string& guest_key, const std::string& time_zone);

    const InvitationPolicy& policy() const { return policy_; }
    Instant now() const { return clock_.now(); }
    const JoinPolicy& join_policy() const { return calls_.clinic_policy().join; }

private:
    Result<InviteInfo> valid_invite(Transaction& tx, const std::string& token);

    Store& store_;
    const Clock& clock_;
    CallService& calls_;
    InvitationPolicy policy_;
};

}  // namespace core
