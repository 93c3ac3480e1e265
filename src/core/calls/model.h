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
enum class CallRole { doctor, patient };
enum class CallMemberState { waiting, in_call, reconnecting, left };
enum class CallStatus { open, ended };
enum class RecordingState { off, requested, on };

std::string_view to_string(CallRole r);
std::string_view to_string(CallMemberState s);
std::string_view to_string(CallStatus s);
std::string_view to_string(RecordingState s);

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

}  // namespace core
