// The guest side of an invitation link (/?invite=<token>): read what the invitation is for, take the
// person's name, enter as a guest (invite_join) and open the pre-call check of that one visit. After
// a dropped connection or a reload the same browser re-enters with the key the server gave it (kept
// in Environment::guest_keys, for this token only).
#pragma once
#include "app/module.h"

namespace app {

class GuestModule final : public FeatureModule<GuestAction> {
public:
    explicit GuestModule(Context& ctx) : FeatureModule(ctx) {}

    void on_ready() override;  // after each hello: the invitation, or back in with the key

private:
    void apply(const GuestAction& action) override;
    void submit_entry();
    void enter(bool rejoin);
    void entered(bool rejoin, const core::msg::GuestEntered& r);
    bool refused(const core::Error& e);
    void restore_key();
    void keep_key();
};

}  // namespace app
