// The doctor's invite panel in a call: invitation links for a colleague, an interpreter or a family
// member (the link shown and copyable only in this tab: the server keeps a hash of the token), the
// list with who used which link, and withdrawing one.
#pragma once
#include "app/module.h"

namespace app {

class InvitesModule final : public FeatureModule<InvitesAction> {
public:
    explicit InvitesModule(Context& ctx) : FeatureModule(ctx) {}

    void tick(double) override { follow_call(); }

private:
    void apply(const InvitesAction& action) override;
    void follow_call();
    void create(std::optional<core::CallRole> role);
    void copy_link(std::int64_t invite_id);
    void revoke(std::int64_t invite_id);
    void load();
    Client::ErrorHandler show_in_panel();
};

}  // namespace app
