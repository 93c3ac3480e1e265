// The session flow and the shell: after each hello, resume the stored session or ask the person to
// sign in; sign in (also as a demo account), sign up, sign out; the session ending elsewhere
// (session.ended); the profile, e-mail, password and theme; deleting the account and downloading one's data; the administrator's accounts list and staff accounts; which screen
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
    void fill_profile_form();
    void submit_profile();
    void submit_email_change();
    void submit_delete_account();
    void download_my_data();
    void choose_theme(ThemeChoice theme);
    template <typename F>
    Client::ErrorHandler shown_in(F AccountsState::*form);
    void refresh_accounts();
    void demo_sign_in(int index);
    void select_tab(Tab tab);
};

}  // namespace app
