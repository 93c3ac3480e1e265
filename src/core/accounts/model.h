// Accounts: who a person is to the platform. Plain data, shared by the store, services and protocol.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/enums.h"
#include "core/ids.h"
#include "core/time/clock.h"

namespace core {

#define CORE_ROLES(X) X(patient) X(doctor) X(admin) X(support)
CORE_ENUM(Role, CORE_ROLES)
// A doctor starts pending until an admin verifies the licence; everybody else is active at once.
#define CORE_ACCOUNT_STATUSES(X) X(active) X(pending_verification) X(suspended)
CORE_ENUM(AccountStatus, CORE_ACCOUNT_STATUSES)

// Why a session ended (the session.ended event says it).
#define CORE_SESSION_END_REASONS(X) X(signed_out) X(expired) X(password_changed)
CORE_ENUM(SessionEndReason, CORE_SESSION_END_REASONS)

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
