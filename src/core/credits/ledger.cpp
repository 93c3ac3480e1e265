#include "core/credits/ledger.h"

#include <algorithm>

#include "core/clinic/model.h"
#include "core/credits/messages.h"

namespace core {

void transfer(Transaction& tx, const std::string& from, const std::string& to, LedgerKind kind, std::int64_t credits,
              std::optional<AppointmentId> appointment, const std::string& memo, Instant at) {
    if (credits <= 0) return;
    LedgerEntry out{0, 0, from, kind, -credits, appointment, std::nullopt, memo, at};
    LedgerEntry in{0, 0, to, kind, credits, appointment, std::nullopt, memo, at};
    tx.credits().post_ledger({out, in});
}

Wallet wallet_of(Transaction& tx, UserId user, bool with_entries) {
    Wallet w;
    w.available = tx.credits().account_balance(wallet_account(user));
    w.earnings = tx.credits().account_balance(earnings_account(user));
    // Only slot-holding visits have credits in escrow: every other status has paid it out.
    auto me = tx.accounts().find_user(user);
    if (me && me->role == Role::patient) w.held = tx.credits().escrow_held_for(user);
    if (with_entries) w.entries = tx.credits().ledger_entries({wallet_account(user), earnings_account(user)}, 200);
    return w;
}

void announce_wallets(Transaction& tx, std::vector<UserId> users) {
    std::sort(users.begin(), users.end());
    users.erase(std::unique(users.begin(), users.end()), users.end());
    for (UserId u : users) {
        const Wallet w = wallet_of(tx, u, /*with_entries=*/false);
        tx.effects().to_user(u, msg::WalletUpdated{w.available, w.held, w.earnings});
    }
}

}  // namespace core
