// HTTP on one accepted TCP connection: static files, /healthz, and the upgrade to a WebSocket at /ws
// (after the Origin check). Keep-alive requests are served in order.
#pragma once
#include <boost/asio/ip/tcp.hpp>

#include "net/context.h"
#include "net/http_parsing.h"  // origin_allowed, which the upgrade applies

namespace server {

void start_http_session(boost::asio::ip::tcp::socket socket, ServerContext& ctx);

}  // namespace server
