// The invitations slices: the doctor's invite panel in a call (InvitesState), and the entry of
// someone who opened an invitation link (GuestEntry).
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/invitations/messages.h"

namespace app {

// The host's invitations of the call that is open. The server keeps only a hash of each token, so a
// link can be copied only in the tab where it was created (links).
struct InvitesState {
    std::int64_t appointment_id = 0;  // the call they belong to
    std::vector<core::msg::Invitation> invites;
    std::map<std::int64_t, std::string> links;  // by invitation id
    int role = 0;        // 0 colleague, 1 interpreter, 2 family
    std::string name;
    std::string notice;  // "Link copied" and the like
};

// Someone who opened an invitation link (/?invite=<token>): no account, one visit.
struct GuestEntry {
    enum class Phase { none, loading, enter_name, joining, in_visit, invalid } phase = Phase::none;
    std::string token;  // from the URL
    std::string doctor_name, suggested_name;
    core::CallRole role = core::CallRole::colleague;
    core::Instant starts_at{}, opens_at{}, closes_at{};
    std::int64_t appointment_id = 0, me = 0;
    std::string name, name_error, error;
    std::string key;  // proves on a reconnect or reload that this browser claimed the invitation
};

}  // namespace app
