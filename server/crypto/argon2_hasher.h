// Argon2id password hashes through libsodium, at OWASP's minimum for Argon2id: 19 MiB of memory,
// 2 passes, 1 lane (libsodium's argon2id always uses one lane). One hash takes ~50 ms and 19 MiB, so
// a counting semaphore caps how many run at once: a burst of sign-ins queues instead of exhausting
// memory. Stored as PHC strings ("$argon2id$v=19$m=19456,t=2,p=1$...").
#pragma once
#include <cstddef>
#include <semaphore>

#include "core/crypto/password_hasher.h"

namespace server {

struct Argon2Params {
    unsigned long long opslimit = 2;       // t: passes over memory
    std::size_t memlimit = 19 * 1024 * 1024;  // m: bytes
};

class Argon2idHasher final : public core::PasswordHasher {
public:
    explicit Argon2idHasher(unsigned max_concurrent, Argon2Params params = {});

    std::string hash(std::string_view password) override;
    // Accepts "$argon2id$" hashes, and "$pbkdf2-sha256$" ones (the offline demo's format) through
    // core::Pbkdf2Hasher; anything else is false.
    bool verify(std::string_view stored_hash, std::string_view password) override;

private:
    Argon2Params params_;
    std::counting_semaphore<> slots_;
};

}  // namespace server
