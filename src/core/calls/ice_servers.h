// Where browsers find STUN/TURN servers for a call. The dispatcher hands the list out with every
// call_join; the server configures a provider with time-limited TURN credentials, the offline demo
// and the tests use NoIceServers (host candidates only: enough on one machine or one LAN).
#pragma once
#include <string>
#include <vector>

#include "core/ids.h"

namespace core {

// The shape of WebRTC's RTCIceServer.
struct IceServer {
    std::vector<std::string> urls;  // "stun:…", "turn:…", "turns:…"
    std::string username;           // TURN only: "<unix expiry>:<user id>"
    std::string credential;

    template <typename F>
    void fields(F& f) {
        f("urls", urls);
        f.optional("username", username);
        f.optional("credential", credential);
    }
};

class IceServerProvider {
public:
    virtual ~IceServerProvider() = default;
    // The list for this user's browser. Called from any thread; implementations are thread-safe.
    virtual std::vector<IceServer> ice_servers(UserId user) = 0;
};

class NoIceServers final : public IceServerProvider {
public:
    std::vector<IceServer> ice_servers(UserId) override { return {}; }
};

}  // namespace core
