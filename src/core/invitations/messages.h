// The invitation messages (docs/PROTOCOL.md, "Invitations and guests"): the doctor's invitation links
// and the guest's way in.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/invitations/model.h"
#include "core/protocol/protocol.h"

namespace core::msg {

using protocol::Empty;
using protocol::RequestType;

// An invitation as the doctor sees it (never the token).
struct Invitation {
    InviteId id = 0;
    AppointmentId appointment_id = 0;
    CallRole role = CallRole::colleague;
    std::string name;  // the doctor's label; may be empty
    InviteState state = InviteState::open;
    Instant created_at{}, expires_at{};
    std::string guest_name;               // once someone entered with it
    std::optional<UserId> guest_user_id;  // likewise
    std::optional<Instant> revoked_at;

    static Invitation of(const CallInvite& invite, Instant now);
    template <typename F>
    void fields(F& f) {
        f("id", id);
        f("appointment_id", appointment_id);
        f("role", role);
        f("name", name);
        f("state", state);
        f("created_at", created_at);
        f("expires_at", expires_at);
        f.optional("guest_name", guest_name);
        f.optional("guest_user_id", guest_user_id);
        f.optional("revoked_at", revoked_at);
    }
};

// What the person opening a link learns about the invitation and the visit: never the patient.
struct GuestInvite {
    CallRole role = CallRole::colleague;
    std::string name;
    template <typename F>
    void fields(F& f) {
        f("role", role);
        f("name", name);
    }
};

struct GuestVisit {
    AppointmentId appointment_id = 0;
    std::string doctor_name;
    Instant starts_at{}, ends_at{}, join_opens_at{}, join_closes_at{};
    template <typename F>
    void fields(F& f) {
        f("appointment_id", appointment_id);
        f("doctor_name", doctor_name);
        f("starts_at", starts_at);
        f("ends_at", ends_at);
        f("join_opens_at", join_opens_at);
        f("join_closes_at", join_closes_at);
    }
};

// --- replies ---------------------------------------------------------------------------------------

struct InviteCreated {
    Invitation invite;
    std::string token;  // shown this once
    std::string path;   // "/?invite=<token>"
    template <typename F>
    void fields(F& f) {
        f("invite", invite);
        f("token", token);
        f("path", path);
    }
};

struct InviteList {
    std::vector<Invitation> invites;  // oldest first
    template <typename F>
    void fields(F& f) {
        f("invites", invites);
    }
};

struct InviteDetails {
    GuestInvite invite;
    GuestVisit visit;
    template <typename F>
    void fields(F& f) {
        f("invite", invite);
        f("visit", visit);
    }
};

struct GuestEntered {
    UserId you = 0;  // the guest's id in the call (negative)
    std::string display_name;
    std::string guest_key;  // the browser keeps it to come back with the same link
    GuestInvite invite;
    GuestVisit visit;
    template <typename F>
    void fields(F& f) {
        f("you", you);
        f("display_name", display_name);
        f("guest_key", guest_key);
        f("invite", invite);
        f("visit", visit);
    }
};

// --- requests --------------------------------------------------------------------------------------

struct CreateInvite {
    static constexpr RequestType type = RequestType::call_invite_create;
    using Reply = InviteCreated;
    AppointmentId appointment_id = 0;
    CallRole role = CallRole::colleague;  // colleague | interpreter | family
    std::string name;
    template <typename F>
    void fields(F& f) {
        f("appointment_id", appointment_id);
        f("role", role, "Choose colleague, interpreter or family.");
        f.optional("name", name);
    }
};

struct ListInvites {
    static constexpr RequestType type = RequestType::call_invites;
    using Reply = InviteList;
    AppointmentId appointment_id = 0;
    template <typename F>
    void fields(F& f) {
        f("appointment_id", appointment_id);
    }
};

struct RevokeInvite {
    static constexpr RequestType type = RequestType::call_invite_revoke;
    using Reply = Empty;
    AppointmentId appointment_id = 0;
    InviteId invite_id = 0;
    template <typename F>
    void fields(F& f) {
        f("appointment_id", appointment_id);
        f("invite_id", invite_id);
    }
};

struct ReadInvite {
    static constexpr RequestType type = RequestType::invite_info;
    using Reply = InviteDetails;
    std::string token;
    template <typename F>
    void fields(F& f) {
        f("token", token);
    }
};

struct JoinAsGuest {
    static constexpr RequestType type = RequestType::invite_join;
    using Reply = GuestEntered;
    std::string token;
    std::string display_name;
    std::string time_zone = "UTC";
    std::string guest_key;  // from an earlier invite_join in this browser
    template <typename F>
    void fields(F& f) {
        f("token", token);
        f("display_name", display_name);
        f.optional("time_zone", time_zone);
        f.optional("guest_key", guest_key);
    }
};

}  // namespace core::msg
