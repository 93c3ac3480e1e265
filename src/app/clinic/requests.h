// The doctor's requests to answer, as the Schedule's table lists them: open requests (not yet
// started), narrowed by day in the doctor's own time zone. Pure, so the rule is tested beside it.
#pragma once
#include <cstdint>
#include <vector>

#include "core/clinic/messages.h"
#include "core/time/time_zone.h"

namespace app {

enum class RequestFilter { all, today, tomorrow, next_7_days };
inline constexpr const char* kRequestFilterLabels[] = {"All", "Today", "Tomorrow", "7 days"};

// In start order; `all` must be sorted by start (VisitsState::appointments is).
std::vector<const core::msg::AppointmentInfo*> requests_to_answer(const std::vector<core::msg::AppointmentInfo>& all, core::Instant now,
                                                                  const core::TimeZone& zone, RequestFilter filter);

}  // namespace app
