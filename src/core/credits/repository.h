// What the credits domain stores: the append-only double-entry ledger and card purchases.
// tests/unit/store/credits.test.cpp holds every store to the rules written here.
//
// Rules for every method: the store assigns ids, positive and increasing; an update of an unknown id
// changes nothing and does not throw.
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
    // it returns: the id of its first entry. Entries are never changed or deleted afterwards. An empty
    // or unbalanced posting is a programmer error: std::logic_error, nothing stored.
    virtual std::int64_t post_ledger(const std::vector<LedgerEntry>& entries) = 0;
    virtual std::int64_t account_balance(std::string_view account) = 0;  // 0 for an unknown account
    // Credits in escrow for the patient's visits: the sum of the balances of "escrow:<appointment>" over
    // every appointment whose patient this is (the clinic's appointments). Read on every booking and
    // wallet update, so a store answers it without walking the patient's history.
    virtual std::int64_t escrow_held_for(UserId patient) = 0;
    // Entries touching any of the accounts, newest first (by id), at most `limit` (none when limit <= 0).
    virtual std::vector<LedgerEntry> ledger_entries(const std::vector<std::string>& accounts, int limit) = 0;
    virtual std::int64_t ledger_total() = 0;  // the sum of every entry: 0 unless something is broken

    virtual std::optional<Purchase> find_purchase(UserId user, std::string_view idempotency_key) = 0;
    virtual PurchaseId insert_purchase(const Purchase& purchase) = 0;  // UniqueViolation on (user, key)
    // Replaces every field of the purchase with this id; UniqueViolation when its (user, key) is another's.
    virtual void update_purchase(const Purchase& purchase) = 0;
};

}  // namespace core
