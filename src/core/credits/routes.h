// Registers the credits requests (list_packages, buy_credits, get_wallet).
#pragma once
#include "core/api/routes.h"
#include "core/credits/service.h"

namespace core {

void add_credits_routes(Routes& routes, CreditsService& credits);

}  // namespace core
