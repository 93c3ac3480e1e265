// TimeZone and ZoneDb against the real TZif data of six zones, embedded by tools/gen_tz_fixture.sh so
// that this file runs the same natively and in the WASM runner (no file system there). Expected
// instants were cross-checked with Python's zoneinfo on the same tzdata.
#include <catch2/catch.hpp>

#include <limits>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/time/time_zone.h"
#include "core/time/zone_db.h"
#include "tz_fixture_data.h"

using namespace core;
using namespace std::chrono;
using Kind = LocalResult::Kind;

namespace {

TimeZone zone(std::string_view name) {
    auto z = TimeZone::from_tzif(name, tz_fixture::bytes(name));
    REQUIRE(z);
    return *z;
}

Instant utc(std::string_view iso) {
    auto t = parse_iso8601(iso);
    REQUIRE(t);
    return *t;
}

LocalTime local(int y, unsigned mo, unsigned d, int h, int mi, int s = 0) {
    return local_days{year{y} / month{mo} / day{d}} + hours{h} + minutes{mi} + seconds{s};
}

// A minimal v2 TZif file: one local time type, no transitions, the given footer TZ string.
std::string tzif_with_footer(std::string_view footer, std::int32_t utoff = 0) {
    std::string block;
    for (int i = 3; i >= 0; --i) block.push_back(char((std::uint32_t(utoff) >> (8 * i)) & 0xff));
    block += std::string("\0\0XXX\0", 6);  // isdst 0, abbreviation index 0, chars "XXX\0"
    std::string header = "TZif2" + std::string(15, '\0');
    header += std::string(
        "\0\0\0\0"
        "\0\0\0\0"
        "\0\0\0\0"
        "\0\0\0\0"
        "\0\0\0\1"
        "\0\0\0\4",
        24);
    return header + block + header + block + "\n" + std::string(footer) + "\n";
}

std::string check_offset(const TimeZone& z,
                         std::string_view iso) {  // "+02:00 CEST dst" for readable failures
    const OffsetInfo o = z.at(utc(iso));
    const auto m = o.offset.count() / 60;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%c%02d:%02d %s%s", m < 0 ? '-' : '+', int(std::abs(m) / 60),
                  int(std::abs(m) % 60), o.abbreviation.c_str(), o.is_dst ? " dst" : "");
    return buf;
}

}  // namespace

TEST_CASE("[core] time zone offsets around the 2026 transitions", "[core][time]") {
    SECTION("New York: EST/EDT") {
        const TimeZone ny = zone("America/New_York");
        CHECK(ny.name() == "America/New_York");
        CHECK(check_offset(ny, "2026-03-08T06:59:59Z") == "-05:00 EST");
        CHECK(check_offset(ny, "2026-03-08T07:00:00Z") == "-04:00 EDT dst");
        CHECK(check_offset(ny, "2026-11-01T05:59:59Z") == "-04:00 EDT dst");
        CHECK(check_offset(ny, "2026-11-01T06:00:00Z") == "-05:00 EST");
    }
    SECTION("Berlin: CET/CEST") {
        const TimeZone berlin = zone("Europe/Berlin");
        CHECK(check_offset(berlin, "2026-03-29T00:59:59Z") == "+01:00 CET");
        CHECK(check_offset(berlin, "2026-03-29T01:00:00Z") == "+02:00 CEST dst");
        CHECK(check_offset(berlin, "2026-10-25T00:59:59Z") == "+02:00 CEST dst");
        CHECK(check_offset(berlin, "2026-10-25T01:00:00Z") == "+01:00 CET");
    }
    SECTION("Sydney: southern hemisphere, DST over the new year") {
        const TimeZone sydney = zone("Australia/Sydney");
        CHECK(check_offset(sydney, "2026-01-15T00:00:00Z") == "+11:00 AEDT dst");
        CHECK(check_offset(sydney, "2026-04-04T15:59:59Z") == "+11:00 AEDT dst");
        CHECK(check_offset(sydney, "2026-04-04T16:00:00Z") == "+10:00 AEST");
        CHECK(check_offset(sydney, "2026-10-03T15:59:59Z") == "+10:00 AEST");
        CHECK(check_offset(sydney, "2026-10-03T16:00:00Z") == "+11:00 AEDT dst");
    }
    SECTION("Kolkata: +05:30 all year, from the footer rule") {
        const TimeZone kolkata = zone("Asia/Kolkata");
        CHECK(check_offset(kolkata, "2026-01-01T00:00:00Z") == "+05:30 IST");
        CHECK(check_offset(kolkata, "2026-07-01T00:00:00Z") == "+05:30 IST");
    }
    SECTION("London and UTC") {
        const TimeZone london = zone("Europe/London");
        CHECK(check_offset(london, "2026-03-29T00:59:59Z") == "+00:00 GMT");
        CHECK(check_offset(london, "2026-03-29T01:00:00Z") == "+01:00 BST dst");
        CHECK(check_offset(zone("Etc/UTC"), "2026-07-01T12:00:00Z") == "+00:00 UTC");
    }
    SECTION("sub-second instants use the offset of their second") {
        const TimeZone ny = zone("America/New_York");
        CHECK(ny.at(utc("2026-03-08T07:00:00Z") - milliseconds{1}).offset == hours{-5});
        CHECK(ny.to_local(utc("2026-03-08T06:59:59.999Z")) ==
              local_time<milliseconds>{local(2026, 3, 8, 1, 59, 59) + milliseconds{999}});
    }
}

