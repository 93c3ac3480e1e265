// Packs a zoneinfo directory into the blobs the web app installs (ZoneDb::pack format):
//   pack_zones <out.bin> [zoneinfo dir, default /usr/share/zoneinfo] [areas dir]
// <out.bin> holds every zone (the offline demo, which runs the clinic in the page, installs it at
// startup). With an areas dir, each area's zones also go to <areas dir>/<area>.bin ("Europe.bin",
// "misc.bin" for "UTC", "Japan"…): the app loads the area of the browser's zone at startup and any other
// when a zone of it is first shown.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/time/zone_db.h"

namespace {
bool write_file(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (out.write(bytes.data(), std::streamsize(bytes.size())) && out.flush()) return true;
    std::fprintf(stderr, "pack_zones: cannot write %s\n", path.c_str());
    return false;
}
}  // namespace

int main(int argc, char** argv) {
    if (argc < 2 || argc > 4) {
        std::fprintf(stderr, "usage: %s <out.bin> [zoneinfo dir] [areas dir]\n", argv[0]);
        return 2;
    }
    const std::string dir = argc >= 3 ? argv[2] : "/usr/share/zoneinfo";
    const core::ZoneDb db = core::ZoneDb::load_directory(dir);
    if (db.size() == 0) {
        std::fprintf(stderr, "pack_zones: no time zones found in %s\n", dir.c_str());
        return 1;
    }
    const std::string blob = core::ZoneDb::pack(db);
    if (!write_file(argv[1], blob)) return 1;
    std::printf("pack_zones: %zu zones, %zu bytes -> %s\n", db.size(), blob.size(), argv[1]);
    if (argc == 4) {
        const std::filesystem::path areas_dir = argv[3];
        std::filesystem::create_directories(areas_dir);
        for (const std::string& area : db.areas()) {
            const std::string area_blob = core::ZoneDb::pack(db.area(area));
            if (!write_file((areas_dir / (area + ".bin")).string(), area_blob)) return 1;
        }
        std::printf("pack_zones: %zu areas -> %s\n", db.areas().size(), argv[3]);
    }
    return 0;
}
