// Sign in: e-mail and password, the demo accounts (offline demo), the way to sign up and to the demo.
#include "core/seed/demo_accounts.h"
#include "ui/screens/screens.h"
#include "ui/toolkit/widgets.h"

namespace ui::screens {
namespace {

void demo_accounts_section(Actions& out) {
    heading("Demo accounts", 3);
    muted("Everything stays in this browser tab. Nothing is sent anywhere.");
    spacing(8);
    const auto& accounts = core::demo_accounts();
    for (size_t i = 0; i < accounts.size(); ++i) {
        const std::string label = std::string("Continue as ") + app::role_label(accounts[i].role) +
                                  " (" + accounts[i].display_name + ")";
        if (button(label.c_str(), ButtonKind::secondary)) out.push_back(app::DemoSignIn{int(i)});
        spacing(4);
    }
}

}  // namespace

void draw_sign_in(app::AppState& state, Actions& out) {
    app::SignInForm& f = state.accounts.sign_in;
    begin_screen("Sign in");
    begin_column("sign-in", 440);
    connection_pill(state);
    spacing(layout().phone ? 16 : 48);
    heading("Sign in");
    muted(state.demo ? "Offline demo: sign in with a demo account below, or with one you create."
                     : "See your doctor by video, book visits and read your notes.");
    spacing();

    bool submit = text_field("E-mail", f.email,
                             {.placeholder = "name@example.com", .email = true, .autocomplete = "username",
                              .error = f.field_error("email"), .max_chars = 254, .required = true});
    submit |= text_field("Password", f.password,
                         {.password = true, .autocomplete = "current-password", .error = f.field_error("password"),
                          .max_chars = 128, .required = true});
    if (!f.error.empty()) error_text(f.error.c_str());
    spacing(8);
    if (button(f.busy ? "Signing in…" : "Sign in", ButtonKind::primary, true, !f.busy) || (submit && !f.busy))
        out.push_back(app::SubmitSignIn{});
    spacing(8);
    if (link("Create an account")) out.push_back(app::ShowScreen{app::Screen::sign_up});

    spacing(24);
    if (state.demo) {
        demo_accounts_section(out);
        spacing(8);
        if (link("Leave the demo")) out.push_back(app::LeaveDemo{});
    } else {
        muted("Want to look around first? The demo runs entirely in your browser.");
        if (button("Try the demo", ButtonKind::secondary)) out.push_back(app::OpenDemo{});
    }
    spacing(24);
    emergency_note();
    end_column();
    end_screen();
}

}  // namespace ui::screens
