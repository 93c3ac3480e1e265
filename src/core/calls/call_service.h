// Video consultations: one call room per appointment, its doctor as host, its patient admitted from a
// waiting room. Rooms live in memory (the media flows browser to browser; the server only relays
// signaling between admitted members); what must outlive a room is stored: each stretch of time a
// person spent in the call (the call log) and the in-call chat.
//
// Authorization first, always: someone who is not the appointment's patient or doctor gets not_found
// and learns nothing about the call; the right person outside the join window, or for a visit that is
// not confirmed, gets call_not_open with the reason, and no member information.
//
// Threading: every method may be called from any thread; rooms are guarded by one mutex, held across
// the store transactions of one operation (rooms -> store, never the other way round).
#pragma once
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/calls/model.h"
#include "core/clinic/clinic_service.h"
#include "core/errors.h"
#include "core/store/store.h"

namespace core {

struct CallPolicy {
    Duration reconnect_grace = std::chrono::seconds(45);  // a dropped member keeps their slot this long
    size_t max_chat_chars = 2000;
    int max_history_messages = 500;  // call_messages returns at most the newest this many
    size_t max_in_call = 4;          // doctor + patient + two invited people (a browser mesh; an SFU later)
    size_t max_open_invites = 8;     // invitations not revoked per visit (each can become one guest)
};

// What the people in a call must hear about.
struct CallEffects {
    std::vector<CallRoom> rooms;  // changed rooms (latest snapshot last): every member gets call.state
    ClinicEffects clinic;         // the visit started (doctor joined) or completed (call_end)
    std::set<AppointmentId> waiting_changed;  // rooms whose waiting room changed: the doctor gets call.waiting
};

enum class RecordingAction { request, consent, decline, stop };

struct CallJoined {
    CallRoom room;
    std::uint64_t link = 0;  // names this join; disconnected() with an older link changes nothing
};

struct ChatPosted {
    CallMessage message;
    std::string display_name;
    std::vector<UserId> recipients;  // members in the call (the sender included)
};

struct ChatEntry {
    CallMessage message;
    std::string display_name;
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

class CallService {
public:
    CallService(Store& store, const Clock& clock, ClinicService& clinic, CallPolicy policy = {});

    // The doctor enters in_call at once (and the visit moves to in_progress); the patient waits to be
    // admitted, or returns straight to in_call when rejoining from reconnecting.
    Result<CallJoined> join(UserId user, AppointmentId id, CallEffects& fx);
    Result<Done> admit(UserId host, AppointmentId id, UserId who, CallEffects& fx);
    Result<Done> leave(UserId user, AppointmentId id, CallEffects& fx);
    Result<Done> set_media(UserId user, AppointmentId id, bool audio, bool video, bool screen, CallEffects& fx);
    // Whether a signaling message may pass from `from` to `to`: both in_call in the same room.
    Result<Done> check_signal(UserId from, AppointmentId id, UserId to);
    Result<ChatPosted> chat(UserId user, AppointmentId id, const std::string& text);
    Result<std::vector<ChatEntry>> messages(UserId viewer, AppointmentId id);
    Result<Done> recording(UserId user, AppointmentId id, RecordingAction action, CallEffects& fx);
    // The host ends the call for everyone and completes the visit (when it has started).
    Result<Done> end(UserId host, AppointmentId id, CallEffects& fx);
    Result<CallLog> log(UserId viewer, AppointmentId id);

    // The connection that joined with `link` is gone: in_call -> reconnecting, waiting -> left.
    void disconnected(UserId user, AppointmentId id, std::uint64_t link, CallEffects& fx);
    // Time-driven: reconnecting members past the grace leave; rooms whose members all left, whose
    // visit is over, or whose window closed with nobody in the call end (their log is finalised).
    void sweep(CallEffects& fx);

    std::optional<CallRoom> room(AppointmentId id) const;  // the live room, if any
    const CallPolicy& policy() const { return policy_; }
    Instant now() const { return clock_.now(); }

    // --- invitations (the doctor) and guests ---------------------------------------------------------
    // Only the appointment's doctor, while the visit is confirmed/in progress and before its join
    // window closes. `role` is colleague, interpreter or family; `name` is optional.
    Result<InviteCreated> create_invite(UserId host, AppointmentId id, CallRole role, const std::string& name);
    Result<std::vector<CallInvite>> invites(UserId host, AppointmentId id);  // oldest first
    // Revoking also takes the guest out of the room (they get call.state with state left).
    Result<Done> revoke_invite(UserId host, AppointmentId id, InviteId invite, CallEffects& fx);
    // invite_invalid when the token is unknown, revoked or expired (the visit's window closed or the
    // visit is no longer confirmed).
    Result<InviteInfo> invite_info(const std::string& token);
    // Claims the invitation (first use) or proves it is the same guest again (guest_key). The guest
    // then joins like everyone else with join(guest, appointment) and waits for the doctor.
    Result<GuestEntry> enter_as_guest(const std::string& token, const std::string& display_name,
                                      const std::string& guest_key, const std::string& time_zone);
    // The doctor's live rooms with somebody in the waiting room (for the schedule after a reload).
    std::vector<CallRoom> waiting_rooms(UserId doctor) const;

private:
    struct Access;
    Result<Access> access(UserId user, AppointmentId id);
    Result<Access> guest_access(UserId guest, AppointmentId id);
    Result<InviteInfo> valid_invite(const std::string& token);
    void notify_waiting(const Appointment& a, const CallMember& m, CallEffects& fx);
    size_t in_call_count(const CallRoom& room) const;
    Error refusal(UserId user, AppointmentId id);  // not_found for strangers, else "join first"
    void enter_call(CallRoom& room, CallMember& m, Instant now);
    void leave_call(CallMember& m, CallMemberState to, Instant now);
    void end_room(std::map<AppointmentId, CallRoom>::iterator it, Instant now, CallEffects& fx);
    bool all_left(const CallRoom& room) const;

    Store& store_;
    const Clock& clock_;
    ClinicService& clinic_;
    CallPolicy policy_;
    mutable std::mutex mutex_;
    std::map<AppointmentId, CallRoom> rooms_;
    std::uint64_t next_link_ = 0;
};

}  // namespace core
