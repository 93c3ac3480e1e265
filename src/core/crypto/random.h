// Cryptographically secure random bytes: getentropy() is the kernel's CSPRNG natively and
// crypto.getRandomValues() under Emscripten, so one function serves server and browser.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

namespace core {

void secure_random_bytes(std::uint8_t* out, size_t n);
std::string base64url_encode(const std::uint8_t* data, size_t n);
// A fresh 256-bit bearer token, base64url without padding (43 characters).
std::string new_session_token();
// Constant-time comparison for secrets of equal length.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace core
