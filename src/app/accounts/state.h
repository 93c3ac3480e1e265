// The accounts slice: the sign-in, sign-up, profile, e-mail, password, deletion and staff forms, the theme, and the administrator's list of
// accounts. The signed-in person (AppState::user) is the shell's: every feature reads it.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "app/accounts/account_list.h"
#include "app/form.h"
#include "core/accounts/messages.h"

namespace app {

struct SignInForm : Form {
    std::string email, password;
};
struct SignUpForm : Form {
    int role = 0;  // 0 patient, 1 doctor
    std::string display_name, email, password, time_zone;
};
struct PasswordForm : Form {
    std::string current, next, confirm;
};
// Name, time zone, country and language: filled from the account whenever it changes.
struct AccountDetailsForm : Form {
    std::string display_name, time_zone, country, language;
    std::string country_query, language_query, zone_query;  // what the person typed to find one
};
struct EmailForm : Form {
    std::string email, password;
};
struct DeleteAccountForm : Form {
    bool confirming = false;  // the question with the consequences is showing
    std::string password;
};
// Light, dark, or as the device is set (the default). A device preference: kept in the browser.
enum class ThemeChoice { system, light, dark };
inline constexpr const char* kThemeSetting = "telemed.theme";
inline const char* theme_name(ThemeChoice t) { return t == ThemeChoice::light ? "light" : t == ThemeChoice::dark ? "dark" : "system"; }
inline ThemeChoice theme_from_name(std::string_view name) {
    return name == "light" ? ThemeChoice::light : name == "dark" ? ThemeChoice::dark : ThemeChoice::system;
}

struct StaffForm : Form {
    int role = 1;  // 0 administrator, 1 support agent
    std::string display_name, email, password;
};

struct AccountsState;
bool wants_dark(const AccountsState& a);

struct AccountsState {
    SignInForm sign_in;
    SignUpForm sign_up;
    PasswordForm password;
    AccountDetailsForm profile;
    EmailForm email;
    DeleteAccountForm deletion;
    bool exporting = false;  // export_my_data is on its way
    ThemeChoice theme = ThemeChoice::system;
    bool system_dark = false;  // the device's dark mode, read each poll
    StaffForm staff;
    std::vector<core::msg::UserInfo> list;  // admin: every account
    AccountListView list_view;              // admin: what narrows the list, and the page shown
    bool loading = false;
};

inline bool wants_dark(const AccountsState& a) {
    return a.theme == ThemeChoice::dark || (a.theme == ThemeChoice::system && a.system_dark);
}

}  // namespace app
