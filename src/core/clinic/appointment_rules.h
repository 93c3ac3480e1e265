// The rules of an appointment's life, as pure functions: who may move it from which state to which,
// when the call may be joined, and what a cancellation refunds. ClinicService applies them inside a
// store transaction; the UI uses the same functions to decide which buttons to show.
#pragma once
#include <optional>

#include "core/clinic/model.h"
#include "core/enums.h"
#include "core/errors.h"

namespace core {

enum class Actor { patient, doctor, system };

// Every change an appointment can undergo.
// (The wire's appointment_action accepts confirm, decline, cancel, start, complete and no_show.)
#define CORE_APPOINTMENT_ACTIONS(X) X(confirm) X(decline) X(expire) X(cancel) X(reschedule) X(start) X(complete) X(no_show)
CORE_ENUM(AppointmentAction, CORE_APPOINTMENT_ACTIONS)

struct JoinPolicy {
    Duration opens_before = std::chrono::minutes(30);
    Duration closes_after = std::chrono::hours(2);
};

// The state the action leads to, or the error that refuses it (invalid_transition / forbidden), e.g.
// "This appointment is already cancelled." Time-dependent rules are checked here too, with `now`:
//   * start: only the doctor, only a confirmed visit, only inside the join window (`join`); joining the
//     call does it. Before that the visit stays confirmed, so it can still be cancelled or moved.
//   * complete: only after the start time, from confirmed or in progress (the doctor's).
//   * no_show: only after the start time, from confirmed or in progress (the doctor waited in the call).
//   * cancel, reschedule: only before the start time, from requested or confirmed.
Result<AppointmentStatus> next_status(const Appointment& a, AppointmentAction action, Actor actor, Instant now,
                                      const JoinPolicy& join = {});

struct JoinWindow {
    Instant opens_at;
    Instant closes_at;
};

JoinWindow join_window(const Appointment& a, const JoinPolicy& policy);
// True when the call of a confirmed or in-progress appointment can be joined at `now`.
bool can_join(const Appointment& a, const JoinPolicy& policy, Instant now);

// What a cancellation at `now` refunds to the patient, in credits; the rest goes to the doctor.
// A doctor's cancellation always refunds everything.
struct CancellationOutcome {
    int refund = 0;
    int doctor_keeps = 0;
    bool late = false;
};
CancellationOutcome cancellation_outcome(const Appointment& a, Actor by, Instant now);

}  // namespace core
