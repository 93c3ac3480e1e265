#include "core/crypto/random.h"

#include <stdexcept>
#include <string_view>

#include <unistd.h>
#if defined(__EMSCRIPTEN__)
#include <sys/random.h>
#endif

namespace core {

void secure_random_bytes(std::uint8_t* out, size_t n) {
    // getentropy() serves at most 256 bytes per call.
    while (n > 0) {
        const size_t chunk = n < 256 ? n : 256;
        if (getentropy(out, chunk) != 0) throw std::runtime_error("no secure randomness available");
        out += chunk;
        n -= chunk;
    }
}

std::string base64url_encode(const std::uint8_t* data, size_t n) {
    static constexpr char kAlphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    out.reserve((n * 4 + 2) / 3);
    for (size_t i = 0; i < n; i += 3) {
        const std::uint32_t chunk = std::uint32_t(data[i]) << 16 |
                                    (i + 1 < n ? std::uint32_t(data[i + 1]) << 8 : 0) |
                                    (i + 2 < n ? std::uint32_t(data[i + 2]) : 0);
        out.push_back(kAlphabet[(chunk >> 18) & 63]);
        out.push_back(kAlphabet[(chunk >> 12) & 63]);
        if (i + 1 < n) out.push_back(kAlphabet[(chunk >> 6) & 63]);
        if (i + 2 < n) out.push_back(kAlphabet[chunk & 63]);
    }
    return out;
}

std::string new_session_token() {
    std::uint8_t raw[32];
    secure_random_bytes(raw, sizeof raw);
    return base64url_encode(raw, sizeof raw);
}

bool constant_time_equal(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    unsigned char diff = 0;
    for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

}  // namespace core
