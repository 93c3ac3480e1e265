// The composition root: every domain's service, built once over one store, and the request table
// that routes to them. The server builds one over SQLite (server/net/server.cpp); the offline demo
// builds one over MemoryStore inside the page (src/app/demo/); the tests build one over either.
//
//   Services services(store, hasher, clock, payments, ice, errors);
//   services.dispatcher.handle(connection, frame);
//
// Adding a domain: its service here, and one line in Services::Services registering its routes.
#pragma once
#include "core/accounts/service.h"
#include "core/api/dispatcher.h"
#include "core/api/routes.h"
#include "core/calls/ice_servers.h"
#include "core/calls/service.h"
#include "core/clinic/service.h"
#include "core/credits/payments.h"
#include "core/credits/service.h"
#include "core/crypto/password_hasher.h"
#include "core/invitations/service.h"
#include "core/messaging/service.h"
#include "core/notifications/service.h"
#include "core/presence/service.h"
#include "core/recordings/service.h"
#include "core/store/store.h"

namespace core {

struct ServicePolicies {
    AccountPolicy accounts;
    ClinicPolicy clinic;
    CallPolicy calls;
    InvitationPolicy invitations;
    RecordingPolicy recordings;
    MessagingPolicy messaging;
    PresencePolicy presence;
};

class Services {
public:
    Services(Store& store, PasswordHasher& hasher, const Clock& clock, PaymentProvider& payments,
             IceServerProvider& ice, ErrorReporter& errors, ServicePolicies policies = {});
    Services(const Services&) = delete;
    Services& operator=(const Services&) = delete;

    AccountService accounts;
    NotificationService notifications;
    CreditsService credits;
    ClinicService clinic;
    CallService calls;
    InvitationService invitations;
    RecordingService recordings;
    MessagingService messaging;
    PresenceService presence;

    Routes routes;  // every domain's requests, timers and disconnect hooks
    Dispatcher dispatcher;
};

}  // namespace core
