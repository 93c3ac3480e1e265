// The session flow and the shell: after each hello, resume the stored session or ask the person to
// sign in; sign in (also as a demo account), sign up, sign out; the session ending elsewhere
// (session.ended); the password; the administrator's accounts list and staff accounts; which screen
// and tab show; the page-level moves (demo, reload).
#pragma once
#include "app/module.h"

namespace app {

class AccountsModule final : public FeatureModule<AccountsAction> {
public:
    explicit AccountsModule(Context& ctx);

    void on_ready() override;
    void on_signed_out() override;

private:
    void apply(const AccountsAction& action) override;
    void on_session_ended(const core::msg::SessionEnded& e);
    void enter_home(const core::msg::UserInfo& user);
    void leave_session(Notice::Kind kind, std::string message);

    void submit_sign_in();
    void submit_sign_up();
    void sign_out();
    void submit_password_change();
    void submit_staff_account();
    void refresh_accounts();
    void demo_sign_in(int index);
    void select_tab(Tab tab);
};

}  // namespace app
