#include "core/clinic/slots.h"

#include <algorithm>
#include <cstdio>

namespace core {
namespace {

using namespace std::chrono;

std::string iso_date(year_month_day d) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", int(d.year()), unsigned(d.month()), unsigned(d.day()));
    return buf;
}

struct Interval {
    int start_minute;
    int end_minute;
};

// The local opening hours of one local date, after exceptions.
std::vector<Interval> hours_on(const Availability& a, local_days day) {
    const std::string date = iso_date(year_month_day{day});
    const int weekday_index = int(weekday{day}.iso_encoding()) - 1;
    std::vector<Interval> out;
    const bool day_off = std::any_of(a.exceptions.begin(), a.exceptions.end(),
                                     [&](const AvailabilityException& e) { return e.date == date && e.day_off; });
    if (!day_off)
        for (const WeeklyHours& h : a.weekly)
            if (h.weekday == weekday_index) out.push_back({h.start_minute, h.end_minute});
    for (const AvailabilityException& e : a.exceptions)
        if (e.date == date && !e.day_off) out.push_back({e.start_minute, e.end_minute});
    std::sort(out.begin(), out.end(), [](const Interval& x, const Interval& y) { return x.start_minute < y.start_minute; });
    return out;
}

bool overlaps_busy(const Slot& s, const std::vector<Appointment>& busy, minutes buffer) {
    return std::any_of(busy.begin(), busy.end(), [&](const Appointment& a) {
        return holds_slot(a.status) && s.starts_at < a.ends_at + buffer && a.starts_at < s.ends_at + buffer;
    });
}

}  // namespace

std::vector<Slot> compute_slots(const Availability& a, const TimeZone& zone, Instant now, Instant from, Instant to,
                                const std::vector<Appointment>& busy) {
    std::vector<Slot> out;
    if (a.slot_minutes <= 0) return out;
    const Instant earliest = std::max(from, now + minutes(a.min_notice_minutes));
    const Instant latest = std::min(to, now + days(a.horizon_days));
    if (earliest >= latest) return out;
    const minutes slot_length(a.slot_minutes), step(a.slot_minutes + a.buffer_minutes);

    // Walk local dates from the day before to the day after, so zone offsets never drop an edge day.
    const local_days first_day = floor<days>(zone.to_local(earliest)) - days(1);
    const local_days last_day = floor<days>(zone.to_local(latest)) + days(1);
    for (local_days day = first_day; day <= last_day; day += days(1)) {
        for (const Interval& hours : hours_on(a, day)) {
            for (minutes t(hours.start_minute); t + slot_length <= minutes(hours.end_minute); t += step) {
                const LocalResult r = zone.to_utc(LocalTime{day} + t);
                if (r.kind == LocalResult::Kind::nonexistent) continue;
                const Slot s{r.earliest, r.earliest + slot_length};
                if (s.starts_at < earliest || s.starts_at >= latest) continue;
                if (overlaps_busy(s, busy, minutes(a.buffer_minutes))) continue;
                out.push_back(s);
            }
        }
    }
    std::sort(out.begin(), out.end(), [](const Slot& x, const Slot& y) { return x.starts_at < y.starts_at; });
    out.erase(std::unique(out.begin(), out.end(), [](const Slot& x, const Slot& y) { return x.starts_at == y.starts_at; }),
              out.end());
    return out;
}

std::optional<Slot> find_slot(const Availability& a, const TimeZone& zone, Instant now, Instant starts_at,
                              const std::vector<Appointment>& busy) {
    const auto slots = compute_slots(a, zone, now, starts_at, starts_at + minutes(1), busy);
    if (slots.empty() || slots.front().starts_at != starts_at) return std::nullopt;
    return slots.front();
}

std::pair<Instant, Instant> busy_window(const Availability& a, Instant starts_at) {
    const minutes buffer(std::max(a.buffer_minutes, 0));
    return {starts_at - buffer, starts_at + minutes(std::max(a.slot_minutes, 0)) + buffer};
}

std::optional<Error> check_availability(const Availability& a) {
    const auto bad = [](const char* field, std::string message) {
        return Error::of(ErrorCode::invalid_field, std::move(message), field);
    };
    if (a.slot_minutes < 15 || a.slot_minutes > 60) return bad("slot_minutes", "Visits last between 15 and 60 minutes.");
    if (a.buffer_minutes < 0 || a.buffer_minutes > 60) return bad("buffer_minutes", "The break between visits is 0 to 60 minutes.");
    if (a.min_notice_minutes < 0 || a.min_notice_minutes > 14 * 24 * 60)
        return bad("min_notice_minutes", "The minimum notice is between 0 minutes and 14 days.");
    if (a.horizon_days < 1 || a.horizon_days > 365) return bad("horizon_days", "Bookings open 1 to 365 days ahead.");
    if (a.weekly.size() > 7 * 8) return bad("weekly", "Too many opening-hour ranges.");
    if (a.exceptions.size() > 400) return bad("exceptions", "Too many exceptions.");
    for (const WeeklyHours& h : a.weekly) {
        if (h.weekday < 0 || h.weekday > 6) return bad("weekly", "A weekday must be Monday to Sunday.");
        if (h.start_minute < 0 || h.end_minute > 24 * 60 || h.start_minute >= h.end_minute)
            return bad("weekly", "Each range must start before it ends, within one day.");
    }
    for (const AvailabilityException& e : a.exceptions) {
        int y = 0, m = 0, d = 0;
        if (e.date.size() != 10 || std::sscanf(e.date.c_str(), "%4d-%2d-%2d", &y, &m, &d) != 3 ||
            !year_month_day{year{y}, month{unsigned(m)}, day{unsigned(d)}}.ok())
            return bad("exceptions", "Dates are written like 2026-12-24.");
        if (!e.day_off && (e.start_minute < 0 || e.end_minute > 24 * 60 || e.start_minute >= e.end_minute))
            return bad("exceptions", "Extra hours must start before they end, within one day.");
    }
    return std::nullopt;
}

}  // namespace core
