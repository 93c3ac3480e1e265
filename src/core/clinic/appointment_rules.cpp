#include "core/clinic/appointment_rules.h"

#include <string>

namespace core {
namespace {

using S = AppointmentStatus;
using A = AppointmentAction;

std::string describe(S s) {
    switch (s) {
        case S::requested: return "still waiting for the doctor";
        case S::confirmed: return "already confirmed";
        case S::declined: return "declined";
        case S::expired: return "expired";
        case S::cancelled: return "already cancelled";
        case S::in_progress: return "in progress";
        case S::completed: return "already completed";
        case S::no_show: return "marked as missed";
    }
    return "closed";
}

Error refused(const Appointment& a) {
    return Error::of(ErrorCode::invalid_transition, "This appointment is " + describe(a.status) + ".");
}

Error not_yours() { return Error::of(ErrorCode::forbidden, "Only the doctor of this appointment can do this."); }

// complete and no_show by the system (CallService::sweep): only a visit the doctor started but never
// closed, whose call was abandoned, and only once nobody can join its call any more (its join window
// has closed); until then the doctor may come back, rejoin and close it.
Result<S> close_abandoned(const Appointment& a, S to, Instant now, const JoinPolicy& join) {
    if (a.status != S::in_progress) return refused(a);
    if (now < join_window(a, join).closes_at)
        return Error::of(ErrorCode::invalid_transition, "This visit's call can still be joined.");
    return to;
}

}  // namespace

Result<AppointmentStatus> next_status(const Appointment& a, AppointmentAction action, Actor actor, Instant now,
                                      const JoinPolicy& join) {
    const S s = a.status;
    switch (action) {
        case A::confirm:
            if (actor != Actor::doctor) return not_yours();
            if (s != S::requested) return refused(a);
            if (now >= a.starts_at) return Error::of(ErrorCode::invalid_transition, "This request has passed its start time.");
            return S::confirmed;
        case A::decline:
            if (actor != Actor::doctor) return not_yours();
            if (s != S::requested) return refused(a);
            return S::declined;
        case A::expire:
            if (actor != Actor::system || s != S::requested || now < a.starts_at) return refused(a);
            return S::expired;
        case A::cancel:
            if (actor == Actor::system) return refused(a);
            if (s != S::requested && s != S::confirmed) return refused(a);
            if (now >= a.starts_at)
                return Error::of(ErrorCode::invalid_transition, "This visit has already started and can no longer be cancelled.");
            return S::cancelled;
        case A::reschedule:
            if (actor == Actor::system) return refused(a);
            if (s != S::requested && s != S::confirmed) return refused(a);
            if (now >= a.starts_at)
                return Error::of(ErrorCode::invalid_transition, "This visit has already started and can no longer be moved.");
            return s;  // the service decides whether the new time needs confirming again
        case A::start: {
            if (actor != Actor::doctor) return not_yours();
            if (s == S::in_progress) return S::in_progress;
            if (s != S::confirmed) return refused(a);
            const JoinWindow w = join_window(a, join);
            if (now < w.opens_at)
                return Error::of(ErrorCode::invalid_transition, "A visit can be started from shortly before its start time, when its call opens.");
            if (now >= w.closes_at)
                return Error::of(ErrorCode::invalid_transition, "This visit's time has passed; it can no longer be started.");
            return S::in_progress;
        }
        case A::complete:
            if (actor == Actor::system) return close_abandoned(a, S::completed, now, join);
            if (actor != Actor::doctor) return not_yours();
            if (s != S::confirmed && s != S::in_progress) return refused(a);
            if (now < a.starts_at) return Error::of(ErrorCode::invalid_transition, "A visit can be completed once it has started.");
            return S::completed;
        case A::no_show:
            if (actor == Actor::system) return close_abandoned(a, S::no_show, now, join);
            if (actor != Actor::doctor) return not_yours();
            if (s != S::confirmed && s != S::in_progress) return refused(a);
            if (now < a.starts_at) return Error::of(ErrorCode::invalid_transition, "A visit can be marked as missed only after its start time.");
            return S::no_show;
    }
    return refused(a);
}

JoinWindow join_window(const Appointment& a, const JoinPolicy& policy) {
    return {a.starts_at - policy.opens_before, a.starts_at + policy.closes_after};
}

bool can_join(const Appointment& a, const JoinPolicy& policy, Instant now) {
    if (a.status != S::confirmed && a.status != S::in_progress) return false;
    const JoinWindow w = join_window(a, policy);
    return now >= w.opens_at && now < w.closes_at;
}

CancellationOutcome cancellation_outcome(const Appointment& a, Actor by, Instant now) {
    const bool late = now > a.starts_at - std::chrono::hours(a.free_cancel_hours);
    if (by == Actor::doctor || !late || a.status == S::requested) return {a.price_credits, 0, false};
    const int refund = a.price_credits * a.late_cancel_refund_percent / 100;
    return {refund, a.price_credits - refund, true};
}

}  // namespace core
