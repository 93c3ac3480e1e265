// SHA-256 (FIPS 180-4) and HMAC/PBKDF2 built on it. Used to store session tokens hashed and, in the
// offline demo only, to hash passwords. Checked against the NIST and RFC 7914 test vectors.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace core {

using Sha256Digest = std::array<std::uint8_t, 32>;

Sha256Digest sha256(std::string_view data);
std::string sha256_hex(std::string_view data);
Sha256Digest hmac_sha256(std::string_view key, std::string_view data);
std::vector<std::uint8_t> pbkdf2_sha256(std::string_view password, std::string_view salt,
                                        std::uint32_t iterations, size_t length);
std::string to_hex(const std::uint8_t* data, size_t n);

}  // namespace core
