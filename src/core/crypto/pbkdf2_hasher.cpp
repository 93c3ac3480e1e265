#include "core/crypto/pbkdf2_hasher.h"

#include <charconv>
#include <string>

#include "core/crypto/random.h"
#include "core/crypto/sha256.h"

namespace core {
namespace {
constexpr std::string_view kPrefix = "$pbkdf2-sha256$i=";

}  // namespace

std::string Pbkdf2Hasher::hash(std::string_view password) {
    std::uint8_t salt[16];
    secure_random_bytes(salt, sizeof salt);
    const std::string salt_text = base64url_encode(salt, sizeof salt);
    const auto derived = pbkdf2_sha256(password, salt_text, iterations_, 32);
    return std::string(kPrefix) + std::to_string(iterations_) + "$" + salt_text + "$" +
           base64url_encode(derived.data(), derived.size());
}

bool Pbkdf2Hasher::verify(std::string_view stored, std::string_view password) {
    if (stored.substr(0, kPrefix.size()) != kPrefix) return false;
    std::string_view rest = stored.substr(kPrefix.size());
    const size_t d1 = rest.find('$');
    if (d1 == std::string_view::npos) return false;
    std::uint32_t iterations = 0;
    const auto [p, ec] = std::from_chars(rest.data(), rest.data() + d1, iterations);
    if (ec != std::errc{} || p != rest.data() + d1 || iterations == 0 || iterations > 10'000'000) return false;
    rest = rest.substr(d1 + 1);
    const size_t d2 = rest.find('$');
    if (d2 == std::string_view::npos) return false;
    const std::string_view salt_text = rest.substr(0, d2);
    const std::string_view expected = rest.substr(d2 + 1);
    const auto derived = pbkdf2_sha256(password, salt_text, iterations, 32);
    return constant_time_equal(base64url_encode(derived.data(), derived.size()), expected);
}

}  // namespace core
