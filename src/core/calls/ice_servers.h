// Where browsers find STUN/TURN servers for a call. The dispatcher hands the list out with every
// call_join; the server configures a provider with time-limited TURN credentials, the offline demo
// and the tests use NoIceServers (host candidates only: enough on one machine or one LAN).
#pragma once
#include <nlohmann/json.hpp>

#include "core/accounts/user.h"

namespace core {

class IceServerProvider {
public:
    virtual ~IceServerProvider() = default;
    // The RTCIceServer list for this user's browser: [{"urls": [...], "username"?, "credential"?}].
    // Called from any thread; implementations are thread-safe.
    virtual nlohmann::json ice_servers(UserId user) = 0;
};

class NoIceServers final : public IceServerProvider {
public:
    nlohmann::json ice_servers(UserId) override { return nlohmann::json::array(); }
};

}  // namespace core
