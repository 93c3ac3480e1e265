#include "core/crypto/sha256.h"

#include <cstring>

namespace core {
namespace {

constexpr std::uint32_t kRound[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

constexpr std::uint32_t rotr(std::uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

class Sha256 {
public:
    void update(const std::uint8_t* data, size_t n) {
        for (size_t i = 0; i < n; ++i) {
            block_[block_len_++] = data[i];
            if (block_len_ == 64) {
                compress();
                block_len_ = 0;
            }
        }
        bit_len_ += std::uint64_t(n) * 8;
    }
    Sha256Digest finish() {
        const std::uint64_t total_bits = bit_len_;
        const std::uint8_t pad = 0x80;
        update(&pad, 1);
        const std::uint8_t zero = 0;
        while (block_len_ != 56) update(&zero, 1);
        std::uint8_t len[8];
        for (int i = 0; i < 8; ++i) len[i] = std::uint8_t(total_bits >> (56 - 8 * i));
        update(len, 8);
        Sha256Digest out{};
        for (int i = 0; i < 8; ++i)
            for (int j = 0; j < 4; ++j) out[i * 4 + j] = std::uint8_t(state_[i] >> (24 - 8 * j));
        return out;
    }

private:
    void compress() {
        std::uint32_t w[64];
        for (int i = 0; i < 16; ++i)
            w[i] = std::uint32_t(block_[i * 4]) << 24 | std::uint32_t(block_[i * 4 + 1]) << 16 |
                   std::uint32_t(block_[i * 4 + 2]) << 8 | std::uint32_t(block_[i * 4 + 3]);
        for (int i = 16; i < 64; ++i) {
            const std::uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
            const std::uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16] + s0 + w[i - 7] + s1;
        }
        std::uint32_t a = state_[0], b = state_[1], c = state_[2], d = state_[3];
        std::uint32_t e = state_[4], f = state_[5], g = state_[6], h = state_[7];
        for (int i = 0; i < 64; ++i) {
            const std::uint32_t t1 =
                h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + kRound[i] + w[i];
            const std::uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
            h = g, g = f, f = e, e = d + t1, d = c, c = b, b = a, a = t1 + t2;
        }
        state_[0] += a, state_[1] += b, state_[2] += c, state_[3] += d;
        state_[4] += e, state_[5] += f, state_[6] += g, state_[7] += h;
    }

    std::uint32_t state_[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                               0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    std::uint8_t block_[64] = {};
    size_t block_len_ = 0;
    std::uint64_t bit_len_ = 0;
};

const std::uint8_t* bytes(std::string_view s) { return reinterpret_cast<const std::uint8_t*>(s.data()); }

}  // namespace

Sha256Digest sha256(std::string_view data) {
    Sha256 h;
    h.update(bytes(data), data.size());
    return h.finish();
}

std::string to_hex(const std::uint8_t* data, size_t n) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out(n * 2, '0');
    for (size_t i = 0; i < n; ++i) {
        out[2 * i] = kDigits[data[i] >> 4];
        out[2 * i + 1] = kDigits[data[i] & 15];
    }
    return out;
}

std::string sha256_hex(std::string_view data) {
    const auto d = sha256(data);
    return to_hex(d.data(), d.size());
}

Sha256Digest hmac_sha256(std::string_view key, std::string_view data) {
    std::uint8_t k[64] = {};
    if (key.size() > 64) {
        const auto kd = sha256(key);
        std::memcpy(k, kd.data(), kd.size());
    } else {
        std::memcpy(k, key.data(), key.size());
    }
    std::uint8_t ipad[64], opad[64];
    for (int i = 0; i < 64; ++i) ipad[i] = k[i] ^ 0x36, opad[i] = k[i] ^ 0x5c;
    Sha256 inner;
    inner.update(ipad, 64);
    inner.update(bytes(data), data.size());
    const auto inner_digest = inner.finish();
    Sha256 outer;
    outer.update(opad, 64);
    outer.update(inner_digest.data(), inner_digest.size());
    return outer.finish();
}

std::vector<std::uint8_t> pbkdf2_sha256(std::string_view password, std::string_view salt,
                                        std::uint32_t iterations, size_t length) {
    std::vector<std::uint8_t> out;
    for (std::uint32_t block = 1; out.size() < length; ++block) {
        std::string msg(salt);
        for (int i = 3; i >= 0; --i) msg.push_back(char(block >> (8 * i)));
        auto u = hmac_sha256(password, msg);
        auto t = u;
        for (std::uint32_t i = 1; i < iterations; ++i) {
            u = hmac_sha256(password, std::string_view(reinterpret_cast<const char*>(u.data()), u.size()));
            for (size_t j = 0; j < t.size(); ++j) t[j] ^= u[j];
        }
        for (size_t j = 0; j < t.size() && out.size() < length; ++j) out.push_back(t[j]);
    }
    return out;
}

}  // namespace core
