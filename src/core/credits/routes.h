// Registers the credits requests (list_packages, buy_credits, get_wallet).
#pragma once
#include "core/api/routes.h"
#include "core/credits/messages.h"
#include "core/credits/service.h"

namespace core {

void add_credits_routes(Routes& routes, CreditsService& credits);

// The wire form of a wallet (balances and its ledger lines).
msg::WalletInfo wallet_info(const Wallet& w);

}  // namespace core