TEST_CASE("[core] time zone far future (POSIX footer) and past (table)", "[core][time]") {
    const TimeZone ny = zone("America/New_York"), berlin = zone("Europe/Berlin");
    const TimeZone sydney = zone("Australia/Sydney"), london = zone("Europe/London");
    SECTION("2090 follows the footer rules") {
        CHECK(check_offset(ny, "2090-03-12T06:59:59Z") == "-05:00 EST");
        CHECK(check_offset(ny, "2090-03-12T07:00:00Z") == "-04:00 EDT dst");
        CHECK(check_offset(ny, "2090-11-05T05:59:59Z") == "-04:00 EDT dst");
        CHECK(check_offset(ny, "2090-11-05T06:00:00Z") == "-05:00 EST");
        CHECK(check_offset(berlin, "2090-03-26T01:00:00Z") == "+02:00 CEST dst");
        CHECK(check_offset(berlin, "2090-10-29T01:00:00Z") == "+01:00 CET");
        CHECK(check_offset(sydney, "2090-04-01T15:59:59Z") == "+11:00 AEDT dst");
        CHECK(check_offset(sydney, "2090-04-01T16:00:00Z") == "+10:00 AEST");
        CHECK(check_offset(sydney, "2090-09-30T16:00:00Z") == "+11:00 AEDT dst");
        CHECK(check_offset(london, "2090-10-29T00:59:59Z") == "+01:00 BST dst");
    }
    SECTION("2090 local times resolve through the footer too") {
        const LocalResult gap = ny.to_utc(local(2090, 3, 12, 2, 30));
        CHECK(gap.kind == Kind::nonexistent);
        CHECK(gap.earliest == utc("2090-03-12T07:00:00Z"));
        CHECK(gap.latest == utc("2090-03-12T07:30:00Z"));
        const LocalResult overlap = ny.to_utc(local(2090, 11, 5, 1, 30));
        CHECK(overlap.kind == Kind::ambiguous);
        CHECK(overlap.earliest == utc("2090-11-05T05:30:00Z"));
        CHECK(overlap.latest == utc("2090-11-05T06:30:00Z"));
    }
    SECTION("1990 used different rules") {
        CHECK(check_offset(ny, "1990-03-31T12:00:00Z") == "-05:00 EST");  // DST began April 1 then
        CHECK(check_offset(ny, "1990-04-01T07:00:00Z") == "-04:00 EDT dst");
        CHECK(check_offset(berlin, "1990-10-10T12:00:00Z") == "+01:00 CET");  // EU DST ended in September
        CHECK(check_offset(sydney, "1990-03-03T16:00:00Z") == "+10:00 AEST");
        CHECK(check_offset(london, "1990-10-27T12:00:00Z") == "+01:00 BST dst");
    }
    SECTION("millions of years away the rule still holds, without overflow (found by fuzzing)") {
        // The Gregorian calendar repeats every 400 years: July is summer in Berlin in any such cycle.
        const auto cycle = seconds{146097LL * 86400};
        const auto july = utc("2026-07-01T12:00:00Z"), january = utc("2026-01-15T12:00:00Z");
        CHECK(berlin.at(july + 2500 * cycle).abbreviation == "CEST");
        CHECK(berlin.at(january + 2500 * cycle).abbreviation == "CET");
        CHECK_NOTHROW(berlin.at(core::Instant{} + core::Instant::duration::max() / 2));
        CHECK_NOTHROW(ny.at(core::Instant{} + core::Instant::duration::min() / 2));
    }
    SECTION("before the first transition: local mean time") {
        CHECK(ny.at(utc("1800-01-01T00:00:00Z")).offset == seconds{-(4 * 3600 + 56 * 60 + 2)});
        CHECK(ny.at(utc("1800-01-01T00:00:00Z")).abbreviation == "LMT");
    }
}

