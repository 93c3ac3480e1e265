// Carries out actions and applies server answers and events to AppState. Owns the session flow:
// resume after reload or reconnect, sign-in/up/out, expiry. No drawing, no direct I/O: the token
// store and page navigation come in as small interfaces so this runs in native unit tests.
#pragma once
#include <functional>
#include <optional>
#include <string>

#include "app/actions.h"
#include "app/call_controller.h"
#include "app/client.h"
#include "app/clinic_controller.h"
#include "app/recordings_controller.h"
#include "app/state.h"

namespace app {

// Where the session token lives between reloads (sessionStorage on the web: per tab, gone when the
// tab closes; never in a URL).
class TokenStore {
public:
    virtual ~TokenStore() = default;
    virtual std::optional<std::string> load() = 0;
    virtual void save(const std::string& token) = 0;
    virtual void clear() = 0;
};

class MemoryTokenStore final : public TokenStore {
public:
    std::optional<std::string> load() override { return token_; }
    void save(const std::string& token) override { token_ = token; }
    void clear() override { token_.reset(); }

private:
    std::optional<std::string> token_;
};

class Controller {
public:
    using Navigate = std::function<void(const std::string& url)>;
    Controller(AppState& state, Client& client, TokenStore& tokens, const core::Clock& clock, Navigate navigate,
               ClinicController::Download download);

    void start();
    bool poll();  // true when state changed
    void apply(const Action& action);
    // Where a guest's invitation key is kept across reloads (sessionStorage on the web). Optional:
    // without it a guest who reloads the page cannot come back with the same link.
    void set_guest_store(TokenStore* store) { guest_store_ = store; }

private:
    void on_ready();
    void on_event(const core::protocol::Event& event);
    void enter_home(const UserView& user);
    void leave_session(Notice::Kind kind, std::string message);
    void notify(Notice::Kind kind, std::string text);

    void submit_sign_in();
    void submit_sign_up();
    void sign_out();
    void submit_password_change();
    void submit_staff_account();
    void refresh_accounts();
    void demo_sign_in(int index);
    void select_tab(Tab tab);
    // Invitation links (/?invite=<token>): no account, one visit (controller_guest.cpp).
    void guest_ready();
    void submit_guest_entry();
    void enter_as_guest(bool rejoin);

    AppState& state_;
    Client& client_;
    TokenStore& tokens_;
    const core::Clock& clock_;
    Navigate navigate_;
    ClinicController clinic_;
    CallController call_;
    RecordingsController recordings_;
    TokenStore* guest_store_ = nullptr;
};

}  // namespace app
