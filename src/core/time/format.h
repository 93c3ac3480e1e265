// Showing instants to people: always in the viewer's own time zone, with the zone named where it
// matters ("Tue 3 Dec 2026, 14:30 (Europe/Berlin)"). English names for now.
#pragma once
#include <functional>
#include <string>

#include "core/time/clock.h"
#include "core/time/time_zone.h"

namespace core {

struct LocalParts {
    int year, month, day, hour, minute, weekday;  // weekday 0 = Monday
};
LocalParts local_parts(Instant t, const TimeZone& zone);

std::string format_date_time(Instant t, const TimeZone& zone);  // "Tue 3 Dec 2026, 14:30"
std::string format_time(Instant t, const TimeZone& zone);       // "14:30"
std::string format_date(Instant t, const TimeZone& zone);       // "Tue 3 Dec 2026"
// "Tue 3 Dec 2026, 14:30 (Europe/Berlin)"
std::string format_with_zone(Instant t, const TimeZone& zone);
// UTC, always available (built in, not read from tzdata).
const TimeZone& utc_zone();
// A zone by name from zones(), or UTC when unknown.
const TimeZone& zone_or_utc(const std::string& name);
// Told the name whenever zone_or_utc falls back to UTC for a name zones() lacks: the web app then loads
// that zone's pack, and the next frame shows the right time. Set once at startup (or never: the server).
void on_unknown_zone(std::function<void(const std::string&)> handler);
// By zone name; falls back to UTC when the zone is unknown.
std::string format_with_zone(Instant t, const std::string& zone_name);
// "in 2 h 05 min", "in 45 s", "now" — for countdowns.
std::string format_countdown(Duration d);

}  // namespace core