TEST_CASE("[core] time zone local to UTC: unique, nonexistent, ambiguous", "[core][time]") {
    SECTION("New York") {
        const TimeZone ny = zone("America/New_York");
        const LocalResult summer = ny.to_utc(local(2026, 7, 1, 12, 0));
        CHECK(summer.kind == Kind::unique);
        CHECK(summer.earliest == utc("2026-07-01T16:00:00Z"));
        CHECK(summer.latest == summer.earliest);

        const LocalResult gap = ny.to_utc(local(2026, 3, 8, 2, 30));
        CHECK(gap.kind == Kind::nonexistent);
        CHECK(gap.earliest == utc("2026-03-08T07:00:00Z"));
        CHECK(gap.latest == utc("2026-03-08T07:30:00Z"));
        CHECK(ny.to_utc(local(2026, 3, 8, 2, 0)).kind == Kind::nonexistent);
        CHECK(ny.to_utc(local(2026, 3, 8, 1, 59, 59)).earliest == utc("2026-03-08T06:59:59Z"));
        CHECK(ny.to_utc(local(2026, 3, 8, 3, 0)).kind == Kind::unique);
        CHECK(ny.to_utc(local(2026, 3, 8, 3, 0)).earliest == utc("2026-03-08T07:00:00Z"));

        const LocalResult overlap = ny.to_utc(local(2026, 11, 1, 1, 30));
        CHECK(overlap.kind == Kind::ambiguous);
        CHECK(overlap.earliest == utc("2026-11-01T05:30:00Z"));
        CHECK(overlap.latest == utc("2026-11-01T06:30:00Z"));
        CHECK(ny.to_utc(local(2026, 11, 1, 1, 0)).kind == Kind::ambiguous);
        CHECK(ny.to_utc(local(2026, 11, 1, 0, 59, 59)).kind == Kind::unique);
        CHECK(ny.to_utc(local(2026, 11, 1, 2, 0)).kind == Kind::unique);
        CHECK(ny.to_utc(local(2026, 11, 1, 2, 0)).earliest == utc("2026-11-01T07:00:00Z"));
    }
    SECTION("Berlin") {
        const TimeZone berlin = zone("Europe/Berlin");
        const LocalResult gap = berlin.to_utc(local(2026, 3, 29, 2, 30));
        CHECK(gap.kind == Kind::nonexistent);
        CHECK(gap.earliest == utc("2026-03-29T01:00:00Z"));
        CHECK(gap.latest == utc("2026-03-29T01:30:00Z"));
        const LocalResult overlap = berlin.to_utc(local(2026, 10, 25, 2, 30));
        CHECK(overlap.kind == Kind::ambiguous);
        CHECK(overlap.earliest == utc("2026-10-25T00:30:00Z"));
        CHECK(overlap.latest == utc("2026-10-25T01:30:00Z"));
        CHECK(berlin.to_utc(local(2026, 10, 25, 3, 0)).earliest == utc("2026-10-25T02:00:00Z"));
    }
    SECTION("Sydney") {
        const TimeZone sydney = zone("Australia/Sydney");
        const LocalResult overlap = sydney.to_utc(local(2026, 4, 5, 2, 30));
        CHECK(overlap.kind == Kind::ambiguous);
        CHECK(overlap.earliest == utc("2026-04-04T15:30:00Z"));
        CHECK(overlap.latest == utc("2026-04-04T16:30:00Z"));
        const LocalResult gap = sydney.to_utc(local(2026, 10, 4, 2, 30));
        CHECK(gap.kind == Kind::nonexistent);
        CHECK(gap.earliest == utc("2026-10-03T16:00:00Z"));
        CHECK(gap.latest == utc("2026-10-03T16:30:00Z"));
    }
    SECTION("Kolkata") {
        const LocalResult r = zone("Asia/Kolkata").to_utc(local(2026, 5, 1, 9, 0));
        CHECK(r.kind == Kind::unique);
        CHECK(r.earliest == utc("2026-05-01T03:30:00Z"));
    }
    SECTION("to_local") {
        CHECK(zone("Europe/Berlin").to_local(utc("2026-10-25T00:30:00Z")) == local(2026, 10, 25, 2, 30));
        CHECK(zone("Europe/Berlin").to_local(utc("2026-10-25T01:30:00Z")) == local(2026, 10, 25, 2, 30));
        CHECK(zone("Asia/Kolkata").to_local(utc("2026-05-01T03:30:00.250Z")) ==
              local_time<milliseconds>{local(2026, 5, 1, 9, 0) + milliseconds{250}});
    }
}

