// Ledger operations every domain that moves credits uses inside its own transaction: a balanced
// transfer between two accounts, a person's wallet, and the wallet.updated events.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/credits/model.h"
#include "core/store/store.h"

namespace core {

struct Wallet {
    std::int64_t available = 0;        // spendable
    std::int64_t held = 0;             // in escrow for open appointments
    std::int64_t earnings = 0;         // doctors
    std::vector<LedgerEntry> entries;  // newest first, at most 200
};

// Moves `credits` from one account to another as one balanced posting (nothing when credits <= 0).
void transfer(Transaction& tx, const std::string& from, const std::string& to, LedgerKind kind, std::int64_t credits,
              std::optional<AppointmentId> appointment, const std::string& memo, Instant at);

// The person's balances and latest entries. `held` sums the escrow of the patient's open visits.
Wallet wallet_of(Transaction& tx, UserId user, bool with_entries = true);

// wallet.updated to each of these people (each once), with their balances as this transaction
// leaves them.
void announce_wallets(Transaction& tx, std::vector<UserId> users);

}  // namespace core
