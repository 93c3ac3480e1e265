// The credits slice: the wallet (balances and the ledger's history), the packages on sale and the
// test-mode card form.
#pragma once
#include <string>
#include <vector>

#include "app/form.h"
#include "core/credits/messages.h"

namespace app {

struct PaymentForm : Form {
    int package = 0;
    std::string number, expiry, cvc, holder;
    std::string idempotency_key;  // one per purchase attempt; kept across a retry of the same attempt
};

struct CreditsState {
    core::msg::WalletInfo wallet;
    bool wallet_loaded = false;
    std::vector<core::msg::PackageInfo> packages;
    bool test_mode = true;
    PaymentForm payment;
};

}  // namespace app