TEST_CASE("[core] time zone weekly 09:00 slot round-trips every Monday of 2026", "[core][time]") {
    for (const tz_fixture::Entry& e : tz_fixture::kZones) {
        const TimeZone z = zone(e.name);
        int mondays = 0;
        for (local_days d{year{2026} / January / Monday[1]}; year_month_day{d}.year() == year{2026};
             d += weeks{1}) {
            const LocalTime slot = d + hours{9};
            const LocalResult r = z.to_utc(slot);
            INFO(e.name << " " << format_iso8601(Instant{d.time_since_epoch()}));
            REQUIRE(r.kind == Kind::unique);
            CHECK(z.to_local(r.earliest) == slot);
            ++mondays;
        }
        CHECK(mondays == 52);
    }
}

TEST_CASE("[core] time zone POSIX footer rules", "[core][time]") {
    const auto with = [](std::string_view footer, std::int32_t utoff = 0) {
        auto z = TimeZone::from_tzif("Test/Zone", tzif_with_footer(footer, utoff));
        REQUIRE(z);
        return *z;
    };
    SECTION("Mm.w.d with negative (RFC 8536) rule times, quoted names") {
        const TimeZone nuuk = with("<-02>2<-01>,M3.5.0/-1,M10.5.0/0", -7200);
        CHECK(check_offset(nuuk, "2026-03-29T00:59:59Z") == "-02:00 -02");
        CHECK(check_offset(nuuk, "2026-03-29T01:00:00Z") == "-01:00 -01 dst");
        CHECK(check_offset(nuuk, "2026-10-25T00:59:59Z") == "-01:00 -01 dst");
        CHECK(check_offset(nuuk, "2026-10-25T01:00:00Z") == "-02:00 -02");
        const LocalResult gap = nuuk.to_utc(local(2026, 3, 28, 23, 30));
        CHECK(gap.kind == Kind::nonexistent);
        CHECK(gap.earliest == utc("2026-03-29T01:00:00Z"));
    }
    SECTION("Jn skips February 29, n counts it") {
        const TimeZone z = with("AAA0BBB,J60/0,300/0");
        CHECK(check_offset(z, "2028-02-29T23:59:59Z") == "+00:00 AAA");  // J60 is March 1 even in leap years
        CHECK(check_offset(z, "2028-03-01T00:00:00Z") == "+01:00 BBB dst");
        CHECK(check_offset(z, "2028-10-26T22:59:59Z") == "+01:00 BBB dst");  // day 300 (0-based) is Oct 27
        CHECK(check_offset(z, "2028-10-26T23:00:00Z") == "+00:00 AAA");
        CHECK(check_offset(z, "2027-10-27T22:59:59Z") == "+01:00 BBB dst");  // ... and Oct 28 in 2027
    }
    SECTION("daylight time all year, hours beyond 24") {
        const TimeZone z = with("EST5EDT4,0/0,J365/25", -5 * 3600);
        for (std::string_view iso :
             {"2050-01-01T00:00:00Z", "2050-01-01T05:00:00Z", "2050-07-01T00:00:00Z", "2050-12-31T23:59:59Z"})
            CHECK(check_offset(z, iso) == "-04:00 EDT dst");
        CHECK(z.to_utc(local(2050, 1, 1, 0, 30)).kind == Kind::unique);
    }
    SECTION("fixed offsets and defaults") {
        CHECK(check_offset(with("<+0545>-5:45"), "2026-01-01T00:00:00Z") == "+05:45 +0545");
        CHECK(check_offset(with("EST5EDT"), "2026-07-01T00:00:00Z") == "-04:00 EDT dst");  // US rule default
        CHECK(check_offset(with("XXX0"), "2026-07-01T00:00:00Z") == "+00:00 XXX");
        CHECK(TimeZone::from_tzif("x", tzif_with_footer("")));  // an empty footer is allowed
    }
    SECTION("malformed footers reject the file") {
        for (std::string_view bad :
             {"EST", "E5", "<AB>5", "EST5EDT,M13.1.0,M11.1.0", "EST5EDT,M3.2.0", "EST5EDT,M3.2.0/168,M11.1.0",
              "EST5EDT,M3.6.0,M11.1.0", "EST25", "EST5EDT,J0,J365", "EST5EDT,M3.2.7,M11.1.0", "EST5 ",
              "EST5EDT,M3.2.0,M11.1.0,"}) {
            INFO(bad);
            CHECK_FALSE(TimeZone::from_tzif("x", tzif_with_footer(bad)));
        }
    }
}

