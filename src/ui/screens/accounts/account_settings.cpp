// Everyone's own account: who they are, the password, the theme, signing out (and leaving the demo).
#include "ui/screens/screens.h"
#include "ui/toolkit/widgets.h"

namespace ui::screens {
namespace {

void fact(const char* label, const std::string& value) {
    muted(label);
    text(value.c_str());
    spacing(8);
}

}  // namespace

void draw_account_settings(app::AppState& state, Actions& out) {
    const core::msg::UserInfo& u = *state.user;
    heading("Your account");
    fact("Name", u.display_name);
    fact("E-mail", u.email);
    fact("Role", app::role_label(u.role));
    fact("Time zone", u.time_zone);

    spacing(8);
    heading("Change password", 2);
    app::PasswordForm& f = state.accounts.password;
    bool submit = text_field("Current password", f.current,
                             {.password = true, .autocomplete = "current-password", .error = f.field_error("current_password"),
                              .max_chars = 128, .required = true});
    submit |= text_field("New password", f.next,
                         {.placeholder = "At least 10 characters", .password = true, .autocomplete = "new-password",
                          .error = f.field_error("new_password"), .max_chars = 128, .required = true});
    submit |= text_field("Repeat the new password", f.confirm,
                         {.password = true, .autocomplete = "new-password", .error = f.field_error("confirm_password"),
                          .max_chars = 128, .required = true});
    if (!f.error.empty()) error_text(f.error.c_str());
    if (button(f.busy ? "Changing…" : "Change password", ButtonKind::secondary, true, !f.busy) || (submit && !f.busy))
        out.push_back(app::SubmitPasswordChange{});

    spacing();
    heading("Appearance", 2);
    static bool dark = false;  // a view preference, not app state: it never leaves the UI
    if (checkbox("Dark theme", dark)) set_theme_dark(dark);

    spacing();
    if (button(ICON_SIGN_OUT " Sign out", ButtonKind::danger)) out.push_back(app::SignOut{});
    if (state.demo && link("Leave the demo")) out.push_back(app::LeaveDemo{});
}

}  // namespace ui::screens
