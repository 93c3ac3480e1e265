// DST property tests (issue 12, "The proof suite"): generated cases in zones with daylight saving
// (both hemispheres, half-hour and 45-minute offsets, negative DST, transitions at midnight and at
// negative rule times), comparing the project's own reading of time zones (core/time: TZif parser and
// POSIX-rule evaluation, local display, core/clinic: slot generation) with a reference computed by an
// independent path: glibc's own TZif reader, through setenv("TZ"), tzset and localtime_r, and timegm
// for calendar arithmetic. Both read the same /usr/share/zoneinfo files, so any difference is a bug in
// one of the two readings, never in the data.
//
// Native only (the TZ environment variable and the system's zoneinfo do not exist in the browser):
// this file lives outside tests/unit/core, which the WASM test runner compiles.
//
// Cases, generated from a fixed seed (TELEMED_DST_SEED to change it):
//   display: an instant in 2024-2030 (half of them within 3 hours of a transition, found by scanning
//            glibc's answers) -> UTC offset, DST flag, abbreviation, local date/time/weekday and the
//            formatted "Tue 3 Dec 2026, 14:30" string;
//   slots:   one local day (half of them a transition day) with random opening hours, visit length and
//            break -> the exact list of slots compute_slots offers that day;
//   a tenth of each, in 2038-2045, where no transition is listed and both readers evaluate the file's
//   footer rule ("AEST-10AEDT,M10.1.0,M4.1.0/3").
// The unit suite runs TELEMED_DST_CASES cases (default 100,000: about 4 s of CPU under ASan);
// tools/dst_check.sh runs the full million.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iterator>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/clinic/slots.h"
#include "core/time/format.h"
#include "core/time/time_zone.h"

using namespace core;
using namespace std::chrono;

namespace {

const std::vector<std::string> kZones = {
    "Australia/Sydney",    // southern hemisphere: DST from October to April
    "America/Santiago",    // southern, transitions at 24:00 local (the day starts at 01:00)
    "Australia/Adelaide",  // half-hour standard offset, with DST
    "Asia/Kolkata",        // half-hour, no DST
    "Asia/Kathmandu",      // 45 minutes, no DST
    "Australia/Lord_Howe", // a half-hour DST step
    "Pacific/Chatham",     // +12:45 / +13:45
    "America/St_Johns",    // -3:30 with DST
    "America/New_York",
    "Europe/Berlin",
    "Europe/Dublin",       // negative DST in winter (IST is the standard time)
    "Africa/Casablanca",   // negative DST during Ramadan, listed transitions only
    "America/Havana",      // transitions at midnight
    "Antarctica/Troll",    // a two-hour DST step
    "America/Nuuk",        // rule times of -1:00 (RFC 8536's extension)
    "Pacific/Auckland",
};

std::int64_t env_int(const char* name, std::int64_t fallback) {
    const char* v = std::getenv(name);
    return v && *v ? std::strtoll(v, nullptr, 10) : fallback;
}

// glibc's reading of one zone, for as long as this object lives (TZ is process-wide: restored after).
class GlibcZone {
public:
    explicit GlibcZone(const std::string& name) {
        if (const char* old = std::getenv("TZ")) old_ = old;
        setenv("TZ", (":" + name).c_str(), 1);
        tzset();
    }
    ~GlibcZone() {
        if (old_) setenv("TZ", old_->c_str(), 1);
        else unsetenv("TZ");
        tzset();
    }
    GlibcZone(const GlibcZone&) = delete;
    GlibcZone& operator=(const GlibcZone&) = delete;