TEST_CASE("[core] time zone rejects invalid TZif bytes", "[core][time]") {
    const std::string_view ny = tz_fixture::bytes("America/New_York");
    SECTION("empty, wrong magic, every truncation") {
        CHECK_FALSE(TimeZone::from_tzif("x", ""));
        CHECK_FALSE(TimeZone::from_tzif("x", "TZif"));
        CHECK_FALSE(TimeZone::from_tzif("x", "TZjf2" + std::string(ny.substr(5))));
        for (size_t n = 0; n < ny.size(); ++n) CHECK_FALSE(TimeZone::from_tzif("x", ny.substr(0, n)));
    }
    SECTION("lying counts") {
        std::string bad(ny);
        bad[32] = bad[33] = char(0xff);  // v1 timecnt ~ 4 billion
        CHECK_FALSE(TimeZone::from_tzif("x", bad));
        std::string no_types(ny);
        no_types[36] = no_types[37] = no_types[38] = no_types[39] = 0;  // typecnt 0
        CHECK_FALSE(TimeZone::from_tzif("x", no_types));
    }
    SECTION("random bytes and random mutations never crash") {
        std::uint64_t state = 0x9e3779b97f4a7c15;
        const auto next = [&] {
            return state = state * 6364136223846793005ULL + 1442695040888963407ULL, state >> 33;
        };
        for (int i = 0; i < 300; ++i) {
            std::string junk(next() % 600, '\0');
            for (char& c : junk) c = char(next());
            CHECK_FALSE(TimeZone::from_tzif("x", junk));
            CHECK_FALSE(TimeZone::from_tzif("x", "TZif2" + junk));
        }
        for (int i = 0; i < 300; ++i) {  // flipped bytes may still parse; then queries must work
            std::string mutated(ny);
            for (int k = 0; k < 3; ++k) mutated[next() % mutated.size()] = char(next());
            if (auto z = TimeZone::from_tzif("x", mutated)) {
                (void)z->at(utc("2026-03-08T07:00:00Z"));
                (void)z->to_utc(local(2026, 3, 8, 2, 30));
                (void)z->to_local(Instant::max());
            }
        }
    }
}

