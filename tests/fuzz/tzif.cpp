// The TZif reader (RFC 8536, versions 1-4, with the POSIX TZ footer) and the zone pack that carries
// TZif files to the browser. from_tzif must refuse malformed bytes and never read outside them; a
// zone it accepts must answer every question about the years people book in without overflowing,
// and agree with itself: a local time called unique maps back to itself.
#include <chrono>

#include "core/time/time_zone.h"
#include "core/time/zone_db.h"
#include "fuzz_targets.h"

namespace fuzz {

void tzif(std::string_view input) {
    (void)core::ZoneDb::unpack(input);  // the same bytes as a pack: refused or read, never a crash

    const auto zone = core::TimeZone::from_tzif("Fuzz/Zone", input);
    if (!zone) return;
    check(zone->tzif() == input, "a zone keeps the bytes it was read from");

    using namespace std::chrono;
    // 1850 to 2150 in steps of about 11 weeks (a prime number of hours, so the steps fall at every
    // time of day): before, between and after the transitions, and into the footer's rule.
    const core::Instant first = sys_days{year{1850} / January / 1} + hours{0};
    const core::Instant last = sys_days{year{2150} / January / 1} + hours{0};
    for (core::Instant t = first; t < last; t += hours{1847}) {
        const core::OffsetInfo info = zone->at(t);
        const auto local = floor<seconds>(zone->to_local(t));
        check(local.time_since_epoch() - floor<seconds>(t).time_since_epoch() == info.offset,
              "to_local applies at()'s offset");
        const core::LocalResult r = zone->to_utc(local);
        check(r.earliest <= r.latest, "earliest is not after latest");
        if (r.kind == core::LocalResult::Kind::unique) {
            check(r.earliest == r.latest, "a unique local time is one instant");
            check(floor<seconds>(zone->to_local(r.earliest)) == local, "a unique local time maps back to itself");
        }
    }
}

}  // namespace fuzz
