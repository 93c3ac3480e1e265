// ICE servers for the browsers: STUN URLs as configured, and TURN with time-limited credentials in
// the "TURN REST API" scheme coturn implements with `use-auth-secret` / `static-auth-secret`:
//
//   username   = "<unix expiry>:<user id>"
//   credential = base64(HMAC-SHA1(shared secret, username))
//
// The TURN server recomputes the credential from the username and its copy of the secret, and refuses
// it after the expiry. Nothing is stored; the secret never leaves the server.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "core/calls/ice_servers.h"
#include "core/time/clock.h"

namespace server {

// base64(HMAC-SHA1(secret, username)).
std::string turn_rest_credential(std::string_view secret, std::string_view username);

struct IceConfig {
    std::vector<std::string> stun_urls;  // "stun:host:3478"
    std::vector<std::string> turn_urls;  // "turn:host:3478?transport=udp", "turns:host:5349"
    std::string turn_secret;             // coturn's static-auth-secret
    std::chrono::seconds turn_ttl{3600};
};

class TurnRestIceServers final : public core::IceServerProvider {
public:
    TurnRestIceServers(IceConfig config, const core::Clock& clock) : config_(std::move(config)), clock_(clock) {}
    // [] when nothing is configured; else {"urls": stun} and/or {"urls": turn, "username", "credential"}.
    std::vector<core::IceServer> ice_servers(core::UserId user) override;

private:
    IceConfig config_;
    const core::Clock& clock_;
};

}  // namespace server
