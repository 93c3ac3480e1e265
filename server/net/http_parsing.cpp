#include "net/http_parsing.h"

#include <algorithm>

namespace server {

namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

std::string without_trailing_slash(std::string s) {
    while (!s.empty() && s.back() == '/') s.pop_back();
    return s;
}

}  // namespace

bool etag_matches(std::string_view if_none_match, std::string_view etag) {
    if (if_none_match.empty()) return false;
    if (if_none_match.find('*') != std::string_view::npos) return true;
    // If-None-Match compares weakly, so W/"x" matches "x" too: a substring search does both.
    return if_none_match.find(etag) != std::string_view::npos;
}

std::string path_of(std::string_view target) { return std::string(target.substr(0, target.find_first_of("?#"))); }

std::string query_param(std::string_view target, std::string_view name) {
    const auto q = target.find('?');
    if (q == std::string_view::npos) return {};
    std::string_view rest = target.substr(q + 1);
    rest = rest.substr(0, rest.find('#'));
    while (!rest.empty()) {
        const auto amp = rest.find('&');
        const std::string_view pair = rest.substr(0, amp);
        const auto eq = pair.find('=');
        if (eq != std::string_view::npos && pair.substr(0, eq) == name) return std::string(pair.substr(eq + 1));
        if (amp == std::string_view::npos) break;
        rest = rest.substr(amp + 1);
    }
    return {};
}

std::string loggable_target(std::string_view target) {
    const std::string path = path_of(target);
    return path.size() < target.size() ? path + "?…" : path;
}

std::optional<std::int64_t> parse_recording_id(std::string_view path) {
    return parse_decimal(path.substr(std::string_view("/recordings/").size()));
}

std::optional<ByteSpan> parse_byte_range(std::string_view header, std::int64_t total) {
    if (header.empty() || !header.starts_with("bytes=") || header.find(',') != std::string_view::npos)
        return ByteSpan{0, total, false};  // no range (or one we do not serve): the whole file
    const std::string_view spec = header.substr(6);
    const auto dash = spec.find('-');
    if (dash == std::string_view::npos) return ByteSpan{0, total, false};
    const auto first = parse_decimal(spec.substr(0, dash));
    const auto last = parse_decimal(spec.substr(dash + 1));
    ByteSpan s{0, 0, true};
    if (!first && last) {  // suffix: the last N bytes
        s.from = std::max<std::int64_t>(0, total - *last);
        s.to = total;
    } else if (first) {
        s.from = *first;
        s.to = last ? std::min(total, *last + 1) : std::min(total, *first + kMaxRangeBytes);
    } else {
        return ByteSpan{0, total, false};
    }
    if (s.from >= total || s.from >= s.to) return std::nullopt;
    return s;
}

bool origin_allowed(std::string_view origin, std::string_view host, const std::vector<std::string>& allowed,
                    bool has_origin) {
    if (!has_origin) return true;
    const std::string o = without_trailing_slash(lower(origin));
    for (const auto& a : allowed)
        if (without_trailing_slash(lower(a)) == o) return true;
    const auto sep = o.find("://");
    if (sep == std::string::npos || host.empty()) return false;  // e.g. the opaque origin "null"
    return std::string_view(o).substr(sep + 3) == lower(host);
}

}  // namespace server
