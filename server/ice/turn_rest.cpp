#include "ice/turn_rest.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <stdexcept>

namespace server {

std::string turn_rest_credential(std::string_view secret, std::string_view username) {
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int mac_len = 0;
    if (!HMAC(EVP_sha1(), secret.data(), static_cast<int>(secret.size()),
              reinterpret_cast<const unsigned char*>(username.data()), username.size(), mac, &mac_len))
        throw std::runtime_error("HMAC-SHA1 failed");
    std::string out(4 * ((mac_len + 2) / 3), '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), mac, static_cast<int>(mac_len));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

std::vector<core::IceServer> TurnRestIceServers::ice_servers(core::UserId user) {
    std::vector<core::IceServer> list;
    if (!config_.stun_urls.empty()) list.push_back({config_.stun_urls, {}, {}});
    if (!config_.turn_urls.empty()) {
        const auto expiry = core::to_unix_ms(clock_.now()) / 1000 + config_.turn_ttl.count();
        const std::string username = std::to_string(expiry) + ":" + std::to_string(user);
        list.push_back({config_.turn_urls, username, turn_rest_credential(config_.turn_secret, username)});
    }
    return list;
}

}  // namespace server
