// Everything a person can ask for: screens emit these, the App hands each to the feature module that
// owns it (modules.cpp). An Action is one of the modules' own action variants, so a screen writes
// `out.push_back(app::SubmitBooking{})` and the booking module receives it.
#pragma once
#include <variant>

#include "app/accounts/actions.h"
#include "app/calls/actions.h"
#include "app/clinic/actions.h"
#include "app/credits/actions.h"
#include "app/invitations/actions.h"
#include "app/messaging/actions.h"
#include "app/notifications/actions.h"
#include "app/presence/actions.h"
#include "app/recordings/actions.h"

namespace app {

using Action = std::variant<AccountsAction, BookingAction, VisitsAction, PracticeAction, VerificationAction, CreditsAction,
                            NotificationsAction, CallsAction, RecordingsAction, InvitesAction, GuestAction, MessagingAction,
                            PresenceAction, AttachmentsAction>;

}  // namespace app
