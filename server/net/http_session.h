// HTTP on one accepted TCP connection: static files, /healthz, and the upgrade to a WebSocket at /ws
// (after the Origin check). Keep-alive requests are served in order.
#pragma once
#include <boost/asio/ip/tcp.hpp>

#include "net/context.h"

namespace server {

void start_http_session(boost::asio::ip::tcp::socket socket, ServerContext& ctx);

// The Origin rule for /ws: no Origin (not a browser) is allowed; so is an Origin whose host[:port]
// equals the Host header (same origin), or one listed in allowed_origins (case-insensitive).
bool origin_allowed(std::string_view origin, std::string_view host, const std::vector<std::string>& allowed,
                    bool has_origin);

}  // namespace server
