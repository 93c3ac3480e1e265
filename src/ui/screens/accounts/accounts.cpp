// Administrators: every account (a table on desktops, one block per person on phones), and creating
// a staff account (administrator or support agent).
#include <imgui.h>

#include "ui/screens/screens.h"
#include "ui/toolkit/widgets.h"

namespace ui::screens {

void draw_accounts(app::AppState& state, Actions& out) {
    const app::AccountsState& a = state.accounts;
    heading("Accounts");
    if (button(ICON_REFRESH " Refresh", ButtonKind::ghost, false, !a.loading)) out.push_back(app::RefreshAccounts{});
    spacing(8);
    if (a.loading && a.list.empty()) return spinner("Loading accounts…");
    if (a.list.empty()) return muted("No accounts to show.");
    const bool phone = layout().phone;
    if (phone) {  // one card-like block per person: a table does not fit 390 px
        for (const core::msg::UserInfo& u : a.list) {
            text(u.display_name.c_str());
            muted((u.email + " · " + app::role_label(u.role) + " · " + std::string(core::to_string(u.status))).c_str());
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
        for (const core::msg::UserInfo& u : a.list) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            text(u.display_name.c_str());
            ImGui::TableNextColumn();
            text(u.email.c_str());
            ImGui::TableNextColumn();
            text(app::role_label(u.role));
            ImGui::TableNextColumn();
            text(app::account_status_label(u.status));
        }
        ImGui::EndTable();
    }
}

void draw_staff(app::AppState& state, Actions& out) {
    app::StaffForm& f = state.accounts.staff;
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

}  // namespace ui::screens
