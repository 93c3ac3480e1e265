#include "app/state.h"

namespace app {

UserView UserView::from_json(const core::protocol::json& j) {
    UserView u;
    u.id = j.value("id", std::int64_t{0});
    u.email = j.value("email", "");
    u.display_name = j.value("display_name", "");
    u.role = j.value("role", "patient");
    u.status = j.value("status", "active");
    u.time_zone = j.value("time_zone", "UTC");
    u.created_at = j.value("created_at", "");
    return u;
}

const char* Form::field_error(const std::string& field) const {
    auto it = field_errors.find(field);
    return it == field_errors.end() ? nullptr : it->second.c_str();
}

void Form::clear_errors() {
    error.clear();
    field_errors.clear();
}

void Form::show(const core::Error& e) {
    // Credentials and lockout are about the whole form: never hint which half was wrong.
    const bool whole_form = e.field.empty() || e.code == core::ErrorCode::invalid_credentials ||
                            e.code == core::ErrorCode::account_locked;
    if (whole_form) error = e.message;
    else field_errors[e.field] = e.message;
}

std::vector<Tab> tabs_for_role(const std::string& role) {
    if (role == "doctor") return {Tab::overview, Tab::schedule, Tab::profile, Tab::earnings, Tab::account};
    if (role == "admin") return {Tab::overview, Tab::verification, Tab::accounts, Tab::staff, Tab::account};
    if (role == "support") return {Tab::overview, Tab::account};
    return {Tab::overview, Tab::doctors, Tab::appointments, Tab::credits, Tab::account};
}

const char* tab_label(Tab tab) {
    switch (tab) {
        case Tab::overview: return "Home";
        case Tab::doctors: return "Doctors";
        case Tab::appointments: return "Visits";
        case Tab::credits: return "Credits";
        case Tab::schedule: return "Schedule";
        case Tab::profile: return "Profile";
        case Tab::earnings: return "Earnings";
        case Tab::verification: return "Verification";
        case Tab::accounts: return "Accounts";
        case Tab::staff: return "Staff";
        case Tab::notifications: return "Notifications";
        case Tab::account: return "Account";
    }
    return "";
}

const char* role_label(const std::string& role) {
    if (role == "doctor") return "Doctor";
    if (role == "admin") return "Administrator";
    if (role == "support") return "Support agent";
    return "Patient";
}

}  // namespace app
