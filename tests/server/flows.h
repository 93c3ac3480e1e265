// Small request helpers shared by the server tests.
#pragma once
#include <memory>

#include "server_process.h"
#include "ws_client.h"

namespace test {

// A connection that has said hello.
inline std::unique_ptr<WsClient> greeted(std::uint16_t port) {
    auto c = std::make_unique<WsClient>("127.0.0.1", port);
    const json r = c->hello();
    if (!r.value("ok", false)) throw std::runtime_error("hello failed: " + r.dump());
    return c;
}

inline json sign_up(WsClient& c, const std::string& email, const std::string& role = "patient",
                    const std::string& password = kPassword) {
    return c.request("sign_up",
                     {{"email", email}, {"password", password}, {"display_name", "Test Person"}, {"role", role}});
}

inline json sign_in(WsClient& c, const std::string& email, const std::string& password = kPassword) {
    return c.request("sign_in", {{"email", email}, {"password", password}});
}

inline std::string error_code(const json& response) {
    return response.contains("error") ? response["error"].value("code", "") : std::string("(ok)");
}

}  // namespace test
