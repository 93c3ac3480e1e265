// PBKDF2-HMAC-SHA256 password hashes as PHC strings: "$pbkdf2-sha256$i=N$<salt b64>$<hash b64>".
// Only the offline demo uses it (the server uses Argon2id); demo data never leaves the tab.
#pragma once
#include <cstdint>

#include "core/crypto/password_hasher.h"

namespace core {

class Pbkdf2Hasher final : public PasswordHasher {
public:
    explicit Pbkdf2Hasher(std::uint32_t iterations = 20000) : iterations_(iterations) {}
    std::string hash(std::string_view password) override;
    bool verify(std::string_view stored_hash, std::string_view password) override;

private:
    std::uint32_t iterations_;
};

}  // namespace core
