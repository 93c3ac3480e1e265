// What a person asks of the session and the shell: sign in, up and out, the password, staff accounts,
// which screen and tab to show, and the page-level moves (demo, reload). Form contents are already in
// the state, so submit actions carry no payload.
#pragma once
#include <variant>

#include "app/accounts/state.h"
#include "app/navigation.h"

namespace app {

struct SubmitSignIn {};
struct SubmitSignUp {};
struct ShowScreen {
    Screen screen;
};
struct SignOut {};
struct SubmitPasswordChange {};
struct SubmitStaffAccount {};
struct SubmitProfile {};
struct UseBrowserTimeZone {};
struct SubmitEmailChange {};
struct AskDeleteAccount {};     // shows the question and its consequences
struct CancelDeleteAccount {};
struct SubmitDeleteAccount {};
struct DownloadMyData {};       // download everything about oneself as one JSON file
struct ChooseTheme {
    ThemeChoice theme;
};
struct SelectTab {
    Tab tab;
};
struct RefreshAccounts {};
struct DemoSignIn {
    int index;  // into core::demo_accounts()
};
struct OpenDemo {};       // reload the page as /?demo
struct LeaveDemo {};      // reload the page as /
struct ReloadPage {};
struct OpenStartPage {};  // leave a dead invitation link: reload the page as /

using AccountsAction = std::variant<SubmitSignIn, SubmitSignUp, ShowScreen, SignOut, SubmitPasswordChange, SubmitStaffAccount,
                                    SubmitProfile, UseBrowserTimeZone, SubmitEmailChange, AskDeleteAccount, CancelDeleteAccount,
                                    SubmitDeleteAccount, DownloadMyData, ChooseTheme, SelectTab, RefreshAccounts, DemoSignIn,
                                    OpenDemo, LeaveDemo, ReloadPage, OpenStartPage>;

}  // namespace app
