// What outlives a call room: the call log (each stretch a person spent in the call) and the in-call
// chat, both kept with the appointment. tests/unit/store/calls.test.cpp holds every store to the rules
// written here. Guests appear with their negative ids (core/ids.h).
#pragma once
#include <vector>

#include "core/calls/model.h"

namespace core {

class CallsRepository {
public:
    virtual ~CallsRepository() = default;

    // Ids are assigned by the store, positive and increasing. No stretch is ever negative: a left_at
    // before joined_at (a clock that went backwards) is stored as joined_at.

    // Stores a stretch in the call (left_at usually empty); returns its id.
    virtual std::int64_t insert_call_participation(const CallParticipation& p) = 0;
    // Ends the stretch with this id, unless it has ended already (the first leave stands). Unknown
    // id: nothing.
    virtual void end_call_participation(std::int64_t id, Instant left_at) = 0;
    // Every stretch of the appointment's calls, by joined_at then id.
    virtual std::vector<CallParticipation> call_participations(AppointmentId appointment) = 0;
    virtual CallMessageId insert_call_message(const CallMessage& m) = 0;  // assigns the id
    // The newest `limit` messages of the appointment (by id; none when limit <= 0), oldest first.
    virtual std::vector<CallMessage> call_messages(AppointmentId appointment, int limit) = 0;
};

}  // namespace core
