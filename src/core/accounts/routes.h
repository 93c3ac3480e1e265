// Registers the accounts requests (sign up, sign in, resume, sign out, me, change password, staff
// accounts) in the request table.
#pragma once
#include "core/accounts/service.h"
#include "core/api/routes.h"

namespace core {

void add_account_routes(Routes& routes, AccountService& accounts);

}  // namespace core
