// Installs the time zones embedded in tz_fixture_data.h, so tests that need zones run the same
// natively and as WASM (where /usr/share/zoneinfo does not exist).
#pragma once
#include "core/time/zone_db.h"
#include "tz_fixture_data.h"

inline void install_fixture_zones() {
    static bool done = false;
    if (done) return;
    core::ZoneDb db;
    for (const auto& e : tz_fixture::kZones) {
        auto zone = core::TimeZone::from_tzif(e.name, tz_fixture::bytes(e.name));
        if (!zone) continue;
        if (e.name == "Etc/UTC") db.add(zone->with_name("UTC"));
        db.add(std::move(*zone));
    }
    core::install_zones(std::move(db));
    done = true;
}
