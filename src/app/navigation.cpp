#include "app/navigation.h"

namespace app {

std::vector<Tab> tabs_for_role(core::Role role) {
    switch (role) {
        case core::Role::doctor: return {Tab::overview, Tab::schedule, Tab::messages, Tab::profile, Tab::earnings, Tab::account};
        case core::Role::admin: return {Tab::overview, Tab::verification, Tab::accounts, Tab::staff, Tab::account};
        case core::Role::support: return {Tab::overview, Tab::account};
        case core::Role::patient: break;
    }
    return {Tab::overview, Tab::doctors, Tab::appointments, Tab::messages, Tab::credits, Tab::account};
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
        case Tab::messages: return "Messages";
        case Tab::account: return "Account";
    }
    return "";
}

const char* role_label(core::Role role) {
    switch (role) {
        case core::Role::doctor: return "Doctor";
        case core::Role::admin: return "Administrator";
        case core::Role::support: return "Support agent";
        case core::Role::patient: break;
    }
    return "Patient";
}

const char* account_status_label(core::AccountStatus s) {
    switch (s) {
        case core::AccountStatus::pending_verification: return "Pending verification";
        case core::AccountStatus::suspended: return "Suspended";
        case core::AccountStatus::active: break;
    }
    return "Active";
}

}  // namespace app
