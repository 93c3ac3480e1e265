#include "core/calls/messages.h"

namespace core::msg {

CallInfo CallInfo::of(const CallRoom& room) {
    CallInfo out{room.appointment_id, room.status, {}, {}};
    for (const CallMember& m : room.members) out.participants.push_back(Participant::of(m));
    out.recording.state = room.recording.state;
    out.recording.consents.assign(room.recording.consents.begin(), room.recording.consents.end());  // a set: ascending
    out.recording.requested_by = room.recording.requested_by;
    return out;
}

CallLogInfo CallLogInfo::of(const CallLog& log) {
    CallLogInfo out{log.status, log.started_at, log.ended_at, {}};
    for (const CallLogEntry& e : log.participants) {
        CallLogPerson p{e.user_id, e.display_name, e.role, e.total_seconds, {}};
        for (const CallParticipation& s : e.intervals) p.intervals.push_back({s.joined_at, s.left_at});
        out.participants.push_back(std::move(p));
    }
    return out;
}

}  // namespace core::msg
