// Native only: controls for the in-memory WebSocket stand-in (websocket_native.cpp), for unit tests.
// Every WebSocket that connect()s is listed; a test reads what the client sent and plays the server.
#pragma once
#include <string>
#include <vector>

#include "platform/websocket.h"

namespace platform::fake {

struct Peer {
    std::string url;
    std::vector<std::string> sent;  // text frames the client sent, oldest first
    bool closed_by_client = false;
    int client_close_code = 0;
    WebSocket* socket = nullptr;    // null once the client object is destroyed
};

std::vector<Peer*> peers();   // every connected socket since reset(), oldest first
Peer* last_peer();            // nullptr when none
void reset();                 // forget all peers (call between tests)

// Server side actions; each runs the client's callback synchronously (if the socket still exists).
void accept(Peer& peer);                                  // -> on_open
void deliver(Peer& peer, const std::string& text);        // -> on_message
void drop(Peer& peer, int code = 1006, const std::string& reason = "");  // -> on_close
void fail(Peer& peer);                                    // -> on_error then on_close(1006)

}  // namespace platform::fake
