// The parts of an HTTP request the server reads by hand, apart from Beast's parser: the path and query
// of a target, a decimal id in a path, a Range header, If-None-Match, the Origin rule for /ws. Pure
// functions over untrusted text, in a file of their own so tests/fuzz/http.cpp can reach them.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/text/decimal.h"

namespace server {

// What one request may hold (http_session.cpp hands these to Beast's parser): GET and HEAD carry no body.
inline constexpr std::size_t kHttpHeaderLimit = 16 * 1024;
inline constexpr std::size_t kHttpBodyLimit = 16 * 1024;

// "/recordings/7?token=x#f" -> "/recordings/7".
std::string path_of(std::string_view target);
// The value of `name` in the query of `target` ("" when absent). Tokens are URL-safe: no decoding.
std::string query_param(std::string_view target, std::string_view name);
// The target as logs may keep it: only its path. Queries carry credentials (a recording's or
// attachment's link token, an invitation's `/?invite=<token>`), so no query is ever logged, at any level.
std::string loggable_target(std::string_view target);
using core::parse_decimal;  // an id in a path: digits only (src/core/text/decimal.h)
// The id in "/recordings/<id>" (`path` starts with "/recordings/").
std::optional<std::int64_t> parse_recording_id(std::string_view path);

// Bytes [from, to) to send. A single range only (what media elements ask for); an open range
// ("bytes=N-") is answered with at most kMaxRangeBytes so seeking never loads a whole recording.
struct ByteSpan {
    std::int64_t from = 0, to = 0;
    bool partial = false;
};
inline constexpr std::int64_t kMaxRangeBytes = 4 * 1024 * 1024;
// The span of a `total`-byte file that `header` asks for: the whole file when there is no Range (or
// one we do not serve), nullopt when it asks for nothing inside the file (416). A span returned
// always satisfies 0 <= from < to <= total, or is the whole file.
std::optional<ByteSpan> parse_byte_range(std::string_view header, std::int64_t total);

// True when the If-None-Match list names this ETag (or is "*").
bool etag_matches(std::string_view if_none_match, std::string_view etag);

// The Origin rule for /ws: no Origin (not a browser) is allowed; so is an Origin whose host[:port]
// equals the Host header (same origin), or one listed in allowed_origins (case-insensitive).
bool origin_allowed(std::string_view origin, std::string_view host, const std::vector<std::string>& allowed,
                    bool has_origin);

}  // namespace server
