#include "core/services.h"

#include "core/accounts/routes.h"
#include "core/api/hello.h"
#include "core/calls/routes.h"
#include "core/clinic/routes.h"
#include "core/credits/routes.h"
#include "core/invitations/routes.h"
#include "core/messaging/routes.h"
#include "core/notifications/routes.h"
#include "core/presence/routes.h"
#include "core/privacy/routes.h"
#include "core/recordings/routes.h"

namespace core {

Services::Services(Store& store, PasswordHasher& hasher, const Clock& clock, PaymentProvider& payments,
                   IceServerProvider& ice, ErrorReporter& errors, ServicePolicies policies)
    : accounts(store, hasher, clock, policies.accounts),
      notifications(store, clock),
      credits(store, clock, payments),
      clinic(store, clock, policies.clinic),
      calls(store, clock, clinic, policies.calls),
      invitations(store, clock, calls, policies.invitations),
      recordings(store, clock, calls, policies.recordings),
      messaging(store, clock, policies.messaging),
      presence(store, clock, policies.presence),
      dispatcher(routes, accounts, errors) {
    add_hello_route(routes, accounts.policy());
    add_account_routes(routes, accounts);
    add_notification_routes(routes, notifications);
    add_credits_routes(routes, credits);
    add_clinic_routes(routes, clinic);
    add_call_routes(routes, calls, ice);
    add_invitation_routes(routes, invitations);
    add_recording_routes(routes, recordings);
    add_messaging_routes(routes, messaging);
    add_presence_routes(routes, presence);
    add_privacy_routes(routes, {clinic, credits, messaging, notifications});
}

}  // namespace core
