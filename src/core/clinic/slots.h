// Bookable slots, computed (never stored) from a doctor's availability in the doctor's own time zone.
//
// Daylight-saving policy, on purpose:
//   - weekly hours are local: a 09:00 Monday slot stays 09:00 local after a transition;
//   - a slot whose local start does not exist (spring-forward gap) is not offered;
//   - a slot whose local start happens twice (fall-back overlap) is offered once, at its first
//     occurrence; a slot lasts its real length in minutes, whatever the clock does meanwhile.
#pragma once
#include <utility>
#include <vector>

#include "core/clinic/model.h"
#include "core/errors.h"
#include "core/time/time_zone.h"

namespace core {

struct Slot {
    Instant starts_at;
    Instant ends_at;

    template <typename F>
    void fields(F& f) {
        f("starts_at", starts_at);
        f("ends_at", ends_at);
    }
};

// Slots in [from, to) that the availability offers, honouring minimum notice and horizon from `now`,
// minus those overlapping `busy` (slot-holding appointments; the buffer is kept after each).
std::vector<Slot> compute_slots(const Availability& availability, const TimeZone& zone, Instant now, Instant from,
                                Instant to, const std::vector<Appointment>& busy);

// True when `starts_at` is exactly one of the slots offered at `now` (used when booking).
std::optional<Slot> find_slot(const Availability& availability, const TimeZone& zone, Instant now, Instant starts_at,
                              const std::vector<Appointment>& busy);

// Where the appointments that could keep a slot starting at `starts_at` from being free lie: those
// overlapping [first, second) (the slot widened by the buffer on both sides). find_slot needs only these
// in `busy`, so booking reads a few rows, not days of them.
std::pair<Instant, Instant> busy_window(const Availability& availability, Instant starts_at);

// Checks an availability a doctor submits; the Error names the field ("weekly", "slot_minutes", …).
std::optional<Error> check_availability(const Availability& availability);

}  // namespace core
