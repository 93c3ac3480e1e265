// What the invitations domain stores: the doctor's invitation links and who claimed them.
// tests/unit/store/invitations.test.cpp holds every store to the rules written here.
#pragma once
#include <optional>
#include <string_view>
#include <vector>

#include "core/invitations/model.h"

namespace core {

class InvitationsRepository {
public:
    virtual ~InvitationsRepository() = default;

    // Assigns the id (positive, increasing). Throws UniqueViolation when the token hash is taken; a
    // role no guest has (doctor, patient) is a programmer error: std::logic_error, nothing stored.
    virtual InviteId insert_call_invite(const CallInvite& invite) = 0;
    virtual std::optional<CallInvite> find_call_invite(InviteId id) = 0;
    virtual std::optional<CallInvite> find_call_invite_by_token_hash(std::string_view token_hash) = 0;
    virtual std::vector<CallInvite> call_invites(AppointmentId appointment) = 0;  // by id
    virtual void revoke_call_invite(InviteId id, Instant at) = 0;  // the first revoke stands; unknown id: nothing
    // Records who opened the link first; a claimed invitation keeps its first claim. Unknown id: nothing.
    virtual void claim_call_invite(InviteId id, std::string_view guest_name, std::string_view key_hash,
                                   std::string_view time_zone, Instant at) = 0;
};

}  // namespace core
