// Password hashing behind one interface: the server uses Argon2id (libsodium, server/crypto/), the
// offline demo PBKDF2-SHA256 from core (libsodium is not available to the WASM build).
// Hashes are self-describing PHC strings, so verify() picks the right algorithm.
#pragma once
#include <string>
#include <string_view>

namespace core {

class PasswordHasher {
public:
    virtual ~PasswordHasher() = default;
    virtual std::string hash(std::string_view password) = 0;
    virtual bool verify(std::string_view stored_hash, std::string_view password) = 0;
};

}  // namespace core
