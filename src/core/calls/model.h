// The plain data of video consultations: what the store keeps (each stretch of time a person spent in
// the call, the in-call chat) and the live state of a call room (kept in memory by CallService).
// Media never passes through here: rooms only decide who may exchange signaling with whom.
#pragma once
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/accounts/user.h"
#include "core/clinic/model.h"
#include "core/time/clock.h"

namespace core {

using CallMessageId = std::int64_t;

// --- stored ----------------------------------------------------------------------------------------
// One stretch of time a person was in the call (admitted, connected). Waiting-room time is not a
// participation. left_at is empty while the stretch is still running.
struct CallParticipation {
    std::int64_t id = 0;
    AppointmentId appointment_id = 0;
    UserId user_id = 0;
    Instant joined_at{};
    std::optional<Instant> left_at;
};

// A chat message written during the call, kept with the appointment.
struct CallMessage {
    CallMessageId id = 0;
    AppointmentId appointment_id = 0;
    UserId user_id = 0;
    std::string text;
    Instant at{};
};

// --- live ------------------------------------------------------------------------------------------
// Guests (people the doctor invited by a link) carry the label the doctor gave their invitation.
enum class CallRole { doctor, patient, colleague, interpreter, family };
enum class CallMemberState { waiting, in_call, reconnecting, left };
enum class CallStatus { open, ended };
enum class RecordingState { off, requested, on };

std::string_view to_string(CallRole r);
std::string_view to_string(CallMemberState s);
std::string_view to_string(CallStatus s);
std::string_view to_string(RecordingState s);
std::optional<CallRole> guest_role_from_string(std::string_view s);  // colleague | interpreter | family

struct CallMember {
    UserId user_id = 0;
    std::string display_name;
    CallRole role = CallRole::patient;
    CallMemberState state = CallMemberState::waiting;
    bool audio = true;
    bool video = true;
    bool screen = false;
    Instant since{};                            // when the state was last set
    std::optional<std::int64_t> participation;  // the open stretch while in_call
    std::uint64_t link = 0;                     // the connection that joined last (see CallService::join)
};

struct Recording {
    RecordingState state = RecordingState::off;
    std::set<UserId> consents;           // while requested or on
    std::optional<UserId> requested_by;  // while requested or on
};

// One room per appointment: at most its doctor and its patient.
struct CallRoom {
    AppointmentId appointment_id = 0;
    UserId doctor_id = 0;
    UserId patient_id = 0;
    CallStatus status = CallStatus::open;
    Instant opened_at{};
    std::optional<Instant> ended_at;
    std::vector<CallMember> members;  // in order of first joining
    Recording recording;

    const CallMember* member(UserId user) const;
    CallMember* member(UserId user);
};

// The call log of an appointment, from the stored participations.
struct CallLogEntry {
    UserId user_id = 0;
    std::string display_name;
    CallRole role = CallRole::patient;
    std::int64_t total_seconds = 0;
    std::vector<CallParticipation> intervals;  // oldest first
};

struct CallLog {
    CallStatus status = CallStatus::ended;  // open while a room is live, else ended
    std::optional<Instant> started_at;      // the first join, if anyone ever joined
    std::optional<Instant> ended_at;        // the last leave, once no room is live
    std::vector<CallLogEntry> participants;  // doctor first
};

// --- invitations and guests ------------------------------------------------------------------------
// The doctor invites a colleague, an interpreter or a family member by a link. The link's token is
// 256 random bits, stored only as its SHA-256. The first person to open the link claims it (name and
// a key their browser keeps); from then on only that key rejoins with it. Guests have no account:
// their id in the call is the negative invitation id, so it can never clash with a user id (always
// positive), stays the same when they reconnect, and names them in the call log and the chat.
using InviteId = std::int64_t;
inline UserId guest_user_id(InviteId invite) { return -invite; }
inline bool is_guest(UserId id) { return id < 0; }
inline InviteId invite_of_guest(UserId guest) { return -guest; }

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

}  // namespace core
