// The first request on every connection: the client says which protocol version it speaks; the
// server answers with its own and the session rules the client needs to know.
#pragma once
#include <string>

#include "core/accounts/service.h"
#include "core/api/routes.h"
#include "core/protocol/protocol.h"

namespace core {
namespace msg {

struct HelloReply {
    int protocol = protocol::kVersion;
    std::string server;
    std::int64_t session_idle_timeout_s = 0;
    template <typename F>
    void fields(F& f) {
        f("protocol", protocol);
        f("server", server);
        f("session_idle_timeout_s", session_idle_timeout_s);
    }
};

struct Hello {
    static constexpr protocol::RequestType type = protocol::RequestType::hello;
    using Reply = HelloReply;
    std::int64_t protocol = 0;
    std::string client;  // what the client is, for the server's logs (at most 100 bytes kept)
    template <typename F>
    void fields(F& f) {
        f("protocol", protocol);
        f.optional("client", client);
    }
};

}  // namespace msg

void add_hello_route(Routes& routes, const AccountPolicy& policy);

}  // namespace core
