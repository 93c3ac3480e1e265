// Everything the screens show, in one plain struct: the shell's part (connection, screen, the
// signed-in person, notices) and one slice per feature module. Each module changes its own slice in
// response to actions and server messages (and reads the others'); screens read it all and edit only
// the text of the form fields they draw.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "app/accounts/state.h"
#include "app/calls/state.h"
#include "app/clinic/state.h"
#include "app/credits/state.h"
#include "app/invitations/state.h"
#include "app/messaging/state.h"
#include "app/navigation.h"
#include "app/net/client.h"
#include "app/notifications/state.h"
#include "app/presence/state.h"
#include "app/recordings/state.h"

namespace app {

struct Notice {
    enum class Kind { info, success, error } kind = Kind::info;
    std::string text;
};

struct AppState {
    // --- the shell
    bool demo = false;
    Screen screen = Screen::starting;
    ConnectionStatus connection = ConnectionStatus::connecting;
    double retry_at_ms = 0;
    std::string fatal;  // shown full-screen (e.g. the app is outdated)
    std::string browser_time_zone = "UTC";
    std::optional<core::msg::UserInfo> user;
    Tab tab = Tab::overview;
    std::vector<Notice> notices;  // new messages for the person; the UI turns them into toasts
    core::Instant now{};          // this frame's wall-clock time (countdowns, "today")

    // --- the feature modules' slices
    AccountsState accounts;
    BookingState booking;
    VisitsState visits;
    PracticeState practice;
    VerificationState verification;
    CreditsState credits;
    NotificationsState notifications;
    CallState call;
    WaitingRooms call_waiting;
    RecordingsState recordings;
    InvitesState invites;
    MessagingState messaging;
    PresenceSlice presence;
    GuestEntry guest;  // set when the page was opened with ?invite=

    bool has_role(core::Role role) const { return user && user->role == role; }
};

}  // namespace app
