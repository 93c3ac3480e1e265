// The one list of the client's feature modules. Adding a feature: its folder under src/app/ (state
// slice, actions, module), its action variant in actions.h, its slice in state.h, and one line here.
// The order is the order in which they hear the session's hooks (on_ready, on_signed_in, …).
#include "app/accounts/accounts_module.h"
#include "app/app.h"
#include "app/calls/call_module.h"
#include "app/clinic/booking_module.h"
#include "app/clinic/practice_module.h"
#include "app/clinic/verification_module.h"
#include "app/clinic/visits_module.h"
#include "app/credits/credits_module.h"
#include "app/invitations/guest_module.h"
#include "app/invitations/invites_module.h"
#include "app/messaging/attachments_module.h"
#include "app/messaging/messaging_module.h"
#include "app/notifications/notifications_module.h"
#include "app/presence/presence_module.h"
#include "app/recordings/recordings_module.h"

namespace app {

std::vector<std::unique_ptr<Module>> make_modules(Context& ctx) {
    std::vector<std::unique_ptr<Module>> modules;
    modules.push_back(std::make_unique<AccountsModule>(ctx));
    modules.push_back(std::make_unique<GuestModule>(ctx));
    modules.push_back(std::make_unique<BookingModule>(ctx));
    modules.push_back(std::make_unique<NotificationsModule>(ctx));
    modules.push_back(std::make_unique<VisitsModule>(ctx));
    modules.push_back(std::make_unique<CreditsModule>(ctx));
    modules.push_back(std::make_unique<PracticeModule>(ctx));
    modules.push_back(std::make_unique<VerificationModule>(ctx));
    modules.push_back(std::make_unique<CallModule>(ctx));
    modules.push_back(std::make_unique<RecordingsModule>(ctx));
    modules.push_back(std::make_unique<InvitesModule>(ctx));
    modules.push_back(std::make_unique<AttachmentsModule>(ctx));  // before messaging: frees textures first on sign-out
    modules.push_back(std::make_unique<MessagingModule>(ctx));
    modules.push_back(std::make_unique<PresenceModule>(ctx));
    return modules;
}

}  // namespace app
