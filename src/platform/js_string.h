// Web only: reads a string from a JS function that writes UTF-8 into a caller buffer and returns the
// full length (-1 for "no value"); see TM.writeString in web/platform.js.
#pragma once
#include <optional>
#include <string>

namespace platform::detail {

template <class Fn>
std::optional<std::string> js_string(Fn&& write) {
    std::string s(255, '\0');
    for (;;) {
        const int n = write(s.data(), static_cast<int>(s.size()) + 1);
        if (n < 0) return std::nullopt;
        if (n <= static_cast<int>(s.size())) {
            s.resize(static_cast<size_t>(n));
            return s;
        }
        s.resize(static_cast<size_t>(n));
    }
}

}  // namespace platform::detail
