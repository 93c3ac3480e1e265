// People and sessions written straight through the server's store, for load tests and benchmarks that
// need hundreds or thousands of signed-in people: nobody signs in (no Argon2id per person), each
// connection resumes the session its token names.
#pragma once
#include <string>

#include "core/crypto/sha256.h"
#include "core/store/store.h"

namespace seeding {

inline core::UserId add_user(core::Transaction& tx, const std::string& email, const std::string& display_name,
                             core::Role role, core::Instant now) {
    core::NewUser u;
    u.email = email;
    u.display_name = display_name;
    u.role = role;
    u.password_hash = "not-used";  // sessions below; nobody signs in
    u.created_at = now;
    return tx.accounts().insert_user(u);
}

// A session of `user`; returns its token (derived from `token_seed`, so a rerun gives the same one).
inline std::string add_session(core::Transaction& tx, core::UserId user, const std::string& token_seed, core::Instant now) {
    const std::string token = core::sha256_hex(token_seed).substr(0, 43);
    core::Session s;
    s.user_id = user;
    s.token_hash = core::sha256_hex(token);
    s.created_at = s.last_seen_at = now;
    tx.accounts().insert_session(s);
    return token;
}

}  // namespace seeding
