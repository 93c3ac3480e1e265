// The credits messages (docs/PROTOCOL.md, "Clinic": wallet, list_packages, buy_credits, get_wallet,
// wallet.updated).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/credits/model.h"
#include "core/protocol/protocol.h"

namespace core::msg {

struct PackageInfo {
    std::string id;
    int credits = 0;
    int price_cents = 0;
    std::string currency;
    std::string name;
    template <typename F>
    void fields(F& f) {
        f("id", id);
        f("credits", credits);
        f("price_cents", price_cents);
        f("currency", currency);
        f("name", name);
    }
};

struct PackageList {
    std::vector<PackageInfo> packages;
    bool test_mode = true;  // the card processor is a test one: nothing is charged
    template <typename F>
    void fields(F& f) {
        f("packages", packages);
        f("test_mode", test_mode);
    }
};

struct ListPackages : protocol::Empty {
    static constexpr protocol::RequestType type = protocol::RequestType::list_packages;
    using Reply = PackageList;
};

struct LedgerLine {
    std::int64_t id = 0;
    LedgerKind kind = LedgerKind::purchase;
    std::int64_t amount = 0;  // signed: into (+) or out of (-) the account
    std::string memo;
    Instant at{};
    LedgerAccountKind account = LedgerAccountKind::wallet;
    std::optional<AppointmentId> appointment_id;
    template <typename F>
    void fields(F& f) {
        f("id", id);
        f("kind", kind);
        f("amount", amount);
        f("memo", memo);
        f("at", at);
        f("account", account);
        f.optional("appointment_id", appointment_id);
    }
};

struct WalletInfo {
    std::int64_t available = 0;  // spendable
    std::int64_t held = 0;       // in escrow for open appointments
    std::int64_t earnings = 0;   // doctors
    std::vector<LedgerLine> entries;  // newest first
    template <typename F>
    void fields(F& f) {
        f("available", available);
        f("held", held);
        f("earnings", earnings);
        f("entries", entries);
    }
};

struct WalletReply {
    WalletInfo wallet;
    template <typename F>
    void fields(F& f) {
        f("wallet", wallet);
    }
};

struct GetWallet : protocol::Empty {
    static constexpr protocol::RequestType type = protocol::RequestType::get_wallet;
    using Reply = WalletReply;
};

struct Card {
    std::string number;
    int exp_month = 0;
    int exp_year = 0;  // four digits
    std::string cvc;
    std::string holder;
    template <typename F>
    void fields(F& f) {
        f("number", number);
        f("exp_month", exp_month);
        f("exp_year", exp_year);
        f("cvc", cvc);
        f.optional("holder", holder);
    }
};

struct PurchaseInfo {
    PurchaseId id = 0;
    std::string package_id;
    int credits = 0;
    int amount_cents = 0;
    std::string currency;
    PurchaseStatus status = PurchaseStatus::pending;
    std::string card_brand, card_last4;
    Instant created_at{};

    static PurchaseInfo of(const Purchase& p) {
        return {p.id, p.package_id, p.credits, p.amount_cents, p.currency, p.status, p.card_brand, p.card_last4, p.created_at};
    }
    template <typename F>
    void fields(F& f) {
        f("id", id);
        f("package_id", package_id);
        f("credits", credits);
        f("amount_cents", amount_cents);
        f("currency", currency);
        f("status", status);
        f("card_brand", card_brand);
        f("card_last4", card_last4);
        f("created_at", created_at);
    }
};

struct Purchased {
    PurchaseInfo purchase;
    WalletInfo wallet;
    template <typename F>
    void fields(F& f) {
        f("purchase", purchase);
        f("wallet", wallet);
    }
};

struct BuyCredits {
    static constexpr protocol::RequestType type = protocol::RequestType::buy_credits;
    using Reply = Purchased;
    std::string package_id;
    std::string idempotency_key;  // 8..100 characters, one per purchase attempt
    Card card;
    template <typename F>
    void fields(F& f) {
        f("package_id", package_id);
        f("idempotency_key", idempotency_key);
        f("card", card);
    }
};

// To the people whose balances changed.
struct WalletUpdated {
    static constexpr std::string_view name = "wallet.updated";
    std::int64_t available = 0, held = 0, earnings = 0;
    template <typename F>
    void fields(F& f) {
        f("available", available);
        f("held", held);
        f("earnings", earnings);
    }
};

}  // namespace core::msg
