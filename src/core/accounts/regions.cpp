#include "core/accounts/regions.h"

#include <algorithm>
#include <vector>

namespace core {
namespace {

constexpr Region kCountryRows[] = {
#include "core/accounts/countries.inc"
};
constexpr Region kLanguageRows[] = {
#include "core/accounts/languages.inc"
};
constexpr ZoneChoice kZoneRows[] = {
#include "core/accounts/zones.inc"
};

template <typename Row>
std::vector<Row> sorted_by_name(std::span<const Row> rows) {
    std::vector<Row> out(rows.begin(), rows.end());
    std::sort(out.begin(), out.end(), [](const Row& a, const Row& b) { return a.name < b.name; });
    return out;
}

std::optional<Region> find(std::span<const Region> rows, std::string_view code) {
    for (const Region& r : rows)
        if (r.code == code) return r;
    return std::nullopt;
}

}  // namespace

std::span<const Region> countries() {
    static const std::vector<Region> list = sorted_by_name(std::span<const Region>(kCountryRows));
    return list;
}

std::span<const Region> languages() {
    static const std::vector<Region> list = sorted_by_name(std::span<const Region>(kLanguageRows));
    return list;
}

std::span<const ZoneChoice> zone_choices() {
    static const std::vector<ZoneChoice> list = sorted_by_name(std::span<const ZoneChoice>(kZoneRows));
    return list;
}

bool ZoneChoice::serves(std::string_view country) const {
    for (std::size_t at = 0; at + 2 <= countries.size(); at += 3)
        if (countries.substr(at, 2) == country) return true;
    return false;
}

std::optional<Region> find_country(std::string_view code) { return find(kCountryRows, code); }
std::optional<Region> find_language(std::string_view code) { return find(kLanguageRows, code); }

}  // namespace core
