// The countries (ISO 3166-1 alpha-2) and languages (ISO 639-1) a person may name in their account,
// from Debian's iso-codes (assets/regions.cmake). Codes are stored; names are shown. Both lists are
// sorted by English name.
#pragma once
#include <optional>
#include <span>
#include <string_view>

namespace core {

struct Region {
    std::string_view code;  // "DE" for a country, "de" for a language
    std::string_view name;  // "Germany", "German"
};

// A time zone a person may choose (tzdata's zone1970.tab), with the countries it serves.
struct ZoneChoice {
    std::string_view name;       // "Europe/Berlin"
    std::string_view countries;  // "DE,DK,NO,SE,SJ"
    bool serves(std::string_view country) const;
};

std::span<const Region> countries();
std::span<const ZoneChoice> zone_choices();  // sorted by name
std::span<const Region> languages();

// The entry of this code, or nullopt (codes compare exactly: "DE", not "de", for a country).
std::optional<Region> find_country(std::string_view code);
std::optional<Region> find_language(std::string_view code);

}  // namespace core
