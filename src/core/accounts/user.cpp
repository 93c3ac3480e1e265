#include "core/accounts/user.h"

namespace core {

std::string_view to_string(Role r) {
    switch (r) {
        case Role::patient: return "patient";
        case Role::doctor: return "doctor";
        case Role::admin: return "admin";
        case Role::support: return "support";
    }
    return "patient";
}

std::optional<Role> role_from_string(std::string_view s) {
    for (Role r : {Role::patient, Role::doctor, Role::admin, Role::support})
        if (to_string(r) == s) return r;
    return std::nullopt;
}

std::string_view to_string(AccountStatus s) {
    switch (s) {
        case AccountStatus::active: return "active";
        case AccountStatus::pending_verification: return "pending_verification";
        case AccountStatus::suspended: return "suspended";
    }
    return "active";
}

std::optional<AccountStatus> account_status_from_string(std::string_view s) {
    for (auto v : {AccountStatus::active, AccountStatus::pending_verification, AccountStatus::suspended})
        if (to_string(v) == s) return v;
    return std::nullopt;
}

}  // namespace core
