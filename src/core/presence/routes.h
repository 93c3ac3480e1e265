// Registers the presence requests (set_away, presence_of, presence_settings, set_presence_settings)
// and presence's two connection hooks (after every request, and on disconnect).
#pragma once
#include "core/api/routes.h"
#include "core/presence/service.h"

namespace core {

void add_presence_routes(Routes& routes, PresenceService& presence);

}  // namespace core
