#include "core/time/zone_db.h"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>
#include <unordered_map>

namespace core {
namespace {

// IANA names are '/'-separated components of ASCII letters, digits, '_', '+', '-', each starting
// with an upper-case letter. That alone rules out the lower-case helper files (zone.tab, tzdata.zi,
// leapseconds, posixrules, localtime, posix/, right/); the rest are named.
bool looks_like_zone_name(std::string_view name) {
    for (std::string_view skip : {"Factory", "SECURITY"})
        if (name == skip) return false;
    bool component_start = true;
    for (char c : name) {
        if (c == '/') {
            if (component_start) return false;
            component_start = true;
            continue;
        }
        const bool upper = c >= 'A' && c <= 'Z';
        const bool other =
            (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '+' || c == '-';
        if (component_start ? !upper : !(upper || other)) return false;
        component_start = false;
    }
    return !name.empty() && !component_start;
}

std::optional<std::string> read_file(const std::string& path, std::uintmax_t max_size) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream out;
    out << in.rdbuf();  // an empty file leaves `out` failed but empty, which callers reject anyway
    std::string bytes = std::move(out).str();
    if (bytes.size() > max_size) return std::nullopt;
    return bytes;
}

void put_be(std::string& out, std::uint64_t v, int bytes) {
    for (int i = bytes - 1; i >= 0; --i) out.push_back(char((v >> (8 * i)) & 0xff));
}

// Bounds-checked big-endian reader for unpack.
struct BlobReader {
    std::string_view s;
    size_t pos = 0;
    bool ok = true;

    std::string_view take(std::uint64_t n) {
        if (!ok || n > s.size() - pos) {
            ok = false;
            return {};
        }
        pos += size_t(n);
        return s.substr(pos - size_t(n), size_t(n));
    }
    std::uint32_t be(int bytes) {
        std::uint32_t v = 0;
        for (unsigned char c : take(std::uint64_t(bytes))) v = (v << 8) | c;
        return v;
    }
};

constexpr std::string_view kMagic = "TZPK\x01";
constexpr std::uintmax_t kMaxTzifSize = 1 << 20;  // real TZif files are under 4 KiB

}  // namespace

void ZoneDb::add(TimeZone zone) {
    std::string name(zone.name());
    zones_.insert_or_assign(std::move(name), std::move(zone));
}

const TimeZone* ZoneDb::find(std::string_view name) const {
    const auto it = zones_.find(name);
    return it == zones_.end() ? nullptr : &it->second;
}

std::vector<std::string> ZoneDb::names() const {
    std::vector<std::string> out;
    out.reserve(zones_.size());
    for (const auto& [name, zone] : zones_) out.push_back(name);
    return out;
}

ZoneDb ZoneDb::load_directory(const std::string& dir) {
    namespace fs = std::filesystem;
    ZoneDb db;
    std::unordered_map<std::string, TimeZone> by_bytes;  // links share parsed data
    std::error_code ec;
    fs::recursive_directory_iterator it(dir, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().lexically_relative(dir).generic_string();
        if (!looks_like_zone_name(name)) {
            if (it->is_directory(ec)) it.disable_recursion_pending();  // posix/, right/
            continue;
        }
        if (!it->is_regular_file(ec)) continue;  // follows symlinks, so "UTC -> Etc/UTC" counts
        const auto bytes = read_file(it->path().string(), kMaxTzifSize);
        if (!bytes) continue;
        if (const auto same = by_bytes.find(*bytes); same != by_bytes.end()) {
            db.add(same->second.with_name(name));
        } else if (auto zone = TimeZone::from_tzif(name, *bytes)) {
            by_bytes.emplace(*bytes, *zone);
            db.add(std::move(*zone));
        }
    }
    return db;
}

std::string ZoneDb::area_of(std::string_view name) {
    const size_t slash = name.find('/');
    return slash == std::string_view::npos ? std::string("misc") : std::string(name.substr(0, slash));
}

ZoneDb ZoneDb::area(std::string_view area) const {
    ZoneDb out;
    for (const auto& [name, zone] : zones_)
        if (area_of(name) == area) out.add(zone);
    return out;
}

std::vector<std::string> ZoneDb::areas() const {
    std::vector<std::string> out;
    for (const auto& entry : zones_) {
        std::string a = area_of(entry.first);
        if (std::find(out.begin(), out.end(), a) == out.end()) out.push_back(std::move(a));
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::string ZoneDb::pack(const ZoneDb& db) {
    std::vector<std::string_view> payloads;
    std::unordered_map<std::string_view, std::uint32_t> index_of;
    std::string names;
    for (const auto& [name, zone] : db.zones_) {
        const auto [it, fresh] = index_of.emplace(zone.tzif(), std::uint32_t(payloads.size()));
        if (fresh) payloads.push_back(zone.tzif());
        put_be(names, name.size(), 2);
        names += name;
        put_be(names, it->second, 4);
    }
    std::string out(kMagic);
    put_be(out, payloads.size(), 4);
    for (std::string_view p : payloads) {
        put_be(out, p.size(), 4);
        out += p;
    }
    put_be(out, db.zones_.size(), 4);
    return out + names;
}

std::optional<ZoneDb> ZoneDb::unpack(std::string_view blob) {
    BlobReader r{blob};
    if (r.take(kMagic.size()) != kMagic) return std::nullopt;
    const std::uint32_t payload_count = r.be(4);
    std::vector<TimeZone> parsed;  // each payload parsed once, under a placeholder name
    for (std::uint32_t i = 0; r.ok && i < payload_count; ++i) {
        auto zone = TimeZone::from_tzif("", r.take(r.be(4)));
        if (!r.ok || !zone) return std::nullopt;
        parsed.push_back(std::move(*zone));
    }
    const std::uint32_t name_count = r.be(4);
    ZoneDb db;
    for (std::uint32_t i = 0; r.ok && i < name_count; ++i) {
        const std::string_view name = r.take(r.be(2));
        const std::uint32_t index = r.be(4);
        if (!r.ok || index >= parsed.size()) return std::nullopt;
        db.add(parsed[index].with_name(std::string(name)));
    }
    if (!r.ok || r.pos != blob.size()) return std::nullopt;
    return db;
}

// ---------------------------------------------------------------------------------------------------
// The process-wide database.

namespace {
std::mutex g_mutex;
std::vector<std::unique_ptr<const ZoneDb>> g_all;  // every database ever installed, see header
std::atomic<const ZoneDb*> g_current{nullptr};

const ZoneDb& install_locked(ZoneDb db) {
    g_all.push_back(std::make_unique<const ZoneDb>(std::move(db)));
    g_current.store(g_all.back().get());
    return *g_all.back();
}
}  // namespace

const ZoneDb& zones() {
    if (const ZoneDb* db = g_current.load()) return *db;
    std::lock_guard lock(g_mutex);
    if (const ZoneDb* db = g_current.load()) return *db;
    return install_locked(ZoneDb::load_directory());
}

void install_zones(ZoneDb db) {
    std::lock_guard lock(g_mutex);
    install_locked(std::move(db));
}

void add_zones(const ZoneDb& more) {
    std::lock_guard lock(g_mutex);
    ZoneDb merged = g_current.load() ? *g_current.load() : ZoneDb{};
    for (const std::string& name : more.names()) merged.add(*more.find(name));
    install_locked(std::move(merged));
}

bool install_zones_from_file(const std::string& path) {
    const auto blob = read_file(path, std::uintmax_t(1) << 28);
    if (!blob) return false;
    auto db = ZoneDb::unpack(*blob);
    if (!db) return false;
    install_zones(std::move(*db));
    return true;
}

}  // namespace core
