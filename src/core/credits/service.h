// Credits: packages, buying them with a card (PaymentProvider, with an idempotency key per attempt),
// and the wallet a person sees. Moving credits for visits (hold, refund, earnings) is the clinic's,
// through ledger.h inside the clinic's own transactions.
#pragma once
#include <string>
#include <vector>

#include "core/credits/ledger.h"
#include "core/credits/model.h"
#include "core/credits/payments.h"
#include "core/effects.h"
#include "core/errors.h"
#include "core/store/store.h"
#include "core/time/clock.h"

namespace core {

class CreditsService {
public:
    CreditsService(Store& store, const Clock& clock, PaymentProvider& payments)
        : store_(store), clock_(clock), payments_(payments) {}

    // Charges the card once per idempotency key: a retry with the same key returns the first outcome
    // and never charges again. The buyer gets wallet.updated through `out`.
    Result<Purchase> buy_credits(UserId buyer, const std::string& package_id, const CardDetails& card,
                                 const std::string& idempotency_key, Effects& out);
    Result<Wallet> wallet(UserId viewer);
    // Seeding only: credits given for free (demo accounts), from the external account.
    void grant_credits(UserId user, int credits, const std::string& memo);

    bool test_mode() const { return payments_.test_mode(); }

private:
    Store& store_;
    const Clock& clock_;
    PaymentProvider& payments_;
};

}  // namespace core
