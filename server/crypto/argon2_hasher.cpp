#include "crypto/argon2_hasher.h"

#include <stdexcept>
#include <string>

#include <sodium.h>

#include "core/crypto/pbkdf2_hasher.h"

namespace server {

namespace {

// Holds one of the hasher's slots for the duration of a hash or verification.
class SlotGuard {
public:
    explicit SlotGuard(std::counting_semaphore<>& s) : s_(s) { s_.acquire(); }
    ~SlotGuard() { s_.release(); }
    SlotGuard(const SlotGuard&) = delete;
    SlotGuard& operator=(const SlotGuard&) = delete;

private:
    std::counting_semaphore<>& s_;
};

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

}  // namespace

Argon2idHasher::Argon2idHasher(unsigned max_concurrent, Argon2Params params)
    : params_(params), slots_(static_cast<std::ptrdiff_t>(max_concurrent ? max_concurrent : 1)) {
    if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialize");
}

std::string Argon2idHasher::hash(std::string_view password) {
    char out[crypto_pwhash_STRBYTES];
    SlotGuard slot(slots_);
    if (crypto_pwhash_str_alg(out, password.data(), password.size(), params_.opslimit, params_.memlimit,
                              crypto_pwhash_ALG_ARGON2ID13) != 0)
        throw std::runtime_error("Argon2id hashing failed (out of memory?)");
    return out;
}

bool Argon2idHasher::verify(std::string_view stored_hash, std::string_view password) {
    if (starts_with(stored_hash, "$pbkdf2-sha256$")) return core::Pbkdf2Hasher().verify(stored_hash, password);
    if (!starts_with(stored_hash, "$argon2id$") || stored_hash.size() >= crypto_pwhash_STRBYTES) return false;
    const std::string nul_terminated(stored_hash);  // libsodium reads a C string
    SlotGuard slot(slots_);
    return crypto_pwhash_str_verify(nul_terminated.c_str(), password.data(), password.size()) == 0;
}

}  // namespace server
