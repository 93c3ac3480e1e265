// Credits: the wallet (patients' balance and held credits, doctors' earnings, the ledger's history),
// the packages, and buying one with the (test-mode) card form, one idempotency key per attempt.
#pragma once
#include "app/module.h"

namespace app {

class CreditsModule final : public FeatureModule<CreditsAction> {
public:
    explicit CreditsModule(Context& ctx);

    void on_signed_in() override;
    void on_signed_out() override { state().credits = CreditsState{}; }
    void on_tab(Tab tab) override;

private:
    void apply(const CreditsAction& action) override;
    void load_wallet();
    void load_packages();
    void submit_purchase();
};

}  // namespace app
