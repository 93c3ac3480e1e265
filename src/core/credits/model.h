// Credits: patients buy them with a card and spend them on visits; doctors earn them. Plain data of
// the double-entry ledger and the purchases, shared by store, services and messages.
//
// Every posting is a set of entries that sums to zero across accounts, so the sum of all entries is
// always 0 and every balance is derived, never stored:
//   wallet:<user>          a patient's spendable credits
//   escrow:<appointment>   credits held for an open appointment
//   earnings:<user>        a doctor's earned credits
//   external:payments      credits bought from outside (goes negative as credits come in)
#pragma once
#include <optional>
#include <string>

#include "core/enums.h"
#include "core/ids.h"
#include "core/time/clock.h"

namespace core {

#define CORE_LEDGER_KINDS(X) X(purchase) X(hold) X(release) X(refund) X(earning) X(grant)
CORE_ENUM(LedgerKind, CORE_LEDGER_KINDS)

// The kind of a ledger account: the part of its name before the colon.
#define CORE_LEDGER_ACCOUNT_KINDS(X) X(wallet) X(escrow) X(earnings) X(external)
CORE_ENUM(LedgerAccountKind, CORE_LEDGER_ACCOUNT_KINDS)

struct LedgerEntry {
    std::int64_t id = 0;
    std::int64_t posting_id = 0;  // entries of one posting share it
    std::string account;
    LedgerKind kind = LedgerKind::purchase;
    std::int64_t amount = 0;      // credits; positive = into the account
    std::optional<AppointmentId> appointment_id;
    std::optional<PurchaseId> purchase_id;
    std::string memo;
    Instant at{};
};

std::string wallet_account(UserId user);
std::string escrow_account(AppointmentId appointment);
std::string earnings_account(UserId doctor);
inline constexpr const char* kExternalPayments = "external:payments";
LedgerAccountKind account_kind(std::string_view account);

#define CORE_PURCHASE_STATUSES(X) X(pending) X(succeeded) X(declined)
CORE_ENUM(PurchaseStatus, CORE_PURCHASE_STATUSES)

struct Purchase {
    PurchaseId id = 0;
    UserId user_id = 0;
    std::string idempotency_key;
    std::string package_id;
    int credits = 0;
    int amount_cents = 0;
    std::string currency = "EUR";
    PurchaseStatus status = PurchaseStatus::pending;
    std::string charge_id;
    std::string card_brand;
    std::string card_last4;
    std::string decline_reason;
    Instant created_at{};
};

}  // namespace core
