// Where the person is: the screen, and inside the signed-in home the tab. Which tabs a role has and
// what they are called.
#pragma once
#include <vector>

#include "core/accounts/model.h"

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
    messages,       // patients and doctors: conversations (URL #/messages, #/messages/<id>)
    account,        // everyone
};

std::vector<Tab> tabs_for_role(core::Role role);
const char* tab_label(Tab tab);
const char* role_label(core::Role role);                 // "Doctor", "Administrator", …
const char* account_status_label(core::AccountStatus s);  // "Active", "Pending verification", …

}  // namespace app
