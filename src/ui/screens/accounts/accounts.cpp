// Administrators: every account, searched and filtered by role and status, 50 to a page (a table on
// desktops, one block per person on phones), and creating a staff account (administrator or support
// agent).
#include <imgui.h>

#include "ui/screens/screens.h"
#include "ui/screens/view_helpers.h"
#include "ui/toolkit/widgets.h"

namespace ui::screens {

namespace {

// Search, role and status: what narrows the list (a new filter starts again at the first page).
void account_filters(app::AccountListView& v) {
    const std::string before = v.query;
    text_field("Search by name or e-mail", v.query, {.placeholder = "For example: okafor or @example.org", .max_chars = 100});
    if (v.query != before) v.page = 0;
    if (chip_row("account_roles", v.role, {"Everyone", "Patients", "Doctors", "Support agents", "Administrators"})) v.page = 0;
    if (chip_row("account_statuses", v.status, {"Any status", "Active", "Pending verification", "Suspended"})) v.page = 0;
}

// "Showing 51–100 of 312", with the previous and next pages.
void account_pager(const char* id, app::AccountListView& v, const app::AccountPage& page) {
    const int last = page.first + int(page.rows.size()) - 1;
    muted(("Showing " + std::to_string(page.first) + "–" + std::to_string(last) + " of " + std::to_string(page.matching)).c_str());
    if (page.pages <= 1) return;
    ImGui::PushID(id);
    if (button(ICON_CHEVRON_LEFT " Previous page", ButtonKind::secondary, false, page.page > 0)) v.page = page.page - 1;
    ImGui::SameLine();
    muted(("Page " + std::to_string(page.page + 1) + " of " + std::to_string(page.pages)).c_str());
    ImGui::SameLine();
    if (button("Next page " ICON_CHEVRON_RIGHT, ButtonKind::secondary, false, page.page + 1 < page.pages)) v.page = page.page + 1;
    ImGui::PopID();
}

}  // namespace

void draw_accounts(app::AppState& state, Actions& out) {
    app::AccountsState& a = state.accounts;
    heading("Accounts");
    if (button(ICON_REFRESH " Refresh", ButtonKind::ghost, false, !a.loading)) out.push_back(app::RefreshAccounts{});
    spacing(8);
    if (a.loading && a.list.empty()) return spinner("Loading accounts…");
    if (a.list.empty()) return muted("No accounts to show.");
    account_filters(a.list_view);
    const app::AccountPage page = app::account_page(a.list, a.list_view);
    a.list_view.page = page.page;
    spacing(8);
    if (page.rows.empty()) {
        muted("No account matches. Try fewer letters, or another role or status.");
        if (link("Show every account")) a.list_view = {};
        return;
    }
    account_pager("pager_top", a.list_view, page);
    spacing(8);
    const bool phone = layout().phone;
    if (phone) {  // one card-like block per person: a table does not fit 390 px
        for (const core::msg::UserInfo* u : page.rows) {
            text(u->display_name.c_str());
            muted((u->email + " · " + app::role_label(u->role) + " · " + app::account_status_label(u->status)).c_str());
            spacing(8);
        }
    } else if (ImGui::BeginTable("accounts", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_PadOuterX)) {
        // Long e-mail addresses need the room more than the role and status words do.
        ImGui::TableSetupColumn("Name", ImGuiTableColumnFlags_WidthStretch, 3.f);
        ImGui::TableSetupColumn("E-mail", ImGuiTableColumnFlags_WidthStretch, 4.f);
        ImGui::TableSetupColumn("Role", ImGuiTableColumnFlags_WidthStretch, 1.6f);
        ImGui::TableSetupColumn("Status", ImGuiTableColumnFlags_WidthStretch, 2.f);
        ImGui::TableHeadersRow();
        for (const core::msg::UserInfo* u : page.rows) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            text(u->display_name.c_str());
            ImGui::TableNextColumn();
            text(u->email.c_str());
            ImGui::TableNextColumn();
            text(app::role_label(u->role));
            ImGui::TableNextColumn();
            text(app::account_status_label(u->status));
        }
        ImGui::EndTable();
    }
    if (page.pages > 1) {  // the pages again under a long list
        spacing(8);
        account_pager("pager_bottom", a.list_view, page);
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
