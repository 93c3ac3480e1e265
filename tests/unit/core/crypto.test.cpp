#include <catch2/catch.hpp>

#include "core/crypto/pbkdf2_hasher.h"
#include "core/crypto/random.h"
#include "core/crypto/sha256.h"

using namespace core;

TEST_CASE("[core] sha256 matches the FIPS 180-4 vectors", "[core][crypto]") {
    CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    CHECK(sha256_hex(std::string(1000000, 'a')) ==
          "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("[core] hmac and pbkdf2 match RFC 4231 / RFC 7914", "[core][crypto]") {
    const auto mac = hmac_sha256("key", "The quick brown fox jumps over the lazy dog");
    CHECK(to_hex(mac.data(), mac.size()) == "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
    const auto dk = pbkdf2_sha256("passwd", "salt", 1, 64);
    CHECK(to_hex(dk.data(), dk.size()) ==
          "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
          "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783");
}

TEST_CASE("[core] tokens are 256-bit, url-safe and distinct", "[core][crypto]") {
    const std::string a = new_session_token(), b = new_session_token();
    CHECK(a.size() == 43);
    CHECK(a != b);
    CHECK(a.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") == std::string::npos);
    CHECK(constant_time_equal("abc", "abc"));
    CHECK_FALSE(constant_time_equal("abc", "abd"));
    CHECK_FALSE(constant_time_equal("abc", "abcd"));
}

TEST_CASE("[core] pbkdf2 hasher verifies its own hashes only", "[core][crypto]") {
    Pbkdf2Hasher hasher(1000);
    const std::string h = hasher.hash("correct horse battery");
    CHECK(h.rfind("$pbkdf2-sha256$i=1000$", 0) == 0);
    CHECK(hasher.verify(h, "correct horse battery"));
    CHECK_FALSE(hasher.verify(h, "correct horse batterY"));
    CHECK_FALSE(hasher.verify("$argon2id$v=19$m=19456,t=2,p=1$abc$def", "x"));
    CHECK_FALSE(hasher.verify("$pbkdf2-sha256$i=zz$a$b", "x"));
    CHECK(hasher.hash("same") != hasher.hash("same"));  // salted
}