TEST_CASE("[core] zone database: registry and pack/unpack", "[core][time]") {
    ZoneDb db;
    for (const tz_fixture::Entry& e : tz_fixture::kZones) db.add(zone(e.name));
    db.add(zone("America/New_York").with_name("US/Eastern"));  // a link: same bytes
    db.add(*TimeZone::from_tzif("UTC", tz_fixture::bytes("Etc/UTC")));
    SECTION("registry") {
        CHECK(db.size() == 8);
        CHECK(db.contains("Europe/Berlin"));
        CHECK_FALSE(db.contains("Europe/Berlinx"));
        CHECK(db.find("Mars/Olympus") == nullptr);
        REQUIRE(db.find("US/Eastern"));
        CHECK(db.find("US/Eastern")->name() == "US/Eastern");
        CHECK(db.names().front() == "America/New_York");
        CHECK(db.names().back() == "UTC");
        CHECK(ZoneDb::load_directory("/nonexistent/zoneinfo").size() == 0);  // sorted: "UTC" > "US/Eastern"
    }
    SECTION("round trip, identical payloads stored once") {
        const std::string blob = ZoneDb::pack(db);
        size_t distinct = 0;
        for (const tz_fixture::Entry& e : tz_fixture::kZones) distinct += e.size;
        CHECK(blob.size() < distinct + 200);  // 8 names but only 6 payloads
        const auto back = ZoneDb::unpack(blob);
        REQUIRE(back);
        CHECK(back->names() == db.names());
        for (const std::string& name : db.names()) {
            INFO(name);
            REQUIRE(back->find(name));
            CHECK(back->find(name)->name() == name);
            CHECK(back->find(name)->tzif() == db.find(name)->tzif());
        }
        CHECK(check_offset(*back->find("US/Eastern"), "2026-07-01T00:00:00Z") == "-04:00 EDT dst");
        CHECK(ZoneDb::pack(*back) == blob);
    }
    SECTION("malformed blobs") {
        const std::string blob = ZoneDb::pack(db);
        for (size_t n = 0; n < blob.size(); n += 7)
            CHECK_FALSE(ZoneDb::unpack(std::string_view(blob).substr(0, n)));
        CHECK_FALSE(ZoneDb::unpack(blob + "x"));
        CHECK(ZoneDb::unpack(ZoneDb::pack(ZoneDb{}))->size() == 0);
    }
    SECTION("install_zones makes the database process-wide") {
        install_zones(db);
        CHECK(zones().contains("US/Eastern"));
        CHECK_FALSE(install_zones_from_file("/nonexistent/zones.bin"));
        CHECK(zones().contains("US/Eastern"));
    }
    SECTION("areas: the web app's packs, one per first name component") {
        CHECK(ZoneDb::area_of("Europe/Berlin") == "Europe");
        CHECK(ZoneDb::area_of("America/Argentina/Buenos_Aires") == "America");
        CHECK(ZoneDb::area_of("UTC") == "misc");
        CHECK(db.areas() == std::vector<std::string>{"America", "Asia", "Australia", "Etc", "Europe", "US", "misc"});
        size_t total = 0;
        for (const std::string& a : db.areas()) {
            const ZoneDb part = db.area(a);
            for (const std::string& name : part.names()) CHECK(ZoneDb::area_of(name) == a);
            total += part.size();
        }
        CHECK(total == db.size());  // every zone in exactly one area
        CHECK(db.area("Europe").contains("Europe/Berlin"));
        CHECK(db.area("Nowhere").size() == 0);
    }
    SECTION("add_zones merges an area into the process-wide database") {
        install_zones(db.area("Europe"));
        CHECK_FALSE(zones().contains("America/New_York"));
        const TimeZone& before = *zones().find("Europe/Berlin");
        add_zones(*ZoneDb::unpack(ZoneDb::pack(db.area("America"))));
        CHECK(zones().contains("America/New_York"));
        CHECK(zones().contains("Europe/Berlin"));
        CHECK(before.name() == "Europe/Berlin");  // references from before the merge stay valid
        install_zones(db);
    }
}

#include "core/time/format.h"

TEST_CASE("[core] built-in UTC and local formatting", "[core][time]") {
    const core::TimeZone& utc = core::utc_zone();
    const auto t = *core::parse_iso8601("2026-12-03T14:30:00Z");
    CHECK(utc.at(t).offset.count() == 0);
    CHECK(core::format_with_zone(t, utc) == "Thu 3 Dec 2026, 14:30 (UTC)");
    CHECK(core::format_with_zone(t, "No/Such_Zone") == "Thu 3 Dec 2026, 14:30 (UTC)");
    CHECK(core::format_countdown(std::chrono::minutes(125)) == "in 2 h 05 min");
    CHECK(core::format_countdown(std::chrono::seconds(30)) == "in 30 s");
    CHECK(core::format_countdown(std::chrono::seconds(-1)) == "now");
}

TEST_CASE("[core] zone_or_utc tells the unknown-zone handler what it lacked", "[core][time]") {
    std::vector<std::string> asked;
    core::on_unknown_zone([&](const std::string& name) { asked.push_back(name); });
    CHECK(core::zone_or_utc("Mars/Olympus").name() == "UTC");
    CHECK(core::zone_or_utc("UTC").name() == "UTC");  // UTC is built in: nothing to load
    core::on_unknown_zone(nullptr);
    CHECK(core::zone_or_utc("Mars/Crater").name() == "UTC");
    CHECK(asked == std::vector<std::string>{"Mars/Olympus"});
}
