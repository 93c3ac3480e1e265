#include "core/time/format.h"

#include <cstdio>

#include "core/time/zone_db.h"

namespace core {
namespace {
constexpr const char* kWeekdays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
}  // namespace

const TimeZone& utc_zone() {
    // A minimal TZif v1 file: no transitions, one type (offset 0, "UTC").
    static const TimeZone zone = [] {
        std::string tzif("TZif", 4);
        tzif.append(16, '\0');                                    // version 1, reserved
        for (int count : {0, 0, 0, 0, 1, 4}) tzif.append({0, 0, 0, char(count)});  // counts
        tzif.append(6, '\0');                                     // utoff 0, isdst 0, abbreviation at 0
        tzif.append("UTC", 4);
        return *TimeZone::from_tzif("UTC", tzif);
    }();
    return zone;
}

namespace {
std::function<void(const std::string&)>& unknown_zone_handler() {
    static std::function<void(const std::string&)> handler;
    return handler;
}
}  // namespace

void on_unknown_zone(std::function<void(const std::string&)> handler) { unknown_zone_handler() = std::move(handler); }

const TimeZone& zone_or_utc(const std::string& name) {
    if (const TimeZone* z = zones().find(name)) return *z;
    if (name != "UTC" && unknown_zone_handler()) unknown_zone_handler()(name);
    return utc_zone();
}

LocalParts local_parts(Instant t, const TimeZone& zone) {
    using namespace std::chrono;
    const auto local = zone.to_local(t);
    const local_days day = floor<days>(local);
    const year_month_day ymd{day};
    const hh_mm_ss hms{floor<minutes>(local - day)};
    return {int(ymd.year()), int(unsigned(ymd.month())), int(unsigned(ymd.day())), int(hms.hours().count()),
            int(hms.minutes().count()), int(weekday{day}.iso_encoding()) - 1};
}

std::string format_time(Instant t, const TimeZone& zone) {
    const LocalParts p = local_parts(t, zone);
    char buf[8];
    std::snprintf(buf, sizeof buf, "%02d:%02d", p.hour, p.minute);
    return buf;
}

std::string format_date(Instant t, const TimeZone& zone) {
    const LocalParts p = local_parts(t, zone);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%s %d %s %d", kWeekdays[p.weekday], p.day, kMonths[p.month - 1], p.year);
    return buf;
}

std::string format_date_time(Instant t, const TimeZone& zone) { return format_date(t, zone) + ", " + format_time(t, zone); }

std::string format_with_zone(Instant t, const TimeZone& zone) {
    return format_date_time(t, zone) + " (" + std::string(zone.name()) + ")";
}

std::string format_with_zone(Instant t, const std::string& zone_name) {
    return format_with_zone(t, zone_or_utc(zone_name));
}

std::string format_countdown(Duration d) {
    using namespace std::chrono;
    if (d <= Duration::zero()) return "now";
    const auto total_s = duration_cast<seconds>(d).count();
    char buf[48];
    if (total_s < 60) std::snprintf(buf, sizeof buf, "in %lld s", static_cast<long long>(total_s));
    else if (total_s < 3600) std::snprintf(buf, sizeof buf, "in %lld min", static_cast<long long>((total_s + 59) / 60));
    else if (total_s < 48 * 3600)
        std::snprintf(buf, sizeof buf, "in %lld h %02lld min", static_cast<long long>(total_s / 3600),
                      static_cast<long long>((total_s % 3600) / 60));
    else std::snprintf(buf, sizeof buf, "in %lld days", static_cast<long long>(total_s / 86400));
    return buf;
}

}  // namespace core
