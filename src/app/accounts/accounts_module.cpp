#include "app/accounts/accounts_module.h"

#include "core/accounts/validation.h"
#include "core/privacy/messages.h"
#include "core/protocol/codec.h"
#include "core/time/clock.h"
#include "core/seed/demo_accounts.h"

namespace app {

namespace msg = core::msg;

AccountsModule::AccountsModule(Context& ctx) : FeatureModule(ctx) {
    ctx.events.on<msg::SessionEnded>([this](const msg::SessionEnded& e) { on_session_ended(e); });
}

void AccountsModule::apply(const AccountsAction& action) {
    std::visit(overloaded{
                   [this](const SubmitSignIn&) { submit_sign_in(); },
                   [this](const SubmitSignUp&) { submit_sign_up(); },
                   [this](const ShowScreen& a) { state().screen = a.screen; },
                   [this](const SignOut&) { sign_out(); },
                   [this](const SubmitPasswordChange&) { submit_password_change(); },
                   [this](const SubmitStaffAccount&) { submit_staff_account(); },
                   [this](const SubmitProfile&) { submit_profile(); },
                   [this](const UseBrowserTimeZone&) { state().accounts.profile.time_zone = state().browser_time_zone; },
                   [this](const SubmitEmailChange&) { submit_email_change(); },
                   [this](const AskDeleteAccount&) {
                       state().accounts.deletion = {};
                       state().accounts.deletion.confirming = true;
                       if (state().has_role(core::Role::patient)) ctx_.dispatch(LoadWallet{});  // to say which credits are lost
                   },
                   [this](const CancelDeleteAccount&) { state().accounts.deletion = {}; },
                   [this](const SubmitDeleteAccount&) { submit_delete_account(); },
                   [this](const DownloadMyData&) { download_my_data(); },
                   [this](const ChooseTheme& a) { choose_theme(a.theme); },
                   [this](const SelectTab& a) { select_tab(a.tab); },
                   [this](const RefreshAccounts&) { refresh_accounts(); },
                   [this](const DemoSignIn& a) { demo_sign_in(a.index); },
                   [this](const OpenDemo&) { ctx_.env.navigate("/?demo"); },
                   [this](const LeaveDemo&) { ctx_.env.navigate("/"); },
                   [this](const ReloadPage&) { ctx_.env.navigate(""); },
                   [this](const OpenStartPage&) { ctx_.env.navigate("/"); },
               },
               action);
}

// After every accepted hello: resume the stored session, or ask the person to sign in. An invitation
// link needs no session (GuestModule).
void AccountsModule::on_ready() {
    AppState& s = state();
    if (s.guest.phase != GuestEntry::Phase::none) return;
    const auto token = ctx_.env.tokens.load();
    if (!token) {
        if (s.screen == Screen::starting || s.screen == Screen::home) s.screen = Screen::sign_in;
        s.user.reset();
        return;
    }
    client().call(
        msg::ResumeSession{*token}, [this](msg::UserReply& r) { enter_home(r.user); },
        [this](const core::Error& e) {
            if (e.code == core::ErrorCode::offline) return true;  // the next hello tries again
            AppState& s = state();
            const bool was_signed_in = s.user.has_value();
            ctx_.env.tokens.clear();
            s.user.reset();
            s.screen = Screen::sign_in;
            if (was_signed_in || e.code == core::ErrorCode::session_expired)
                ctx_.notify(Notice::Kind::info, "Your session has ended. Please sign in again.");
            return true;
        });
}

void AccountsModule::on_session_ended(const msg::SessionEnded& e) {
    if (!state().user) return;
    switch (e.reason) {
        case core::SessionEndReason::expired:
            return leave_session(Notice::Kind::info, "You were signed out after 30 minutes without activity.");
        case core::SessionEndReason::password_changed:
            return leave_session(Notice::Kind::info, "Your password was changed elsewhere. Please sign in again.");
        case core::SessionEndReason::signed_out: return leave_session(Notice::Kind::info, "You have been signed out.");
        case core::SessionEndReason::account_deleted:
            return leave_session(Notice::Kind::info, "This account was deleted. Its personal data has been erased.");
    }
}

void AccountsModule::enter_home(const msg::UserInfo& user) {
    AppState& s = state();
    const bool first = !s.user || s.user->id != user.id;
    s.user = user;
    fill_profile_form();
    s.screen = Screen::home;
    if (first) s.tab = Tab::overview;
    ctx_.signed_in();  // also after a reconnect: events may have been missed meanwhile
}

void AccountsModule::leave_session(Notice::Kind kind, std::string message) {
    ctx_.env.tokens.clear();
    ctx_.signed_out();
    state().screen = Screen::sign_in;
    ctx_.notify(kind, std::move(message));
}

void AccountsModule::on_signed_out() {
    AppState& s = state();
    s.user.reset();
    s.accounts.list.clear();
    s.accounts.password = {};
    s.accounts.profile = {};
    s.accounts.email = {};
    s.accounts.deletion = {};
}

// A refused request's message, shown in the form that sent it (found again when the reply comes).
template <typename F>
Client::ErrorHandler AccountsModule::shown_in(F AccountsState::*form) {
    return [this, form](const core::Error& e) {
        Form& f = state().accounts.*form;
        f.busy = false;
        f.show(e);
        return true;
    };
}

void AccountsModule::submit_sign_in() {
    SignInForm& f = state().accounts.sign_in;
    if (f.busy) return;
    f.clear_errors();
    if (core::trim(f.email).empty()) f.set_field_error("email", "Enter your e-mail address.");
    if (f.password.empty()) f.set_field_error("password", "Enter your password.");
    if (f.has_field_errors()) return;
    f.busy = true;
    client().call(
        msg::SignIn{f.email, f.password},
        [this](msg::SignedInReply& r) {
            SignInForm& form = state().accounts.sign_in;
            form.busy = false;
            ctx_.env.tokens.save(r.token);
            form.password.clear();
            enter_home(r.user);
        },
        shown_in(&AccountsState::sign_in));
}

void AccountsModule::submit_sign_up() {
    SignUpForm& f = state().accounts.sign_up;
    if (f.busy) return;
    f.clear_errors();
    // The same rules the server applies (core/accounts/validation), checked here for instant feedback.
    const std::string email = core::normalize_email(f.email);
    for (const auto& problem : {core::check_display_name(f.display_name), core::check_email(email),
                                core::check_password(f.password, email), core::check_time_zone(f.time_zone)})
        if (problem) f.show(*problem);
    if (f.has_field_errors()) return;
    f.busy = true;
    msg::SignUp request{f.email, f.password, f.display_name, f.role == 1 ? core::Role::doctor : core::Role::patient, f.time_zone};
    client().call(
        request,
        [this](msg::SignedInReply& r) {
            SignUpForm& form = state().accounts.sign_up;
            ctx_.env.tokens.save(r.token);
            form = SignUpForm{};
            form.time_zone = state().browser_time_zone;
            enter_home(r.user);
            ctx_.notify(Notice::Kind::success, "Welcome! Your account is ready.");
        },
        shown_in(&AccountsState::sign_up));
}

void AccountsModule::sign_out() {
    client().send(msg::SignOut{});
    // Signed out here at once, whatever the network does; the server revokes the token when it hears.
    leave_session(Notice::Kind::success, "You have signed out.");
}

void AccountsModule::submit_password_change() {
    AppState& s = state();
    PasswordForm& f = s.accounts.password;
    if (f.busy || !s.user) return;
    f.clear_errors();
    if (f.current.empty()) f.set_field_error("current_password", "Enter your current password.");
    if (auto e = core::check_password(f.next, s.user->email)) f.set_field_error("new_password", e->message);
    else if (f.confirm != f.next) f.set_field_error("confirm_password", "The two new passwords do not match.");
    if (f.has_field_errors()) return;
    f.busy = true;
    client().call(
        msg::ChangePassword{f.current, f.next},
        [this](msg::PasswordChanged& r) {
            state().accounts.password = PasswordForm{};
            ctx_.notify(Notice::Kind::success, r.other_sessions_ended > 0 ? "Password changed. Your other sessions were signed out."
                                                                          : "Password changed.");
        },
        shown_in(&AccountsState::password));
}

// The form shows the account as it is; the searches the person typed stay.
void AccountsModule::fill_profile_form() {
    AccountDetailsForm& f = state().accounts.profile;
    const msg::UserInfo& u = *state().user;
    f.display_name = u.display_name;
    f.time_zone = u.time_zone;
    f.country = u.country;
    f.language = u.language;
    f.busy = false;
    f.clear_errors();
}

void AccountsModule::submit_profile() {
    AppState& s = state();
    AccountDetailsForm& f = s.accounts.profile;
    if (f.busy || !s.user) return;
    f.clear_errors();
    for (const auto& problem : {core::check_display_name(f.display_name), core::check_time_zone(f.time_zone),
                                core::check_country(f.country), core::check_language(f.language)})
        if (problem) f.show(*problem);
    if (f.has_field_errors()) return;
    f.busy = true;
    client().call(
        msg::UpdateProfile{f.display_name, f.time_zone, f.country, f.language},
        [this](msg::UserReply& r) {
            state().user = r.user;
            fill_profile_form();
            ctx_.notify(Notice::Kind::success, "Your details are saved.");
        },
        shown_in(&AccountsState::profile));
}

void AccountsModule::submit_email_change() {
    AppState& s = state();
    EmailForm& f = s.accounts.email;
    if (f.busy || !s.user) return;
    f.clear_errors();
    const std::string email = core::normalize_email(f.email);
    if (auto e = core::check_email(email)) f.show(*e);
    else if (email == s.user->email) f.set_field_error("email", "This is already your e-mail address.");
    if (f.password.empty()) f.set_field_error("password", "Enter your current password.");
    if (f.has_field_errors()) return;
    f.busy = true;
    client().call(
        msg::ChangeEmail{email, f.password},
        [this](msg::UserReply& r) {
            state().user = r.user;
            state().accounts.email = {};
            ctx_.notify(Notice::Kind::success, "Your e-mail address is now " + r.user.email + ".");
        },
        shown_in(&AccountsState::email));
}

void AccountsModule::submit_delete_account() {
    DeleteAccountForm& f = state().accounts.deletion;
    if (f.busy || !state().user) return;
    f.clear_errors();
    if (f.password.empty()) f.set_field_error("password", "Enter your password to delete the account.");
    if (f.has_field_errors()) return;
    f.busy = true;
    client().call(
        msg::DeleteAccount{f.password},
        [this](msg::Empty&) { leave_session(Notice::Kind::success, "Your account is deleted. Its personal data has been erased."); },
        shown_in(&AccountsState::deletion));
}

// One JSON file, named after the day: what the server holds about the person, as it sent it.
void AccountsModule::download_my_data() {
    AccountsState& a = state().accounts;
    if (a.exporting) return;
    a.exporting = true;
    client().call(
        msg::ExportMyData{},
        [this](msg::MyData& data) {
            state().accounts.exporting = false;
            const std::string day = core::format_iso8601(data.exported_at).substr(0, 10);
            if (ctx_.env.download)
                ctx_.env.download("my-telemed-data-" + day + ".json", "application/json", core::protocol::encode(data).dump(2));
            ctx_.notify(Notice::Kind::success, "Your data is downloaded.");
        },
        [this](const core::Error&) {
            state().accounts.exporting = false;
            return false;  // shown as a toast
        });
}

void AccountsModule::choose_theme(ThemeChoice theme) {
    state().accounts.theme = theme;
    if (ctx_.env.save_setting) ctx_.env.save_setting(kThemeSetting, theme_name(theme));
}

void AccountsModule::submit_staff_account() {
    StaffForm& f = state().accounts.staff;
    if (f.busy) return;
    f.clear_errors();
    const std::string email = core::normalize_email(f.email);
    for (const auto& problem : {core::check_display_name(f.display_name), core::check_email(email),
                                core::check_password(f.password, email)})
        if (problem) f.show(*problem);
    if (f.has_field_errors()) return;
    f.busy = true;
    msg::CreateStaffAccount request{f.email, f.password, f.display_name, f.role == 0 ? core::Role::admin : core::Role::support, "UTC"};
    client().call(
        request,
        [this](msg::UserReply& r) {
            ctx_.notify(Notice::Kind::success, "Account created for " + r.user.display_name + ".");
            state().accounts.staff = StaffForm{};
            refresh_accounts();
        },
        shown_in(&AccountsState::staff));
}

void AccountsModule::refresh_accounts() {
    AccountsState& a = state().accounts;
    if (a.loading) return;
    a.loading = true;
    client().call(
        msg::ListAccounts{},
        [this](msg::UserList& r) {
            state().accounts.loading = false;
            state().accounts.list = std::move(r.users);
        },
        [this](const core::Error&) {
            state().accounts.loading = false;
            return false;  // shown as a toast
        });
}

void AccountsModule::demo_sign_in(int index) {
    const auto& accounts = core::demo_accounts();
    if (index < 0 || index >= int(accounts.size())) return;
    SignInForm& f = state().accounts.sign_in;
    f.email = accounts[size_t(index)].email;
    f.password = accounts[size_t(index)].password;
    submit_sign_in();
}

void AccountsModule::select_tab(Tab tab) {
    state().tab = tab;
    if (tab == Tab::accounts) refresh_accounts();
    ctx_.tab_selected(tab);
}

}  // namespace app