    // Called millions of times: a plain check, not a Catch assertion per call.
    std::tm local(std::time_t t) const {
        std::tm tm{};
        if (!localtime_r(&t, &tm)) throw std::runtime_error("localtime_r failed at " + std::to_string(t));
        return tm;
    }
    // Every instant whose local reading is `naive` (local wall time counted as if it were UTC):
    // none in a gap, two in an overlap. Offsets are taken from a day around, which covers any
    // transition (no zone moves twice within a day).
    std::vector<std::time_t> instants_reading(std::time_t naive) const {
        std::set<long> offsets;
        for (std::time_t around : {naive - 86400, naive, naive + 86400}) offsets.insert(local(around).tm_gmtoff);
        std::vector<std::time_t> out;
        for (long offset : offsets) {
            const std::time_t t = naive - offset;
            std::tm tm = local(t);
            if (timegm(&tm) == naive) out.push_back(t);
        }
        std::sort(out.begin(), out.end());
        return out;
    }
    // The instants at which the UTC offset or the abbreviation changes, in [from, to): an hourly scan
    // narrowed to the second.
    std::vector<std::time_t> transitions(std::time_t from, std::time_t to) const {
        std::vector<std::time_t> out;
        const auto same = [](const std::tm& x, const std::tm& y) {
            return x.tm_gmtoff == y.tm_gmtoff && x.tm_isdst == y.tm_isdst && std::string_view(x.tm_zone) == y.tm_zone;
        };
        std::tm before = local(from);
        for (std::time_t t = from; t + 3600 <= to; t += 3600) {
            const std::tm after = local(t + 3600);
            if (!same(before, after)) {
                std::time_t lo = t, hi = t + 3600;  // lo reads as before, hi as after
                while (hi - lo > 1) {
                    const std::time_t mid = lo + (hi - lo) / 2;
                    (same(before, local(mid)) ? lo : hi) = mid;
                }
                out.push_back(hi);
            }
            before = after;
        }
        return out;
    }

private:
    std::optional<std::string> old_;
};

std::time_t utc_of(int y, int mo, int d, int h = 0, int mi = 0) {
    std::tm tm{};
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    return timegm(&tm);
}

Instant instant_of(std::time_t t) { return Instant{seconds(t)}; }
std::time_t time_t_of(Instant i) { return std::time_t(duration_cast<seconds>(i.time_since_epoch()).count()); }

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

struct Tally {
    std::int64_t display = 0, slot_days = 0, slots = 0, mismatches = 0;
    bool quiet = false;  // count mismatches without failing (the test that the comparison has teeth)
    std::int64_t cases() const { return display + slot_days; }
};

// Reports the first few mismatches in full, then only counts them.
void mismatch(Tally& tally, const std::string& what) {
    if (++tally.mismatches <= 20 && !tally.quiet) FAIL_CHECK(what);
}

// One display case: everything the app shows about instant t in this zone.
void check_display(const TimeZone& zone, const GlibcZone& ref, std::time_t t, Tally& tally) {
    ++tally.display;
    const std::tm tm = ref.local(t);
    const Instant at = instant_of(t);
    const OffsetInfo info = zone.at(at);
    const LocalParts p = local_parts(at, zone);
    // strftime in the C locale names days and months in English; the day of the month is unpadded.
    char weekday[8], rest[32];
    std::strftime(weekday, sizeof weekday, "%a", &tm);
    std::strftime(rest, sizeof rest, "%b %Y, %H:%M", &tm);
    const std::string expected = std::string(weekday) + " " + std::to_string(tm.tm_mday) + " " + rest;  // "Tue 3 Dec 2026, 14:30"
    const std::string shown = format_date_time(at, zone);
    const bool same = info.offset.count() == tm.tm_gmtoff && info.is_dst == (tm.tm_isdst > 0) && info.abbreviation == tm.tm_zone &&
                      p.year == tm.tm_year + 1900 && p.month == tm.tm_mon + 1 && p.day == tm.tm_mday && p.hour == tm.tm_hour &&
                      p.minute == tm.tm_min && p.weekday == (tm.tm_wday + 6) % 7 && shown == expected;
    if (!same) {
        std::ostringstream s;
        s << zone.name() << " at " << format_iso8601(at) << ": core says " << shown << " offset " << info.offset.count() << " dst "
          << info.is_dst << " " << info.abbreviation << "; glibc says " << expected << " offset " << tm.tm_gmtoff << " dst "
          << tm.tm_isdst << " " << tm.tm_zone;
        mismatch(tally, s.str());
    }
}

// One slot case: a doctor in this zone opens on one local day only; the slots offered that day must be
// the local starts that exist, each at its first occurrence, sorted, none twice.
void check_slot_day(const TimeZone& zone, const GlibcZone& ref, int y, int mo, int d, std::mt19937_64& rng, Tally& tally) {
    ++tally.slot_days;
    const std::time_t midnight_naive = utc_of(y, mo, d);
    std::tm date{};
    const std::time_t noon = midnight_naive + 12 * 3600;
    gmtime_r(&noon, &date);
    const int weekday = (date.tm_wday + 6) % 7;

    Availability a;
    a.slot_minutes = std::uniform_int_distribution<int>(15, 60)(rng);
    a.buffer_minutes = std::uniform_int_distribution<int>(0, 4)(rng) * 5;
    a.min_notice_minutes = 0;
    a.horizon_days = 365;
    const int ranges = std::uniform_int_distribution<int>(1, 2)(rng);
    for (int i = 0; i < ranges; ++i) {
        // Half the ranges open in the small hours, where transitions happen.
        const bool early = std::uniform_int_distribution<int>(0, 1)(rng) == 1;
        const int start = early ? std::uniform_int_distribution<int>(0, 6 * 12)(rng) * 5 : std::uniform_int_distribution<int>(0, 23 * 12)(rng) * 5;
        const int end = std::min(24 * 60, start + std::uniform_int_distribution<int>(1, 8 * 12)(rng) * 5);
        a.weekly.push_back({weekday, start, end});
    }

    // The reference: walk each range's local starts and read them with glibc.
    std::vector<std::time_t> expected;
    for (const WeeklyHours& h : a.weekly)
        for (int m = h.start_minute; m + a.slot_minutes <= h.end_minute; m += a.slot_minutes + a.buffer_minutes) {
            const auto at = ref.instants_reading(midnight_naive + m * 60);
            if (!at.empty()) expected.push_back(at.front());
        }
    std::sort(expected.begin(), expected.end());
    expected.erase(std::unique(expected.begin(), expected.end()), expected.end());

    // Ask for two days around, so only this day's opening hours can answer.
    const Instant from = instant_of(midnight_naive - 2 * 86400), to = instant_of(midnight_naive + 3 * 86400);
    const auto slots = compute_slots(a, zone, from - hours(1), from, to, {});
    std::vector<std::time_t> got;
    bool lengths_ok = true;
    for (const Slot& s : slots) {
        got.push_back(time_t_of(s.starts_at));
        lengths_ok = lengths_ok && s.ends_at - s.starts_at == minutes(a.slot_minutes);
    }
    tally.slots += std::int64_t(got.size());
    if (got != expected || !lengths_ok) {
        std::ostringstream s;
        s << zone.name() << " on " << y << "-" << mo << "-" << d << " (" << a.slot_minutes << " min + " << a.buffer_minutes << " min break, hours";
        for (const WeeklyHours& h : a.weekly) s << " " << h.start_minute << "-" << h.end_minute;
        s << "): core offers";
        for (std::time_t t : got) s << " " << format_iso8601(instant_of(t));
        s << "; glibc's reading gives";
        for (std::time_t t : expected) s << " " << format_iso8601(instant_of(t));
        mismatch(tally, s.str());
    }
}

// Runs `cases` cases in each zone's share, alternating display and slot cases 4:1.
Tally run(std::int64_t cases, std::uint64_t seed) {
    Tally tally;
    std::mt19937_64 rng(seed);
    const std::int64_t per_zone = (cases + std::int64_t(kZones.size()) - 1) / std::int64_t(kZones.size());
    for (const std::string& name : kZones) {
        auto zone = TimeZone::from_tzif(name, read_file("/usr/share/zoneinfo/" + name));
        INFO(name);
        REQUIRE(zone);
        const GlibcZone ref(name);
        // The table years the brief asks for, and later years where both readers evaluate the footer rule.
        const std::time_t from = utc_of(2024, 1, 1), to = utc_of(2031, 1, 1);
        const std::time_t late_from = utc_of(2038, 1, 1), late_to = utc_of(2046, 1, 1);
        std::vector<std::time_t> near = ref.transitions(from - 86400, to + 86400);
        const auto late = ref.transitions(late_from, late_to);
        near.insert(near.end(), late.begin(), late.end());

        for (std::int64_t i = 0; i < per_zone; ++i) {
            const bool later_years = i % 10 == 9;
            const bool at_transition = !near.empty() && (rng() & 1);
            std::time_t t;
            if (at_transition) {
                t = near[rng() % near.size()] + std::uniform_int_distribution<std::time_t>(-3 * 3600, 3 * 3600)(rng);
            } else {
                t = later_years ? std::uniform_int_distribution<std::time_t>(late_from, late_to - 1)(rng)
                                : std::uniform_int_distribution<std::time_t>(from, to - 1)(rng);
            }
            if (i % 5 != 4) {
                check_display(*zone, ref, t, tally);
                continue;
            }
            // A slot day: the local date of t.
            const std::tm tm = ref.local(t);
            check_slot_day(*zone, ref, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, rng, tally);
        }
    }
    return tally;
}

}  // namespace

