// MemoryStore's credits: the append-only ledger and card purchases (rules: core/credits/repository.h).
#include <algorithm>
#include <stdexcept>

#include "core/store/memory/repositories.h"

namespace core {

// --- ledger
std::int64_t MemoryCredits::post_ledger(const std::vector<LedgerEntry>& entries) {
    if (entries.empty()) throw std::logic_error("an empty ledger posting");
    std::int64_t sum = 0;
    for (const auto& e : entries) sum += e.amount;
    if (sum != 0) throw std::logic_error("unbalanced ledger posting");
    std::int64_t posting = 0;
    for (LedgerEntry e : entries) {
        e.id = d_.take_id();
        if (posting == 0) posting = e.id;  // a posting is named by its first entry, as in SQLite
        e.posting_id = posting;
        d_.ledger.push_back(std::move(e));
    }
    return posting;
}

std::int64_t MemoryCredits::account_balance(std::string_view account) {
    std::int64_t sum = 0;
    for (const auto& e : d_.ledger)
        if (e.account == account) sum += e.amount;
    return sum;
}

std::int64_t MemoryCredits::escrow_held_for(UserId patient) {
    std::int64_t sum = 0;
    for (const auto& [id, a] : d_.appointments)
        if (a.patient_id == patient) sum += account_balance(escrow_account(id));
    return sum;
}

std::vector<LedgerEntry> MemoryCredits::ledger_entries(const std::vector<std::string>& accounts, int limit) {
    std::vector<LedgerEntry> out;
    for (auto it = d_.ledger.rbegin(); it != d_.ledger.rend() && static_cast<int>(out.size()) < limit; ++it)
        if (std::find(accounts.begin(), accounts.end(), it->account) != accounts.end()) out.push_back(*it);
    return out;
}

std::int64_t MemoryCredits::ledger_total() {
    std::int64_t sum = 0;
    for (const auto& e : d_.ledger) sum += e.amount;
    return sum;
}

// --- purchases
std::optional<Purchase> MemoryCredits::find_purchase(UserId user, std::string_view idempotency_key) {
    for (const auto& [id, p] : d_.purchases)
        if (p.user_id == user && p.idempotency_key == idempotency_key) return p;
    return std::nullopt;
}

PurchaseId MemoryCredits::insert_purchase(const Purchase& purchase) {
    if (find_purchase(purchase.user_id, purchase.idempotency_key))
        throw UniqueViolation("purchases.idempotency_key");
    Purchase copy = purchase;
    copy.id = d_.take_id();
    d_.purchases.emplace(copy.id, copy);
    return copy.id;
}

void MemoryCredits::update_purchase(const Purchase& purchase) {
    Purchase* stored = row(d_.purchases, purchase.id);
    if (!stored) return;
    if (auto same_key = find_purchase(purchase.user_id, purchase.idempotency_key);
        same_key && same_key->id != purchase.id)
        throw UniqueViolation("purchases.idempotency_key");
    *stored = purchase;
}

}  // namespace core
