// Everyone's own account: their details (name, country, language, time zone), the e-mail address, the
// password, the theme, their data to download, deleting the account, and signing out.
#include <algorithm>
#include <utility>

#include "core/accounts/regions.h"
#include "core/messaging/text.h"
#include "ui/screens/screens.h"
#include "ui/screens/view_helpers.h"
#include "ui/toolkit/widgets.h"

namespace ui::screens {
namespace {

constexpr int kMostMatches = 6;

struct Choice {
    std::string_view code;
    std::string_view name;
};

// A choice from a long list: what is chosen now, then a search field whose first matches are buttons.
// `suggested` are shown before anything is typed (the time zones of the chosen country).
void search_choice(const char* label, const char* search_label, std::string& code, std::string& query,
                   const std::vector<Choice>& options, const std::vector<Choice>& suggested, const char* none) {
    ImGui::PushID(label);
    muted(label);
    const auto chosen = std::find_if(options.begin(), options.end(), [&](const Choice& c) { return c.code == code; });
    text(chosen != options.end() ? std::string(chosen->name).c_str() : code.empty() ? none : code.c_str());
    text_field(search_label, query, {.placeholder = "Type to search", .max_chars = 60});
    std::vector<Choice> matches;
    if (query.empty()) matches = suggested;
    else
        for (const Choice& c : options)
            if (core::text::contains_folded(c.name, query) || core::text::contains_folded(c.code, query)) matches.push_back(c);
    const int shown = std::min<int>(int(matches.size()), kMostMatches);
    for (int i = 0; i < shown; ++i) {
        const Choice& c = matches[size_t(i)];
        ImGui::PushID(i);
        if (button(std::string(c.name).c_str(), ButtonKind::secondary)) {
            code = std::string(c.code);
            query.clear();
        }
        ImGui::PopID();
    }
    if (int(matches.size()) > shown) muted(("and " + std::to_string(matches.size() - size_t(shown)) + " more: type more letters").c_str());
    else if (!query.empty() && matches.empty()) muted("Nothing matches. Check the spelling.");
    spacing(8);
    ImGui::PopID();
}

std::vector<Choice> as_choices(std::span<const core::Region> list) {
    std::vector<Choice> out;
    for (const core::Region& r : list) out.push_back({r.code, r.name});
    return out;
}

const std::vector<Choice>& country_choices() {
    static const std::vector<Choice> list = as_choices(core::countries());
    return list;
}

const std::vector<Choice>& language_choices() {
    static const std::vector<Choice> list = as_choices(core::languages());
    return list;
}

// Every zone a person may choose (its name is its code), and those serving one country.
std::vector<Choice> zone_choices(std::string_view country) {
    std::vector<Choice> out;
    if (country.empty()) out.push_back({"UTC", "UTC"});
    for (const core::ZoneChoice& z : core::zone_choices())
        if (country.empty() || z.serves(country)) out.push_back({z.name, z.name});
    return out;
}

void details_section(app::AppState& state, Actions& out) {
    app::AccountDetailsForm& f = state.accounts.profile;
    heading("Your details", 2);
    bool submit = text_field("Name", f.display_name,
                             {.autocomplete = "name", .error = f.field_error("display_name"), .max_chars = 100, .required = true});
    search_choice("Country", "Find a country", f.country, f.country_query, country_choices(), {}, "Not given");
    if (const char* e = f.field_error("country")) error_text(e);
    search_choice("Language you prefer for visits", "Find a language", f.language, f.language_query, language_choices(), {},
                  "English");
    if (const char* e = f.field_error("language")) error_text(e);

    static const std::vector<Choice> all_zones = zone_choices("");
    std::vector<Choice> options = all_zones;
    if (std::none_of(options.begin(), options.end(), [&](const Choice& c) { return c.code == f.time_zone; }))
        options.push_back({f.time_zone, f.time_zone});  // a name the browser gave (an older alias): still shown
    search_choice("Time zone (times are shown in it)", "Find a time zone", f.time_zone, f.zone_query, options,
                  f.country.empty() ? std::vector<Choice>{} : zone_choices(f.country), "UTC");
    if (const char* e = f.field_error("time_zone")) error_text(e);
    if (f.time_zone != state.browser_time_zone &&
        link(("Use this device's time zone (" + state.browser_time_zone + ")").c_str()))
        out.push_back(app::UseBrowserTimeZone{});
    if (!f.error.empty()) error_text(f.error.c_str());
    const core::msg::UserInfo& u = *state.user;
    const bool changed = f.display_name != u.display_name || f.time_zone != u.time_zone || f.country != u.country ||
                         f.language != u.language;
    if (button(f.busy ? "Saving…" : "Save details", ButtonKind::primary, true, changed && !f.busy) || (submit && changed && !f.busy))
        out.push_back(app::SubmitProfile{});
}

void email_section(app::AppState& state, Actions& out) {
    app::EmailForm& f = state.accounts.email;
    heading("E-mail address", 2);
    muted("You sign in with");
    text(state.user->email.c_str());
    bool submit = text_field("New e-mail address", f.email,
                             {.email = true, .autocomplete = "email", .error = f.field_error("email"), .max_chars = 254});
    submit |= text_field("Your password, to confirm", f.password,
                         {.password = true, .autocomplete = "current-password", .error = f.field_error("password"), .max_chars = 128});
    if (!f.error.empty()) error_text(f.error.c_str());
    if (button(f.busy ? "Changing…" : "Change e-mail address", ButtonKind::secondary, true, !f.busy && !f.email.empty()) ||
        (submit && !f.busy))
        out.push_back(app::SubmitEmailChange{});
}

void password_section(app::AppState& state, Actions& out) {
    app::PasswordForm& f = state.accounts.password;
    heading("Change password", 2);
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
}

void appearance_section(app::AppState& state, Actions& out) {
    heading("Appearance", 2);
    int selected = int(state.accounts.theme);
    if (segmented("Theme", selected, {"Automatic", "Light", "Dark"})) out.push_back(app::ChooseTheme{app::ThemeChoice(selected)});
    muted("Automatic follows this device's light or dark mode. Kept on this device only.");
}

void data_section(app::AppState& state, Actions& out) {
    heading("Your data", 2);
    text("Download everything the clinic holds about you and your visits: your details, appointments with their notes, "
         "payments and credits, messages and notifications, as one JSON file.");
    const bool busy = state.accounts.exporting;
    if (button(busy ? "Preparing your file…" : "Download my data", ButtonKind::secondary, true, !busy)) out.push_back(app::DownloadMyData{});
}

// What deleting erases, what the clinic must keep and why, and what is lost, before the red button.
void deletion_section(app::AppState& state, Actions& out) {
    const core::msg::UserInfo& u = *state.user;
    heading("Delete account", 2);
    if (u.role == core::Role::admin || u.role == core::Role::support) {
        muted("Staff accounts are closed by an administrator.");
        return;
    }
    app::DeleteAccountForm& f = state.accounts.deletion;
    static bool question_shown = false;  // scrolled into view on its first frame only
    if (!f.confirming) {
        question_shown = false;
        if (button("Delete my account…", ButtonKind::ghost)) out.push_back(app::AskDeleteAccount{});
        return;
    }
    begin_card("delete_account");
    heading("Delete your account?", 3);
    if (!std::exchange(question_shown, true)) ImGui::SetScrollHereY(0.1f);
    text("Erased at once: your name, e-mail address, password and country. You are signed out on every device and "
         "cannot sign in again.");
    text("Kept, because the clinic must keep medical and payment records: your past visits with their clinical notes, "
         "and the credits ledger. Messages stay in your doctors' records, shown as from \"Deleted account\".");
    if (u.role == core::Role::patient && state.credits.wallet_loaded && state.credits.wallet.available > 0)
        text(("Your " + credits(state.credits.wallet.available) + " left will be lost.").c_str());
    muted("Upcoming visits must be cancelled first. You can download your data before deleting.");
    const bool submit = text_field("Your password, to delete the account", f.password,
                                   {.password = true, .autocomplete = "current-password", .error = f.field_error("password"),
                                    .max_chars = 128});
    if (!f.error.empty()) error_text(f.error.c_str());
    if (button(f.busy ? "Deleting…" : "Delete my account", ButtonKind::danger, true, !f.busy) || (submit && !f.busy))
        out.push_back(app::SubmitDeleteAccount{});
    if (button("Keep my account", ButtonKind::secondary)) out.push_back(app::CancelDeleteAccount{});
    end_card();
}

}  // namespace

void draw_account_settings(app::AppState& state, Actions& out) {
    heading("Your account");
    muted((std::string(app::role_label(state.user->role)) + " account").c_str());
    spacing(8);
    details_section(state, out);
    spacing();
    email_section(state, out);
    spacing();
    password_section(state, out);
    spacing();
    appearance_section(state, out);
    spacing();
    data_section(state, out);
    spacing();
    deletion_section(state, out);
    spacing();
    if (button(ICON_SIGN_OUT " Sign out", ButtonKind::danger)) out.push_back(app::SignOut{});
    if (state.demo && link("Leave the demo")) out.push_back(app::LeaveDemo{});
}

}  // namespace ui::screens
