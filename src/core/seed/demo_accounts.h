// The demo accounts: seeded by the server on first start (and printed in its log and the README) and
// by the offline demo's in-memory store. One list, so both show the same people.
#pragma once
#include <string>
#include <vector>

#include "core/accounts/service.h"

namespace core {

struct DemoAccount {
    std::string email;
    std::string password;
    Role role;
    std::string display_name;
};

const std::vector<DemoAccount>& demo_accounts();
// Creates whichever demo accounts are missing (idempotent). Returns the list.
std::vector<DemoAccount> seed_demo_accounts(AccountService& accounts);

}  // namespace core
