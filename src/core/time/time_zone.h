// Time zones from IANA TZif data (RFC 8536), because neither GCC 12's libstdc++ nor Emscripten's
// libc++ 14 ships std::chrono::tzdb. A TimeZone answers "what is the UTC offset at this instant" and
// "which instants does this wall-clock time denote"; ZoneDb (zone_db.h) holds the named set.
//
// What is read from a TZif file (versions 1-4):
//   - version 1 files: the 32-bit data block; version 2+: the 64-bit block and the footer TZ string.
//   - transitions and local time types; before the first transition, type 0 applies (RFC 8536 3.2).
//   - after the last transition (or everywhere, if there are none) the footer's POSIX TZ rule applies,
//     e.g. "EST5EDT,M3.2.0,M11.1.0", with RFC 8536's extension of rule times to -167..167 hours.
//     A footer with a DST name but no rule gets the US rule "M3.2.0,M11.1.0" (what tzcode assumes).
//   - leap-second records and the std/wall and UT/local indicators are validated and then ignored:
//     instants here are POSIX time (no leap seconds), so "right/" zones are not meant for this class.
// Malformed input is rejected (from_tzif returns nullopt); every read is bounds-checked.
#pragma once
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/time/clock.h"

namespace core {

// A wall-clock reading in some zone, not tied to UTC until a TimeZone interprets it.
using LocalTime = std::chrono::local_time<std::chrono::seconds>;

struct OffsetInfo {
    std::chrono::seconds offset{0};  // local = UTC + offset (east of Greenwich is positive)
    bool is_dst = false;
    std::string abbreviation;  // "EST", "CEST", "+0530"-style names as the data gives them
};

// What a local time means in a zone. Policies (this class never throws or guesses silently):
//   unique:      earliest == latest == the one instant.
//   ambiguous:   in a fall-back overlap the local time happens twice; earliest is the first
//                occurrence (still on the pre-transition offset, e.g. EDT), latest the second.
//   nonexistent: in a spring-forward gap the local time never happens; earliest is the transition
//                instant itself (the first instant after the gap) and latest is the local time shifted
//                forward by the gap length, i.e. read with the offset from before the gap
//                (New York 02:30 on a spring-forward day -> earliest 07:00Z = 03:00 EDT,
//                latest 07:30Z = 03:30 EDT).
// Callers that just need one instant should take `earliest` (scheduling: a 02:30 slot moves to the
// transition and never lands twice).
struct LocalResult {
    enum class Kind { unique, nonexistent, ambiguous };
    Kind kind = Kind::unique;
    Instant earliest;
    Instant latest;
};

class TimeZone {
  public:
    // Parses TZif bytes; `name` is the IANA name to report ("Europe/Berlin"). nullopt on any
    // malformed, truncated or inconsistent input.
    static std::optional<TimeZone> from_tzif(std::string_view name, std::string_view bytes);

    std::string_view name() const { return name_; }

    OffsetInfo at(Instant utc) const;
    LocalResult to_utc(LocalTime local) const;
    std::chrono::local_time<std::chrono::milliseconds> to_local(Instant utc) const;

    // The same rules under another name (an IANA link such as "US/Eastern"); shares the parsed data.
    TimeZone with_name(std::string name) const;
    // The TZif bytes this zone was parsed from; ZoneDb::pack writes them back out.
    std::string_view tzif() const;

    struct Data;  // parsed transitions and rule, shared between links (defined in time_zone.cpp)

  private:
    TimeZone(std::string name, std::shared_ptr<const Data> data)
        : name_(std::move(name)), data_(std::move(data)) {}

    std::string name_;
    std::shared_ptr<const Data> data_;  // never null
};

}  // namespace core
