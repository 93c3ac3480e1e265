// Packs a zoneinfo directory into the blob the web app installs at startup (ZoneDb::pack format):
//   pack_zones <out.bin> [zoneinfo dir, default /usr/share/zoneinfo]
#include <cstdio>
#include <fstream>
#include <string>

#include "core/time/zone_db.h"

int main(int argc, char** argv) {
    if (argc < 2 || argc > 3) {
        std::fprintf(stderr, "usage: %s <out.bin> [zoneinfo dir]\n", argv[0]);
        return 2;
    }
    const std::string dir = argc == 3 ? argv[2] : "/usr/share/zoneinfo";
    const core::ZoneDb db = core::ZoneDb::load_directory(dir);
    if (db.size() == 0) {
        std::fprintf(stderr, "pack_zones: no time zones found in %s\n", dir.c_str());
        return 1;
    }
    const std::string blob = core::ZoneDb::pack(db);
    std::ofstream out(argv[1], std::ios::binary | std::ios::trunc);
    if (!out.write(blob.data(), std::streamsize(blob.size())) || !out.flush()) {
        std::fprintf(stderr, "pack_zones: cannot write %s\n", argv[1]);
        return 1;
    }
    std::printf("pack_zones: %zu zones, %zu bytes -> %s\n", db.size(), blob.size(), argv[1]);
    return 0;
}
