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
#define CORE_SESSION_END_REASONS(X) X(signed_out) X(expired) X(password_changed) X(account_deleted)
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
    std::string country;        // ISO 3166-1 alpha-2 ("DE"), or empty when not given
    std::string language = "en";  // ISO 639-1, the language the person prefers for visits
    // Set when the person deleted their account: the row stays for the clinic's records (visits,
    // ledger, notes), with the personal data erased (AccountsRepository::erase_personal_data).
    std::optional<Instant> deleted_at;
};

// What a deleted account keeps in place of the person's name and e-mail (.invalid is reserved: RFC 2606).
inline constexpr std::string_view kDeletedAccountName = "Deleted account";
inline std::string deleted_account_email(UserId id) { return "deleted-" + std::to_string(id) + "@deleted.invalid"; }

// What a person may change about themselves (update_profile).
struct Profile {
    std::string display_name;
    std::string time_zone;
    std::string country;
    std::string language;
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
