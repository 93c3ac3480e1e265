// Doctors: their own profile (specialty, bio, languages, licence, price) and their hours (weekly
// ranges, exceptions, visit length, break, notice, horizon, auto-confirm), and where their
// verification stands (doctor.updated).
#pragma once
#include "app/module.h"

namespace app {

class PracticeModule final : public FeatureModule<PracticeAction> {
public:
    explicit PracticeModule(Context& ctx);

    void on_signed_in() override;
    void on_signed_out() override { state().practice = PracticeState{}; }
    void on_tab(Tab tab) override;

private:
    void apply(const PracticeAction& action) override;
    void load();
    void show_profile(const core::msg::ProfileInfo& p);
    void show_availability(const core::Availability& a);
    void show_verification(const core::msg::ProfileInfo& p);
    void save_profile();
    void save_availability();
    Client::ErrorHandler show_in(Form& form);
};

}  // namespace app
