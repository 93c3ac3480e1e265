// HTTP requests as they arrive on a socket: Beast's parser with the server's limits
// (net/http_parsing.h), then everything the server reads from a request by hand: the path and its
// mapping into the web root, the link token in the query, the id in /recordings/<id>, the Range
// header against files of several sizes, If-None-Match, the Origin rule. Pipelined requests in one
// input are read one after another, as on a keep-alive connection.
#include <algorithm>
#include <array>
#include <cstdint>

#include <boost/asio/buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include "fuzz_targets.h"
#include "net/http_parsing.h"
#include "net/static_files.h"

namespace fuzz {

namespace {

namespace http = boost::beast::http;

void check_target(std::string_view target) {
    const std::string path = server::path_of(target);
    check(target.starts_with(path) && path.find_first_of("?#") == std::string::npos, "the path is the target's head");
    const std::string logged = server::loggable_target(target);
    check(logged == path || logged == path + "?…", "no query is ever logged");
    const std::string token = server::query_param(target, "token");
    check(token.find_first_of("&#") == std::string::npos, "a query value ends at & or #");

    // The web root's promise: whatever the target, the file named lies inside the root.
    if (const auto relative = server::safe_relative_path(target)) {
        check(!relative->empty() && relative->front() != '/', "a relative path");
        std::string_view rest = *relative;
        while (!rest.empty()) {
            const auto slash = rest.find('/');
            const std::string_view segment = rest.substr(0, slash);
            check(segment != "." && segment != ".." && !segment.empty(), "no dot or empty segment");
            check(segment.find_first_of(std::string_view("\\\0", 2)) == std::string_view::npos, "no backslash or NUL");
            rest = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash + 1);
        }
        (void)server::mime_type_for(*relative);
    }
    if (path.starts_with("/recordings/")) {
        const auto id = server::parse_recording_id(path);
        check(!id || *id >= 0, "a recording id is not negative");
    }
}

void check_range(std::string_view range) {
    // Empty, tiny, ordinary, larger than the open-range cap, and near the largest sizes a file has.
    constexpr std::array<std::int64_t, 6> kTotals{0, 1, 1000, 5 * 1024 * 1024, std::int64_t(1) << 40,
                                                  std::int64_t(999'999'999'999'999'999)};
    for (const std::int64_t total : kTotals) {
        const auto span = server::parse_byte_range(range, total);
        if (!span) continue;  // 416
        if (span->partial) {
            check(0 <= span->from && span->from < span->to && span->to <= total, "a partial span lies inside the file");
        } else {
            check(span->from == 0 && span->to == total, "a whole-file span is the whole file");
        }
    }
}

}  // namespace

void http(std::string_view input) {
    for (int request = 0; request < 4 && !input.empty(); ++request) {  // a keep-alive connection's requests
        http::request_parser<http::string_body> parser;
        parser.header_limit(server::kHttpHeaderLimit);
        parser.body_limit(server::kHttpBodyLimit);
        parser.eager(true);
        boost::beast::error_code ec;
        // put() may stop after the header; call it again on the rest, as async_read does.
        while (!ec && !parser.is_done() && !input.empty()) {
            const std::size_t used = parser.put(boost::asio::buffer(input.data(), input.size()), ec);
            input.remove_prefix(std::min(used, input.size()));
            if (used == 0 && !ec) break;
        }
        if (!parser.is_done() && (!ec || ec == http::error::need_more)) {
            ec = {};
            parser.put_eof(ec);  // the peer closed: a body delimited by the end of the stream ends here
        }
        if (ec || !parser.is_done()) return;  // the server answers a parse error by closing

        const auto& req = parser.get();
        (void)boost::beast::websocket::is_upgrade(req);
        check_target(req.target());
        check_range(req[http::field::range]);
        (void)server::etag_matches(req[http::field::if_none_match], "\"0123abcd\"");
        const auto origin = req.find(http::field::origin);
        const bool has_origin = origin != req.end();
        const bool allowed = server::origin_allowed(has_origin ? origin->value() : std::string_view{},
                                                    req[http::field::host], {"https://app.example.org"}, has_origin);
        check(has_origin || allowed, "no Origin (not a browser) is allowed");
    }
}

}  // namespace fuzz