TEST_CASE("[time] DST property: local display and slots agree with glibc's reading of zoneinfo", "[time][dst]") {
    const std::int64_t cases = env_int("TELEMED_DST_CASES", 100'000);
    const auto seed = std::uint64_t(env_int("TELEMED_DST_SEED", 20261207));
    const auto started = steady_clock::now();
    const Tally tally = run(cases, seed);
    const double seconds_taken = duration<double>(steady_clock::now() - started).count();
    WARN("DST property: " << tally.cases() << " cases (" << tally.display << " instants shown, " << tally.slot_days << " slot days with "
                          << tally.slots << " slots) in " << kZones.size() << " zones, seed " << seed << ": " << tally.mismatches
                          << " mismatches, " << seconds_taken << " s");
    CHECK(tally.cases() >= cases);
    CHECK(tally.mismatches == 0);
}

TEST_CASE("[time] DST reference: glibc's reading behaves as the test assumes", "[time][dst]") {
    // Guards the reference itself: a gap has no instant, an overlap two, Lord Howe moves by 30 minutes.
    const GlibcZone sydney("Australia/Sydney");
    CHECK(sydney.instants_reading(utc_of(2026, 10, 4, 2, 30)).empty());            // 02:00 -> 03:00 on 4 Oct 2026
    CHECK(sydney.instants_reading(utc_of(2026, 4, 5, 2, 30)).size() == 2);         // 03:00 -> 02:00 on 5 Apr 2026
    CHECK(sydney.instants_reading(utc_of(2026, 7, 1, 9, 0)) == std::vector<std::time_t>{utc_of(2026, 6, 30, 23, 0)});
    const auto lord_howe = GlibcZone("Australia/Lord_Howe").transitions(utc_of(2026, 1, 1), utc_of(2027, 1, 1));
    CHECK(lord_howe.size() == 2);
}

TEST_CASE("[time] DST property: the comparison catches a wrong reading", "[time][dst]") {
    // Berlin's rules read against glibc's Sydney, and Adelaide's against Darwin's (the same standard
    // offset, no DST): both must be told apart, or the property test above could not fail.
    std::mt19937_64 rng(1);
    for (const auto& [ours, theirs] : {std::pair{"Europe/Berlin", "Australia/Sydney"}, std::pair{"Australia/Adelaide", "Australia/Darwin"}}) {
        auto zone = TimeZone::from_tzif(ours, read_file(std::string("/usr/share/zoneinfo/") + ours));
        REQUIRE(zone);
        const GlibcZone ref(theirs);
        Tally display, slots;
        display.quiet = slots.quiet = true;
        for (int i = 0; i < 200; ++i) check_display(*zone, ref, utc_of(2026, 1, 1) + std::time_t(i) * 86400, display);
        for (int i = 0; i < 50; ++i) check_slot_day(*zone, ref, 2026, 1 + i % 12, 1 + i % 28, rng, slots);
        CHECK(display.mismatches > 0);
        CHECK(slots.mismatches > 0);
    }
}
