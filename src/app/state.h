// Everything the screens show, in one plain struct. The Controller changes it in response to actions
// and server messages; screens read it and edit only the text of form fields they draw.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/call_state.h"
#include "app/client.h"
#include "app/clinic_state.h"
#include "app/form.h"
#include "app/recordings_state.h"

namespace app {

enum class Screen { starting, sign_in, sign_up, home, guest };

// Sections of the signed-in home; which ones appear depends on the role (see tabs_for_role).
enum class Tab {
    overview,
    doctors,        // patient: find a doctor and book
    appointments,   // patient: visits
    credits,        // patient: balance, buy, history
    schedule,       // doctor: requests and calendar
    profile,        // doctor: profile and weekly hours
    earnings,       // doctor: earned credits
    verification,   // admin: doctors waiting for verification
    accounts,       // admin
    staff,          // admin
    notifications,  // everyone (from the bell)
    account,        // everyone
};

struct UserView {
    std::int64_t id = 0;
    std::string email;
    std::string display_name;
    std::string role;    // "patient" | "doctor" | "admin" | "support"
    std::string status;  // "active" | "pending_verification" | "suspended"
    std::string time_zone;
    std::string created_at;

    static UserView from_json(const core::protocol::json& j);
};

struct SignInForm : Form {
    std::string email, password;
};
struct SignUpForm : Form {
    int role = 0;  // 0 patient, 1 doctor
    std::string display_name, email, password, time_zone;
};
struct PasswordForm : Form {
    std::string current, next, confirm;
};
struct StaffForm : Form {
    int role = 1;  // 0 administrator, 1 support agent
    std::string display_name, email, password;
};

struct Notice {
    enum class Kind { info, success, error } kind = Kind::info;
    std::string text;
};

struct AppState {
    bool demo = false;
    Screen screen = Screen::starting;
    ConnectionStatus connection = ConnectionStatus::connecting;
    double retry_at_ms = 0;
    std::string fatal;  // shown full-screen (e.g. the app is outdated)
    std::string browser_time_zone = "UTC";

    std::optional<UserView> user;
    Tab tab = Tab::overview;

    SignInForm sign_in;
    SignUpForm sign_up;
    PasswordForm password;
    StaffForm staff;

    std::vector<UserView> accounts;  // admin: every account
    bool accounts_loading = false;

    ClinicState clinic;
    CallState call;
    RecordingsState recordings;
    GuestEntry guest;  // set when the page was opened with ?invite=
    // The doctor: visits with somebody in the waiting room -> their names (from call.waiting events).
    std::map<std::int64_t, std::vector<std::string>> call_waiting;

    std::vector<Notice> notices;  // new messages for the person; the UI turns them into toasts
    core::Instant now{};          // this frame's wall-clock time (countdowns, "today")
};

std::vector<Tab> tabs_for_role(const std::string& role);
const char* tab_label(Tab tab);
const char* role_label(const std::string& role);

}  // namespace app
