#include "app/controller.h"

#include "platform/download.h"

#include "core/accounts/validation.h"
#include "platform/frame.h"
#include "core/seed/demo_accounts.h"

namespace app {

using core::protocol::json;
using core::protocol::RequestType;
using core::protocol::Response;

Controller::Controller(AppState& state, Client& client, TokenStore& tokens, const core::Clock& clock, Navigate navigate,
                       ClinicController::Download download)
    : state_(state),
      client_(client),
      tokens_(tokens),
      clock_(clock),
      navigate_(std::move(navigate)),
      clinic_(state, client, download),
      call_(state, client),
      recordings_(state, client, std::move(download), platform::download_url) {}

void Controller::start() {
    state_.now = clock_.now();
    state_.demo = client_.is_local();
    state_.sign_up.time_zone = state_.browser_time_zone;
    client_.on_ready = [this] { on_ready(); };
    client_.on_event = [this](const core::protocol::Event& e) { on_event(e); };
    client_.on_fatal = [this](const core::Error& e) { state_.fatal = e.message; };
    client_.start();
    state_.connection = client_.status();
}

bool Controller::poll() {
    state_.now = clock_.now();
    const bool changed = client_.poll();
    call_.tick(platform::now_ms());
    recordings_.tick(platform::now_ms());
    state_.connection = client_.status();
    state_.retry_at_ms = client_.next_retry_ms();
    return changed;
}

void Controller::notify(Notice::Kind kind, std::string text) { state_.notices.push_back({kind, std::move(text)}); }

// After every accepted hello: resume the stored session, or ask the person to sign in.
void Controller::on_ready() {
    if (state_.guest.phase != GuestEntry::Phase::none) return guest_ready();  // an invitation link: no sign-in
    const auto token = tokens_.load();
    if (!token) {
        if (state_.screen == Screen::starting || state_.screen == Screen::home) state_.screen = Screen::sign_in;
        state_.user.reset();
        return;
    }
    client_.call(RequestType::resume_session, {{"token", *token}}, [this](const Response& r) {
        if (r.ok) return enter_home(UserView::from_json(r.data.value("user", json::object())));
        if (r.error.code == core::ErrorCode::offline) return;  // the next hello tries again
        const bool was_signed_in = state_.user.has_value();
        tokens_.clear();
        state_.user.reset();
        state_.screen = Screen::sign_in;
        if (was_signed_in || r.error.code == core::ErrorCode::session_expired)
            notify(Notice::Kind::info, "Your session has ended. Please sign in again.");
    });
}

void Controller::on_event(const core::protocol::Event& event) {
    if (state_.guest.phase == GuestEntry::Phase::in_visit) {
        call_.on_event(event);
        return;
    }
    if (state_.user && (call_.on_event(event) || clinic_.on_event(event) || recordings_.on_event(event))) return;
    if (event.name != core::protocol::events::kSessionEnded || !state_.user) return;
    const std::string reason = event.data.value("reason", "");
    if (reason == "expired")
        return leave_session(Notice::Kind::info, "You were signed out after 30 minutes without activity.");
    if (reason == "password_changed")
        return leave_session(Notice::Kind::info, "Your password was changed elsewhere. Please sign in again.");
    leave_session(Notice::Kind::info, "You have been signed out.");
}

void Controller::enter_home(const UserView& user) {
    const bool first = !state_.user || state_.user->id != user.id;
    state_.user = user;
    state_.screen = Screen::home;
    if (first) state_.tab = Tab::overview;
    clinic_.on_signed_in();  // also after a reconnect: events may have been missed meanwhile
    call_.on_session_resumed();
}

void Controller::leave_session(Notice::Kind kind, std::string message) {
    tokens_.clear();
    state_.user.reset();
    state_.accounts.clear();
    state_.password = {};
    call_.apply(CloseCall{});
    clinic_.on_signed_out();
    state_.screen = Screen::sign_in;
    notify(kind, std::move(message));
}

void Controller::apply(const Action& action) {
    // Back from a call: the visit may have a new recording (the patient hears of it no other way).
    if (std::holds_alternative<CloseCall>(action)) state_.recordings.stale = true;
    if (clinic_.apply(action) || call_.apply(action) || recordings_.apply(action)) return;
    std::visit(
        [this](const auto& a) {
            using A = std::decay_t<decltype(a)>;
            if constexpr (std::is_same_v<A, SubmitSignIn>) submit_sign_in();
            else if constexpr (std::is_same_v<A, SubmitSignUp>) submit_sign_up();
            else if constexpr (std::is_same_v<A, ShowScreen>) state_.screen = a.screen;
            else if constexpr (std::is_same_v<A, SignOut>) sign_out();
            else if constexpr (std::is_same_v<A, SubmitPasswordChange>) submit_password_change();
            else if constexpr (std::is_same_v<A, SubmitStaffAccount>) submit_staff_account();
            else if constexpr (std::is_same_v<A, SelectTab>) select_tab(a.tab);
            else if constexpr (std::is_same_v<A, RefreshAccounts>) refresh_accounts();
            else if constexpr (std::is_same_v<A, DemoSignIn>) demo_sign_in(a.index);
            else if constexpr (std::is_same_v<A, OpenDemo>) navigate_("/?demo");
            else if constexpr (std::is_same_v<A, LeaveDemo>) navigate_("/");
            else if constexpr (std::is_same_v<A, ReloadPage>) navigate_("");
            else if constexpr (std::is_same_v<A, SubmitGuestEntry>) submit_guest_entry();
            else if constexpr (std::is_same_v<A, OpenStartPage>) navigate_("/");
        },
        action);
}

void Controller::submit_sign_in() {
    SignInForm& f = state_.sign_in;
    if (f.busy) return;
    f.clear_errors();
    if (core::trim(f.email).empty()) f.field_errors["email"] = "Enter your e-mail address.";
    if (f.password.empty()) f.field_errors["password"] = "Enter your password.";
    if (!f.field_errors.empty()) return;
    f.busy = true;
    client_.call(RequestType::sign_in, {{"email", f.email}, {"password", f.password}}, [this](const Response& r) {
        SignInForm& form = state_.sign_in;
        form.busy = false;
        if (!r.ok) return form.show(r.error);
        tokens_.save(r.data.value("token", ""));
        form.password.clear();
        enter_home(UserView::from_json(r.data.value("user", json::object())));
    });
}

void Controller::submit_sign_up() {
    SignUpForm& f = state_.sign_up;
    if (f.busy) return;
    f.clear_errors();
    // The same rules the server applies (core/accounts/validation), checked here for instant feedback.
    const std::string email = core::normalize_email(f.email);
    for (const auto& problem : {core::check_display_name(f.display_name), core::check_email(email),
                                core::check_password(f.password, email), core::check_time_zone(f.time_zone)})
        if (problem) f.show(*problem);
    if (!f.field_errors.empty()) return;
    f.busy = true;
    const json data = {{"email", f.email},         {"password", f.password},
                       {"display_name", f.display_name}, {"role", f.role == 1 ? "doctor" : "patient"},
                       {"time_zone", f.time_zone}};
    client_.call(RequestType::sign_up, data, [this](const Response& r) {
        SignUpForm& form = state_.sign_up;
        form.busy = false;
        if (!r.ok) return form.show(r.error);
        tokens_.save(r.data.value("token", ""));
        const UserView user = UserView::from_json(r.data.value("user", json::object()));
        form = SignUpForm{};
        form.time_zone = state_.browser_time_zone;
        enter_home(user);
        notify(Notice::Kind::success, "Welcome! Your account is ready.");
    });
}

void Controller::sign_out() {
    client_.call(RequestType::sign_out, json::object(), [](const Response&) {});
    // Signed out here at once, whatever the network does; the server revokes the token when it hears.
    leave_session(Notice::Kind::success, "You have signed out.");
}

void Controller::submit_password_change() {
    PasswordForm& f = state_.password;
    if (f.busy || !state_.user) return;
    f.clear_errors();
    if (f.current.empty()) f.field_errors["current_password"] = "Enter your current password.";
    if (auto e = core::check_password(f.next, state_.user->email)) f.field_errors["new_password"] = e->message;
    else if (f.confirm != f.next) f.field_errors["confirm_password"] = "The two new passwords do not match.";
    if (!f.field_errors.empty()) return;
    f.busy = true;
    client_.call(RequestType::change_password, {{"current_password", f.current}, {"new_password", f.next}},
                 [this](const Response& r) {
                     PasswordForm& form = state_.password;
                     form.busy = false;
                     if (!r.ok) return form.show(r.error);
                     form = PasswordForm{};
                     const int others = r.data.value("other_sessions_ended", 0);
                     notify(Notice::Kind::success,
                            others > 0 ? "Password changed. Your other sessions were signed out." : "Password changed.");
                 });
}

void Controller::submit_staff_account() {
    StaffForm& f = state_.staff;
    if (f.busy) return;
    f.clear_errors();
    const std::string email = core::normalize_email(f.email);
    for (const auto& problem : {core::check_display_name(f.display_name), core::check_email(email),
                                core::check_password(f.password, email)})
        if (problem) f.show(*problem);
    if (!f.field_errors.empty()) return;
    f.busy = true;
    const json data = {{"email", f.email}, {"password", f.password}, {"display_name", f.display_name},
                       {"role", f.role == 0 ? "admin" : "support"}, {"time_zone", "UTC"}};
    client_.call(RequestType::create_staff_account, data, [this](const Response& r) {
        StaffForm& form = state_.staff;
        form.busy = false;
        if (!r.ok) return form.show(r.error);
        const UserView user = UserView::from_json(r.data.value("user", json::object()));
        notify(Notice::Kind::success, "Account created for " + user.display_name + ".");
        form = StaffForm{};
        refresh_accounts();
    });
}

void Controller::refresh_accounts() {
    if (state_.accounts_loading) return;
    state_.accounts_loading = true;
    client_.call(RequestType::list_accounts, json::object(), [this](const Response& r) {
        state_.accounts_loading = false;
        if (!r.ok) return notify(Notice::Kind::error, r.error.message);
        state_.accounts.clear();
        for (const json& u : r.data.value("users", json::array())) state_.accounts.push_back(UserView::from_json(u));
    });
}

void Controller::demo_sign_in(int index) {
    const auto& accounts = core::demo_accounts();
    if (index < 0 || index >= int(accounts.size())) return;
    state_.sign_in.email = accounts[size_t(index)].email;
    state_.sign_in.password = accounts[size_t(index)].password;
    submit_sign_in();
}

void Controller::select_tab(Tab tab) {
    state_.tab = tab;
    if (tab == Tab::accounts) refresh_accounts();
    clinic_.on_tab(tab);
}

}  // namespace app
