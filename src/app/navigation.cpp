#include "app/navigation.h"

#include <algorithm>

namespace app {

namespace {

// The first segment of each tab's URL, in one table so that writing and reading cannot disagree.
struct TabPath {
    Tab tab;
    std::string_view path;
};
constexpr TabPath kTabPaths[] = {
    {Tab::overview, ""},
    {Tab::doctors, "doctors"},
    {Tab::appointments, "visits"},
    {Tab::credits, "credits"},
    {Tab::schedule, "schedule"},
    {Tab::profile, "profile"},
    {Tab::earnings, "earnings"},
    {Tab::verification, "verification"},
    {Tab::accounts, "accounts"},
    {Tab::staff, "staff"},
    {Tab::notifications, "notifications"},
    {Tab::messages, "messages"},
    {Tab::account, "account"},
};

bool role_has(core::Role role, Tab tab) {
    if (tab == Tab::notifications) return true;  // everyone's, from the bell
    const std::vector<Tab> tabs = tabs_for_role(role);
    return std::find(tabs.begin(), tabs.end(), tab) != tabs.end();
}

}  // namespace

std::string tab_route(Tab tab) {
    for (const TabPath& t : kTabPaths)
        if (t.tab == tab) return t.path.empty() ? std::string() : "#/" + std::string(t.path);
    return {};
}

Tab tab_of_route(core::Role role, std::string_view route) {
    if (route.substr(0, 2) != "#/") return Tab::overview;
    std::string_view first = route.substr(2);
    first = first.substr(0, first.find('/'));
    for (const TabPath& t : kTabPaths) {
        if (t.path.empty() || t.path != first) continue;
        // A visit is on the doctor's Schedule.
        const Tab tab = t.tab == Tab::appointments && role == core::Role::doctor ? Tab::schedule : t.tab;
        return role_has(role, tab) ? tab : Tab::overview;
    }
    return Tab::overview;
}

std::optional<std::int64_t> route_number(std::string_view route, std::string_view prefix, std::string_view suffix) {
    if (route.size() <= prefix.size() + 1 + suffix.size() || route.substr(0, prefix.size()) != prefix || route[prefix.size()] != '/')
        return std::nullopt;
    if (route.substr(route.size() - suffix.size()) != suffix) return std::nullopt;
    const std::string_view digits = route.substr(prefix.size() + 1, route.size() - prefix.size() - 1 - suffix.size());
    if (digits.empty() || digits.size() > 18 || digits[0] == '0') return std::nullopt;
    std::int64_t n = 0;
    for (char c : digits) {
        if (c < '0' || c > '9') return std::nullopt;
        n = n * 10 + (c - '0');
    }
    return n;
}

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
