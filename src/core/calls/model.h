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

#include "core/accounts/model.h"
#include "core/enums.h"
#include "core/ids.h"
#include "core/time/clock.h"

namespace core {

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
#define CORE_CALL_ROLES(X) X(doctor) X(patient) X(colleague) X(interpreter) X(family)
CORE_ENUM(CallRole, CORE_CALL_ROLES)
#define CORE_CALL_MEMBER_STATES(X) X(waiting) X(in_call) X(reconnecting) X(left)
CORE_ENUM(CallMemberState, CORE_CALL_MEMBER_STATES)
#define CORE_CALL_STATUSES(X) X(open) X(ended)
CORE_ENUM(CallStatus, CORE_CALL_STATUSES)
// The room's recording consent: off, asked for (requested), everyone in the call agreed (on).
#define CORE_RECORDING_STATES(X) X(off) X(requested) X(on)
CORE_ENUM(RecordingState, CORE_RECORDING_STATES)
// What a member in the call may do about recording.
#define CORE_RECORDING_ACTIONS(X) X(request) X(consent) X(decline) X(stop)
CORE_ENUM(RecordingAction, CORE_RECORDING_ACTIONS)
// WebRTC signaling relayed between members.
#define CORE_SIGNAL_KINDS(X) X(offer) X(answer) X(candidate) X(restart)
CORE_ENUM(SignalKind, CORE_SIGNAL_KINDS)

bool is_guest_role(CallRole r);  // colleague, interpreter, family: people the doctor invites
std::string role_label(CallRole r);  // "family member", "interpreter", …

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

// One room per appointment: its doctor, its patient and up to two invited guests.
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

}  // namespace core
