#include "core/credits/routes.h"

#include "core/credits/messages.h"

namespace core {

msg::WalletInfo wallet_info(const Wallet& w) {
    msg::WalletInfo out{w.available, w.held, w.earnings, {}};
    for (const LedgerEntry& e : w.entries)
        out.entries.push_back({e.id, e.kind, e.amount, e.memo, e.at, account_kind(e.account), e.appointment_id});
    return out;
}

void add_credits_routes(Routes& routes, CreditsService& credits) {
    routes.add<msg::ListPackages>(Who::signed_in, [&credits](RequestContext&, msg::ListPackages&) -> Result<msg::PackageList> {
        msg::PackageList out{{}, credits.test_mode()};
        for (const CreditPackage& p : credit_packages()) out.packages.push_back({p.id, p.credits, p.price_cents, p.currency, p.name});
        return out;
    });
    routes.add<msg::BuyCredits>(Who::signed_in, [&credits](RequestContext& c, msg::BuyCredits& in) -> Result<msg::Purchased> {
        const UserId me = c.auth().user.id;
        const CardDetails card{in.card.number, in.card.exp_month, in.card.exp_year, in.card.cvc, in.card.holder};
        auto p = credits.buy_credits(me, in.package_id, card, in.idempotency_key, c.effects());
        if (!p) return p.error();
        auto w = credits.wallet(me);
        return msg::Purchased{msg::PurchaseInfo::of(p.value()), w ? wallet_info(w.value()) : msg::WalletInfo{}};
    });
    routes.add<msg::GetWallet>(Who::signed_in, [&credits](RequestContext& c, msg::GetWallet&) -> Result<msg::WalletReply> {
        auto w = credits.wallet(c.auth().user.id);
        if (!w) return w.error();
        return msg::WalletReply{wallet_info(w.value())};
    }, Work::scan);
}

}  // namespace core
