// Accounts: who a person is to the platform. Plain data, shared by the store, services and protocol.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/time/clock.h"

namespace core {

using UserId = std::int64_t;
using SessionId = std::int64_t;

enum class Role { patient, doctor, admin, support };
// A doctor starts pending until an admin verifies the licence; everybody else is active at once.
enum class AccountStatus { active, pending_verification, suspended };

std::string_view to_string(Role r);
std::optional<Role> role_from_string(std::string_view s);
std::string_view to_string(AccountStatus s);
std::optional<AccountStatus> account_status_from_string(std::string_view s);

struct User {
    UserId id = 0;
    std::string email;         // normalized: trimmed, lower-case
    std::string display_name;  // any script, 1..100 code points
    Role role = Role::patient;
    AccountStatus status = AccountStatus::active;
    std::string time_zone = "UTC";  // IANA name, e.g. "Europe/Berlin"
    std::string password_hash;      // PHC string ("$argon2id$..." or "$pbkdf2-sha256$...")
    Instant created_at{};
    Instant password_changed_at{};
};

struct NewUser {
    std::string email;
    std::string display_name;
    Role role = Role::patient;
    AccountStatus status = AccountStatus::active;
    std::string time_zone = "UTC";
    std::string password_hash;
    Instant created_at{};
};

// A signed-in browser tab (or several tabs sharing one token). The token itself is never stored:
// only its SHA-256, so a copy of the database cannot be used to sign in.
struct Session {
    SessionId id = 0;
    UserId user_id = 0;
    std::string token_hash;  // hex SHA-256 of the bearer token
    Instant created_at{};
    Instant last_seen_at{};
    std::optional<Instant> revoked_at;
};

}  // namespace core
