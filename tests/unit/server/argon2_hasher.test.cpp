#include <catch2/catch.hpp>

#include <atomic>
#include <thread>
#include <vector>

#include "core/crypto/pbkdf2_hasher.h"
#include "crypto/argon2_hasher.h"

TEST_CASE("[server] Argon2id hasher", "[server][crypto]") {
    server::Argon2idHasher hasher(2);
    const std::string hash = hasher.hash("correct horse battery staple");

    CHECK_THAT(hash, Catch::StartsWith("$argon2id$v=19$m=19456,t=2,p=1$"));  // OWASP's minimum
    CHECK(hasher.verify(hash, "correct horse battery staple"));
    CHECK_FALSE(hasher.verify(hash, "correct horse battery stapler"));
    CHECK(hasher.hash("correct horse battery staple") != hash);  // salted

    SECTION("unknown or broken formats are false, never a throw") {
        CHECK_FALSE(hasher.verify("", "x"));
        CHECK_FALSE(hasher.verify("plain text", "plain text"));
        CHECK_FALSE(hasher.verify("$argon2i$v=19$m=19456,t=2,p=1$AAAA$BBBB", "x"));
        CHECK_FALSE(hasher.verify("$argon2id$garbage", "x"));
        CHECK_FALSE(hasher.verify(std::string(1000, '$'), "x"));
    }
    SECTION("the offline demo's PBKDF2 hashes verify too") {
        core::Pbkdf2Hasher pbkdf2(1000);
        const std::string demo = pbkdf2.hash("demo password 1");
        CHECK(hasher.verify(demo, "demo password 1"));
        CHECK_FALSE(hasher.verify(demo, "demo password 2"));
    }
}

TEST_CASE("[server] Argon2id hasher caps concurrent hashes", "[server][crypto]") {
    // Cheap parameters: this checks the cap, not the cost.
    server::Argon2idHasher hasher(1, server::Argon2Params{1, 8 * 1024});
    std::vector<std::thread> threads;
    std::atomic<int> ok{0};
    for (int i = 0; i < 4; ++i)
        threads.emplace_back([&] {
            const auto h = hasher.hash("parallel password");
            if (hasher.verify(h, "parallel password")) ++ok;
        });
    for (auto& t : threads) t.join();
    CHECK(ok == 4);
}
