// Registers export_my_data: a person's own data, composed from what each domain already lets them read
// (so the export can show nothing the person could not see through the protocol). Deleting the account
// is an accounts request (core/accounts/routes.cpp).
#pragma once
#include "core/api/routes.h"
#include "core/clinic/service.h"
#include "core/credits/service.h"
#include "core/messaging/service.h"
#include "core/notifications/service.h"

namespace core {

struct PrivacySources {
    ClinicService& clinic;
    CreditsService& credits;
    MessagingService& messaging;
    NotificationService& notifications;
};

void add_privacy_routes(Routes& routes, PrivacySources sources);

}  // namespace core
