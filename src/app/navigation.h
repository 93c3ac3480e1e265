// Where the person is: the screen, and inside the signed-in home the tab. Which tabs a role has and
// what they are called.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
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

// Every screen has a URL, in the fragment so that the page itself is the same file for all of them:
// "#/visits/345" (a visit), "#/visits/345/call" (its call), "#/doctors/12", "#/messages/7",
// "#/notifications/settings". A tab's own is its first segment ("#/schedule"); home is the bare
// address ("").
std::string tab_route(Tab tab);
// The tab a route belongs to for this role: "#/visits/…" is a patient's Visits and a doctor's Schedule;
// a route the role has no tab for (or none at all) is home.
Tab tab_of_route(core::Role role, std::string_view route);
// "#/visits/345/call" with prefix "#/visits" and suffix "/call" -> 345; nullopt when the route is not
// exactly that shape with a positive number.
std::optional<std::int64_t> route_number(std::string_view route, std::string_view prefix, std::string_view suffix = "");
const char* role_label(core::Role role);                 // "Doctor", "Administrator", …
const char* account_status_label(core::AccountStatus s);  // "Active", "Pending verification", …

}  // namespace app
