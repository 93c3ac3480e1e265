// Administrators: the doctors waiting for verification (and those already decided), and the decision
// on each: verify, reject or suspend, with a reason the doctor sees.
#pragma once
#include "app/module.h"

namespace app {

class VerificationModule final : public FeatureModule<VerificationAction> {
public:
    explicit VerificationModule(Context& ctx) : FeatureModule(ctx) {}

    void on_signed_in() override;
    void on_signed_out() override { state().verification = VerificationState{}; }
    void on_tab(Tab tab) override;

private:
    void apply(const VerificationAction& action) override;
    void load_queue();
    void decide(std::int64_t doctor, core::Verification decision);
};

}  // namespace app
