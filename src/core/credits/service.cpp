#include "core/credits/service.h"

namespace core {

Result<Purchase> CreditsService::buy_credits(UserId buyer, const std::string& package_id, const CardDetails& card,
                                             const std::string& key, Effects& out) {
    const CreditPackage* package = find_package(package_id);
    if (!package) return Error::of(ErrorCode::invalid_field, "Choose one of the credit packages.", "package_id");
    if (key.size() < 8 || key.size() > 100)
        return Error::of(ErrorCode::invalid_field, "The purchase needs an idempotency key of 8 to 100 characters.", "idempotency_key");
    const Instant now = clock_.now();

    // A purchase is three steps on purpose, so a card is never charged twice and never charged
    // without a record: (1) the intent is stored once per key; (2) the card is charged with no
    // transaction open (a processor may take seconds); (3) the outcome and the credits are stored
    // together. A retry with the same key finds (1) and never charges again.
    struct Intent {
        std::optional<Result<Purchase>> settled;  // refused, or decided by an earlier attempt
        Purchase purchase;
    };
    Intent intent = store_.transact([&](Transaction& tx) {
                              Intent i;
                              auto user = tx.accounts().find_user(buyer);
                              if (!user || user->role != Role::patient)
                                  return i.settled = Error::of(ErrorCode::forbidden, "Only patients buy credits."), i;
                              if (auto existing = tx.credits().find_purchase(buyer, key)) {
                                  if (existing->package_id != package_id)
                                      return i.settled = Error::of(ErrorCode::invalid_field,
                                                                   "This purchase key was used for another package.",
                                                                   "idempotency_key"),
                                             i;
                                  if (existing->status != PurchaseStatus::pending) i.settled = *existing;
                                  i.purchase = *existing;
                                  return i;
                              }
                              i.purchase.user_id = buyer;
                              i.purchase.idempotency_key = key;
                              i.purchase.package_id = package->id;
                              i.purchase.credits = package->credits;
                              i.purchase.amount_cents = package->price_cents;
                              i.purchase.currency = package->currency;
                              i.purchase.created_at = now;
                              i.purchase.id = tx.credits().insert_purchase(i.purchase);
                              return i;
                          })
                        .value;
    if (intent.settled) {
        if (intent.settled->ok() && intent.settled->value().status == PurchaseStatus::declined)
            return Error::of(ErrorCode::payment_declined, intent.settled->value().decline_reason, "card");
        return std::move(*intent.settled);
    }

    const ChargeResult charge = payments_.charge({card, package->price_cents, package->currency,
                                                  "purchase-" + std::to_string(intent.purchase.id), package->name});

    Purchase purchase = intent.purchase;
    purchase.status = charge.succeeded ? PurchaseStatus::succeeded : PurchaseStatus::declined;
    purchase.charge_id = charge.charge_id;
    purchase.card_brand = charge.brand;
    purchase.card_last4 = charge.last4;
    purchase.decline_reason = charge.decline_reason;
    // Only an attempt that still finds the purchase pending settles it: a retry with the same key
    // that ran while this one was charging (a resend after a dropped connection, a second tab) got the
    // same charge from the processor and may have settled it first; posting again would credit the
    // wallet twice for one payment.
    const std::optional<Purchase> settled_meanwhile = store_.transact(
        [&](Transaction& tx) -> std::optional<Purchase> {
            if (auto current = tx.credits().find_purchase(buyer, key); current && current->status != PurchaseStatus::pending)
                return current;
            tx.credits().update_purchase(purchase);
            if (!charge.succeeded) return std::nullopt;
            LedgerEntry from{0, 0, kExternalPayments, LedgerKind::purchase, -package->credits, std::nullopt, purchase.id, package->name, now};
            LedgerEntry to{0, 0, wallet_account(buyer), LedgerKind::purchase, package->credits, std::nullopt, purchase.id, package->name, now};
            tx.credits().post_ledger({from, to});
            announce_wallets(tx, {buyer});
            return std::nullopt;
        },
        out);
    if (settled_meanwhile) {
        if (settled_meanwhile->status == PurchaseStatus::declined)
            return Error::of(ErrorCode::payment_declined, settled_meanwhile->decline_reason, "card");
        return *settled_meanwhile;
    }
    if (!charge.succeeded) return Error::of(ErrorCode::payment_declined, charge.decline_reason, "card");
    return purchase;
}

Result<Wallet> CreditsService::wallet(UserId viewer) {
    return store_.transact([&](Transaction& tx) -> Result<Wallet> {
                     if (!tx.accounts().find_user(viewer)) return Error::of(ErrorCode::not_found);
                     return wallet_of(tx, viewer);
                 })
        .value;
}

void CreditsService::grant_credits(UserId user, int credits, const std::string& memo) {
    store_.transact([&](Transaction& tx) {
        transfer(tx, kExternalPayments, wallet_account(user), LedgerKind::grant, credits, std::nullopt, memo, clock_.now());
    });
}

}  // namespace core
