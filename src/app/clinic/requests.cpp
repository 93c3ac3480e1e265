#include "app/clinic/requests.h"

#include <algorithm>

namespace app {

using namespace std::chrono;

std::vector<const core::msg::AppointmentInfo*> requests_to_answer(const std::vector<core::msg::AppointmentInfo>& all, core::Instant now,
                                                                  const core::TimeZone& zone, RequestFilter filter) {
    // The window in local days: today's midnight to the midnight that ends the chosen span.
    const local_days today = floor<days>(zone.to_local(now));
    auto midnight = [&](int offset) { return zone.to_utc(core::LocalTime{today + days(offset)}).earliest; };
    core::Instant from = now, to = core::Instant::max();
    switch (filter) {
        case RequestFilter::all: break;
        case RequestFilter::today: to = midnight(1); break;
        case RequestFilter::tomorrow:
            from = std::max(now, midnight(1));
            to = midnight(2);
            break;
        case RequestFilter::next_7_days: to = midnight(7); break;
    }
    std::vector<const core::msg::AppointmentInfo*> out;
    for (const core::msg::AppointmentInfo& a : all)
        if (a.status == core::AppointmentStatus::requested && a.starts_at > from && a.starts_at < to) out.push_back(&a);
    return out;
}

}  // namespace app
