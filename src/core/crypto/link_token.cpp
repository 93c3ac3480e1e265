#include "core/crypto/link_token.h"

#include "core/crypto/base64.h"
#include "core/crypto/random.h"
#include "core/crypto/sha256.h"

namespace core {

std::string random_link_key() {
    std::uint8_t raw[32];
    secure_random_bytes(raw, sizeof raw);
    return std::string(reinterpret_cast<const char*>(raw), sizeof raw);
}

std::string sign_link(std::string_view key, std::string_view payload) {
    const Sha256Digest mac = hmac_sha256(key, payload);
    return base64url_encode(mac.data(), mac.size());
}

std::vector<std::string_view> split_dots(std::string_view s) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= s.size(); ++i)
        if (i == s.size() || s[i] == '.') {
            out.push_back(s.substr(start, i - start));
            start = i + 1;
        }
    return out;
}

}  // namespace core
