// One WebSocket connection at /ws. See websocket_session.cpp for the message flow.
#pragma once
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "net/context.h"

namespace server {

// Takes over an HTTP connection whose request is a WebSocket upgrade that passed the Origin check.
void start_websocket_session(boost::beast::tcp_stream stream,
                             boost::beast::http::request<boost::beast::http::string_body> upgrade,
                             ServerContext& ctx, std::string remote);

}  // namespace server
