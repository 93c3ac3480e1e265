// Create a patient or doctor account (doctors are verified before patients can book them).
#include "ui/screens/screens.h"
#include "ui/toolkit/widgets.h"

namespace ui::screens {

void draw_sign_up(app::AppState& state, Actions& out) {
    app::SignUpForm& f = state.accounts.sign_up;
    begin_screen("Create account");
    begin_column("sign-up", 480);
    connection_pill(state);
    spacing(layout().phone ? 16 : 40);
    heading("Create your account");
    spacing(8);
    segmented("I am a", f.role, {"Patient", "Doctor"});
    if (f.role == 1)
        muted("Doctor accounts are checked by our team (licence number and issuing region) before patients can "
              "book you. You can sign in and set up your profile meanwhile.");
    spacing(8);

    bool submit = text_field("Full name", f.display_name,
                             {.placeholder = "e.g. Zoë Łukasiewicz", .autocomplete = "name",
                              .error = f.field_error("display_name"), .max_chars = 100, .required = true});
    submit |= text_field("E-mail", f.email,
                         {.placeholder = "name@example.com", .email = true, .autocomplete = "email",
                          .error = f.field_error("email"), .max_chars = 254, .required = true});
    submit |= text_field("Password", f.password,
                         {.placeholder = "At least 10 characters", .password = true, .autocomplete = "new-password",
                          .error = f.field_error("password"), .max_chars = 128, .required = true});
    submit |= text_field("Time zone", f.time_zone,
                         {.placeholder = "e.g. Europe/Berlin", .error = f.field_error("time_zone"), .max_chars = 64,
                          .required = true});
    muted("Appointment times are shown in this time zone. We filled in the one your device uses.");
    if (f.field_error("role")) error_text(f.field_error("role"));
    if (!f.error.empty()) error_text(f.error.c_str());
    spacing(8);
    if (button(f.busy ? "Creating your account…" : "Create account", ButtonKind::primary, true, !f.busy) ||
        (submit && !f.busy))
        out.push_back(app::SubmitSignUp{});
    spacing(8);
    if (link("I already have an account")) out.push_back(app::ShowScreen{app::Screen::sign_in});
    spacing(24);
    emergency_note();
    end_column();
    end_screen();
}

}  // namespace ui::screens
