// The accounts slice: the sign-in, sign-up, password and staff forms, and the administrator's list of
// accounts. The signed-in person (AppState::user) is the shell's: every feature reads it.
#pragma once
#include <string>
#include <vector>

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
struct StaffForm : Form {
    int role = 1;  // 0 administrator, 1 support agent
    std::string display_name, email, password;
};

struct AccountsState {
    SignInForm sign_in;
    SignUpForm sign_up;
    PasswordForm password;
    StaffForm staff;
    std::vector<core::msg::UserInfo> list;  // admin: every account
    bool loading = false;
};

}  // namespace app
