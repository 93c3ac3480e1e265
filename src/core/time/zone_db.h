// The set of named time zones. Natively it comes from the system's /usr/share/zoneinfo; the browser
// has no such directory, so tools/pack_zones packs that directory into one blob (the "pack" format
// below) that the web app ships and installs at startup.
//
// Pack format, all integers big-endian (like TZif):
//   "TZPK" u8 version=1
//   u32 payload_count, then per payload: u32 size, TZif bytes    (each distinct TZif file once)
//   u32 name_count,    then per name:    u16 size, name bytes, u32 payload index
// Links (US/Eastern and America/New_York have identical TZif bytes) share one payload.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time/time_zone.h"

namespace core {

class ZoneDb {
  public:
    void add(TimeZone zone);                            // replaces a zone of the same name
    const TimeZone* find(std::string_view name) const;  // nullptr if unknown
    bool contains(std::string_view name) const { return find(name) != nullptr; }
    std::vector<std::string> names() const;  // sorted
    size_t size() const { return zones_.size(); }

    // Every valid TZif file under dir whose relative path looks like an IANA name ("Europe/Berlin",
    // "EST5EDT", "Etc/GMT+5"); skips posix/ and right/ (duplicates and leap-second variants),
    // posixrules, localtime, Factory, SECURITY and the .tab/.zi/.list/leapseconds tables. Files with the
    // same bytes share their parsed data. A missing directory gives an empty database.
    static ZoneDb load_directory(const std::string& dir = "/usr/share/zoneinfo");

    // The pack a zone ships in when the web app loads zones on demand: the name's first component
    // ("America/Argentina/Buenos_Aires" -> "America"), or "misc" for names without one ("UTC", "Japan").
    static std::string area_of(std::string_view name);
    ZoneDb area(std::string_view area) const;  // the zones whose area_of is `area`
    std::vector<std::string> areas() const;    // sorted, each once

    static std::string pack(const ZoneDb& db);
    static std::optional<ZoneDb> unpack(std::string_view blob);  // nullopt if any part is malformed

  private:
    std::map<std::string, TimeZone, std::less<>> zones_;
};

// The process-wide database. If nothing was installed, the first call loads /usr/share/zoneinfo (in
// the browser that directory does not exist and the result is empty: install first). Returned
// references stay valid for the life of the process, even across install_zones: replaced databases
// are kept, since installs happen once or twice per run.
const ZoneDb& zones();
void install_zones(ZoneDb db);
// Adds the zones of `more` to the process-wide database (a zone of the same name is replaced): the web
// app installs an area's pack when a zone of it is first needed.
void add_zones(const ZoneDb& more);
// Reads a pack blob (e.g. "/tz/zones.bin" from the web app's preloaded data) and installs it. False,
// with nothing changed, if the file is missing or malformed.
bool install_zones_from_file(const std::string& path);

}  // namespace core
