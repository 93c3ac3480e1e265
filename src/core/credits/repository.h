// What the credits domain stores: the append-only double-entry ledger and card purchases.
// tests/unit/store/credits.test.cpp holds every store to the rules written here.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/credits/model.h"

namespace core {

class CreditsRepository {
public:
    virtual ~CreditsRepository() = default;

    // Stores one posting (entries summing to zero); assigns the entries' ids and the posting id, which
    // it returns. Entries are never changed or deleted afterwards.
    virtual std::int64_t post_ledger(const std::vector<LedgerEntry>& entries) = 0;
    virtual std::int64_t account_balance(std::string_view account) = 0;  // 0 for an unknown account
    // Entries touching any of the accounts, newest first, at most `limit`.
    virtual std::vector<LedgerEntry> ledger_entries(const std::vector<std::string>& accounts, int limit) = 0;
    virtual std::int64_t ledger_total() = 0;  // the sum of every entry: 0 unless something is broken

    virtual std::optional<Purchase> find_purchase(UserId user, std::string_view idempotency_key) = 0;
    virtual PurchaseId insert_purchase(const Purchase& purchase) = 0;  // UniqueViolation on (user, key)
    virtual void update_purchase(const Purchase& purchase) = 0;
};

}  // namespace core
