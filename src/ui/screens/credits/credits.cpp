// Credits: the patient's balance, packages, the (test-mode) card form and the history; the doctor's
// earnings. Balances come from the ledger; this screen only shows them.
#include <algorithm>

#include "ui/screens/screens.h"
#include "ui/screens/view_helpers.h"
#include "ui/toolkit/widgets.h"

namespace ui::screens {
namespace {

const char* entry_label(core::LedgerKind kind) {
    switch (kind) {
        case core::LedgerKind::purchase: return "Bought";
        case core::LedgerKind::grant: return "Welcome credits";
        case core::LedgerKind::hold: return "Held for a visit";
        case core::LedgerKind::release: return "Returned (request not accepted)";
        case core::LedgerKind::refund: return "Refunded";
        case core::LedgerKind::earning: return "Earned";
    }
    return "Change";
}

void history(const app::AppState& state, const core::msg::WalletInfo& w) {
    heading("History", 2);
    if (w.entries.empty()) return muted("No movements yet.");
    for (const core::msg::LedgerLine& e : w.entries) {
        const std::string sign = e.amount > 0 ? "+" : "";
        text((when(state, e.at) + " · " + entry_label(e.kind) + " · " + sign + credits(e.amount)).c_str());
        if (!e.memo.empty()) muted(e.memo.c_str());
    }
}

}  // namespace

void draw_credits(app::AppState& state, Actions& out) {
    app::CreditsState& c = state.credits;
    app::PaymentForm& f = c.payment;
    heading("Credits");
    begin_card("balance");
    heading((credits(c.wallet.available) + " available").c_str(), 2);
    if (c.wallet.held > 0) muted((credits(c.wallet.held) + " held for upcoming visits").c_str());
    muted("One consultation usually costs 2 credits.");
    end_card();

    heading("Buy credits", 2);
    if (c.test_mode)
        text(ICON_INFO_CIRCLE " Test mode: no card is charged. Use 4242 4242 4242 4242 (any future date, any CVC); "
                   "4000 0000 0000 0002 shows a declined card.");
    std::vector<std::string> options;
    for (const core::msg::PackageInfo& p : c.packages) options.push_back(p.name + ": " + credits(p.credits) + " for " + money(p.price_cents, p.currency));
    if (options.empty()) return spinner("Loading packages…");
    chip_row("packages", f.package, options);
    spacing(8);
    bool submit = text_field("Card number", f.number,
                             {.placeholder = "1234 1234 1234 1234", .autocomplete = "cc-number", .error = f.field_error("number"), .max_chars = 23});
    submit |= text_field("Expiry (MM/YY)", f.expiry, {.placeholder = "12/30", .autocomplete = "cc-exp", .error = f.field_error("expiry"), .max_chars = 7});
    submit |= text_field("Security code (CVC)", f.cvc, {.placeholder = "123", .autocomplete = "cc-csc", .error = f.field_error("cvc"), .max_chars = 4});
    submit |= text_field("Name on card (optional)", f.holder, {.autocomplete = "cc-name", .max_chars = 100});
    if (!f.error.empty()) error_text(f.error.c_str());
    const core::msg::PackageInfo& p = c.packages[size_t(std::clamp(f.package, 0, int(c.packages.size()) - 1))];
    const std::string label = f.busy ? std::string("Paying…") : "Pay " + money(p.price_cents, p.currency);
    if (button(label.c_str(), ButtonKind::primary, true, !f.busy) || (submit && !f.busy)) out.push_back(app::SubmitPurchase{});
    spacing();
    history(state, c.wallet);
}

void draw_earnings(app::AppState& state, Actions&) {
    const app::CreditsState& c = state.credits;
    heading("Earnings");
    begin_card("earned");
    heading((credits(c.wallet.earnings) + " earned").c_str(), 2);
    muted("Credits move to you when a visit is completed, when a patient does not attend, or as the fee of a late cancellation.");
    end_card();
    history(state, c.wallet);
}

}  // namespace ui::screens
