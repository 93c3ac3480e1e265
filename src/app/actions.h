// What a person can ask for. Screens emit these; the Controller carries them out. Form contents are
// already in AppState, so submit actions carry no payload.
#pragma once
#include <variant>

#include "app/state.h"

namespace app {

struct SubmitSignIn {};
struct SubmitSignUp {};
struct ShowScreen {
    Screen screen;
};
struct SignOut {};
struct SubmitPasswordChange {};
struct SubmitStaffAccount {};
struct SelectTab {
    Tab tab;
};
struct RefreshAccounts {};
struct DemoSignIn {
    int index;  // into core::demo_accounts()
};
struct OpenDemo {};   // reload the page as /?demo
struct LeaveDemo {};  // reload the page as /
struct ReloadPage {};

using Action = std::variant<SubmitSignIn, SubmitSignUp, ShowScreen, SignOut, SubmitPasswordChange,
                            SubmitStaffAccount, SelectTab, RefreshAccounts, DemoSignIn, OpenDemo, LeaveDemo,
                            ReloadPage>;

}  // namespace app
