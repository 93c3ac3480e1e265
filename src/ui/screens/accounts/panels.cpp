#include <imgui.h>

#include "ui/screens/screens.h"
#include "ui/screens/view_helpers.h"
#include "ui/toolkit/widgets.h"

namespace ui::screens {
namespace {

std::string first_name(const std::string& display_name) {
    const std::string name = display_name.rfind("Dr. ", 0) == 0 ? display_name.substr(4) : display_name;
    return name.substr(0, name.find(' '));
}

void upcoming(app::AppState& state, Actions& out, bool doctor_view, size_t max) {
    std::vector<const app::AppointmentItem*> next;
    for (const auto& a : state.clinic.appointments)
        if ((a.status == "confirmed" || a.status == "in_progress" || a.status == "requested") && a.ends_at > state.now && next.size() < max)
            next.push_back(&a);
    if (next.empty()) return muted(doctor_view ? "Nothing booked yet." : "No appointments yet.");
    draw_appointment_list(state, next, doctor_view, out);
}

void patient_overview(app::AppState& state, Actions& out) {
    heading(("Welcome, " + first_name(state.user->display_name)).c_str());
    spacing(8);
    heading("Upcoming visits", 2);
    upcoming(state, out, false, 3);
    if (button(ICON_USER_MD " Find a doctor", ButtonKind::primary)) out.push_back(app::SelectTab{app::Tab::doctors});
    spacing(8);
    muted(("You have " + credits(state.clinic.wallet.available) + ".").c_str());
    spacing();
    heading("Feeling unwell right now?", 3);
    emergency_note();
}

void doctor_overview(app::AppState& state, Actions& out) {
    heading(("Welcome, " + state.user->display_name).c_str());
    spacing(8);
    if (state.clinic.verification != "verified") {
        heading(ICON_SHIELD " Verification pending", 3);
        text("Our team checks your licence before patients can find and book you. Fill in your profile and "
             "weekly hours meanwhile; you will be notified here as soon as your account is verified.");
        if (button("Complete your profile", ButtonKind::secondary)) out.push_back(app::SelectTab{app::Tab::profile});
        spacing();
    }
    int requests = 0;
    for (const auto& a : state.clinic.appointments) requests += a.status == "requested" && a.starts_at > state.now;
    if (requests > 0) {
        text((std::to_string(requests) + (requests == 1 ? " request waits" : " requests wait") + " for your answer.").c_str());
        if (button("Answer requests", ButtonKind::primary)) out.push_back(app::SelectTab{app::Tab::schedule});
    }
    heading("Next visits", 2);
    upcoming(state, out, true, 5);
}

void admin_overview(app::AppState& state, Actions& out) {
    heading(("Welcome, " + first_name(state.user->display_name)).c_str());
    spacing(8);
    int pending = 0;
    for (const auto& d : state.clinic.queue) pending += d.verification == "pending";
    text((std::to_string(pending) + (pending == 1 ? " doctor waits" : " doctors wait") + " for verification.").c_str());
    if (button(ICON_SHIELD " Verify doctors", ButtonKind::primary)) out.push_back(app::SelectTab{app::Tab::verification});
    if (button(ICON_USER " See all accounts", ButtonKind::secondary)) out.push_back(app::SelectTab{app::Tab::accounts});
    if (button(ICON_PLUS " Create a staff account", ButtonKind::secondary)) out.push_back(app::SelectTab{app::Tab::staff});
}

void support_overview(app::AppState& state) {
    heading(("Welcome, " + first_name(state.user->display_name)).c_str());
    spacing(8);
    text("The helpline opens here: patients' and doctors' requests will appear on this page.");
}

void fact(const char* label, const std::string& value) {
    muted(label);
    text(value.c_str());
    spacing(8);
}

}  // namespace

void draw_overview(app::AppState& state, Actions& out) {
    const std::string& role = state.user->role;
    if (role == "doctor") return doctor_overview(state, out);
    if (role == "admin") return admin_overview(state, out);
    if (role == "support") return support_overview(state);
    patient_overview(state, out);
}

void draw_accounts(app::AppState& state, Actions& out) {
    heading("Accounts");
    if (button(ICON_REFRESH " Refresh", ButtonKind::ghost, false, !state.accounts_loading))
        out.push_back(app::RefreshAccounts{});
    spacing(8);
    if (state.accounts_loading && state.accounts.empty()) return spinner("Loading accounts…");
    if (state.accounts.empty()) return muted("No accounts to show.");
    const bool phone = layout().phone;
    if (phone) {  // one card-like block per person: a table does not fit 390 px
        for (const app::UserView& u : state.accounts) {
            text(u.display_name.c_str());
            muted((u.email + " · " + app::role_label(u.role) + " · " + u.status).c_str());
            spacing(8);
        }
        return;
    }
    if (ImGui::BeginTable("accounts", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_PadOuterX)) {
        ImGui::TableSetupColumn("Name");
        ImGui::TableSetupColumn("E-mail");
        ImGui::TableSetupColumn("Role");
        ImGui::TableSetupColumn("Status");
        ImGui::TableHeadersRow();
        for (const app::UserView& u : state.accounts) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            text(u.display_name.c_str());
            ImGui::TableNextColumn();
            text(u.email.c_str());
            ImGui::TableNextColumn();
            text(app::role_label(u.role));
            ImGui::TableNextColumn();
            text(u.status == "pending_verification" ? "Pending verification" : u.status == "active" ? "Active" : "Suspended");
        }
        ImGui::EndTable();
    }
}

void draw_staff(app::AppState& state, Actions& out) {
    app::StaffForm& f = state.staff;
    heading("Create a staff account");
    muted("Administrators manage accounts and verify doctors. Support agents answer the helpline.");
    spacing(8);
    segmented("Role", f.role, {"Administrator", "Support agent"});
    bool submit = text_field("Full name", f.display_name,
                             {.autocomplete = "off", .error = f.field_error("display_name"), .max_chars = 100, .required = true});
    submit |= text_field("E-mail", f.email,
                         {.email = true, .autocomplete = "off", .error = f.field_error("email"), .max_chars = 254, .required = true});
    submit |= text_field("Initial password", f.password,
                         {.placeholder = "At least 10 characters", .password = true, .autocomplete = "new-password",
                          .error = f.field_error("password"), .max_chars = 128, .required = true});
    muted("Give the password to the person in a safe way; they should change it after signing in.");
    if (!f.error.empty()) error_text(f.error.c_str());
    spacing(8);
    if (button(f.busy ? "Creating…" : "Create account", ButtonKind::primary, true, !f.busy) || (submit && !f.busy))
        out.push_back(app::SubmitStaffAccount{});
}

void draw_account_settings(app::AppState& state, Actions& out) {
    const app::UserView& u = *state.user;
    heading("Your account");
    fact("Name", u.display_name);
    fact("E-mail", u.email);
    fact("Role", app::role_label(u.role));
    fact("Time zone", u.time_zone);

    spacing(8);
    heading("Change password", 2);
    app::PasswordForm& f = state.password;
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
