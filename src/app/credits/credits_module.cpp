#include "app/credits/credits_module.h"

#include <cstdio>

#include "core/crypto/base64.h"
#include "core/crypto/random.h"

namespace app {

namespace msg = core::msg;

namespace {

std::string new_purchase_key() {
    std::uint8_t raw[12];
    core::secure_random_bytes(raw, sizeof raw);
    return "buy-" + core::base64url_encode(raw, sizeof raw);
}

bool parse_expiry(const std::string& text, int& month, int& year) {
    char extra = 0;
    if (std::sscanf(text.c_str(), " %d / %d %c", &month, &year, &extra) != 2) return false;
    if (year < 100) year += 2000;
    return month >= 1 && month <= 12;
}

}  // namespace

CreditsModule::CreditsModule(Context& ctx) : FeatureModule(ctx) {
    ctx.events.on<msg::WalletUpdated>([this](const msg::WalletUpdated&) {
        if (state().user) load_wallet();  // the event has the balances; the history comes with the wallet
    });
}

void CreditsModule::apply(const CreditsAction& action) {
    std::visit(overloaded{
                   [this](const LoadWallet&) { load_wallet(); },
                   [this](const SubmitPurchase&) { submit_purchase(); },
               },
               action);
}

void CreditsModule::on_signed_in() {
    if (state().has_role(core::Role::patient) || state().has_role(core::Role::doctor)) load_wallet();
}

void CreditsModule::on_tab(Tab tab) {
    if (tab != Tab::credits && tab != Tab::earnings) return;
    load_packages();
    load_wallet();
}

void CreditsModule::load_wallet() {
    client().call(msg::GetWallet{}, [this](msg::WalletReply& r) {
        state().credits.wallet = std::move(r.wallet);
        state().credits.wallet_loaded = true;
    });
}

void CreditsModule::load_packages() {
    client().call(msg::ListPackages{}, [this](msg::PackageList& r) {
        state().credits.packages = std::move(r.packages);
        state().credits.test_mode = r.test_mode;
    });
}

void CreditsModule::submit_purchase() {
    CreditsState& c = state().credits;
    PaymentForm& f = c.payment;
    if (f.busy) return;
    f.clear_errors();
    if (f.package < 0 || f.package >= int(c.packages.size())) return void(f.error = "Choose a package.");
    int month = 0, year = 0;
    if (f.number.empty()) f.set_field_error("number", "Enter the card number.");
    if (!parse_expiry(f.expiry, month, year)) f.set_field_error("expiry", "Enter the expiry date like 12/30.");
    if (f.cvc.empty()) f.set_field_error("cvc", "Enter the 3 or 4 digit security code.");
    if (f.has_field_errors()) return;
    if (f.idempotency_key.empty()) f.idempotency_key = new_purchase_key();
    f.busy = true;
    const msg::BuyCredits request{c.packages[size_t(f.package)].id, f.idempotency_key, {f.number, month, year, f.cvc, f.holder}};
    client().call(
        request,
        [this](msg::Purchased& r) {
            state().credits.payment = PaymentForm{};
            ctx_.notify(Notice::Kind::success, std::to_string(r.purchase.credits) + " credits added. Thank you!");
            load_wallet();
        },
        [this](const core::Error& e) {
            PaymentForm& f = state().credits.payment;
            f.busy = false;
            // A network failure keeps the key, so trying again cannot charge twice; a real answer
            // (declined, invalid) ends this attempt.
            if (e.code != core::ErrorCode::offline) f.idempotency_key.clear();
            if (e.field == "card") f.error = e.message;
            else f.show(e);
            return true;
        });
}

}  // namespace app
