// Non-negative decimal numbers in text the server did not write itself (an id in a URL path, a field
// of a signed link): digits only, at most 18 of them, so the value always fits an int64 without a check.
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>

namespace core {

inline std::optional<std::int64_t> parse_decimal(std::string_view s) {
    if (s.empty() || s.size() > 18) return std::nullopt;
    std::int64_t v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + (c - '0');
    }
    return v;
}

}  // namespace core
