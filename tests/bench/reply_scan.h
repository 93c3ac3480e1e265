// The top-level "id" and "ok" of a telemed reply, read without building a JSON value, so a load
// generator spends its time sending rather than parsing. Benchmarks only.
#pragma once
#include <algorithm>
#include <charconv>
#include <cstdint>
#include <string_view>

namespace bench {

struct Reply {
    std::int64_t id = -1;  // -1: no top-level id (an event)
    bool ok = false;
};

// The top-level "id" and "ok" of a telemed reply, without building a DOM: a nested object (the user)
// has an "id" too, and keys come in any order.
inline Reply scan_telemed(std::string_view s) {
    Reply r;
    int depth = 0;
    size_t i = 0;
    const auto skip_space = [&](size_t k) {
        while (k < s.size() && (s[k] == ' ' || s[k] == '\n' || s[k] == '\r' || s[k] == '\t')) ++k;
        return k;
    };
    while (i < s.size()) {
        const char c = s[i];
        if (c == '"') {
            size_t j = i + 1;
            while (j < s.size() && s[j] != '"') j += s[j] == '\\' ? 2 : 1;
            const std::string_view str = s.substr(i + 1, std::min(j, s.size()) - i - 1);
            i = j + 1;
            if (depth != 1) continue;
            size_t k = skip_space(i);
            if (k >= s.size() || s[k] != ':') continue;  // a value, not a key
            k = skip_space(k + 1);
            if (str == "id") std::from_chars(s.data() + k, s.data() + s.size(), r.id);
            else if (str == "ok") r.ok = s.substr(k, 4) == "true";
            i = k;
            continue;
        }
        if (c == '{' || c == '[') ++depth;
        else if (c == '}' || c == ']') --depth;
        ++i;
    }
    return r;
}

}  // namespace bench
