// Registers the call requests (join, admit, leave, media, signal, chat, recording consent, end, log,
// waiting rooms), the calls' timer and the disconnect hook.
#pragma once
#include "core/api/routes.h"
#include "core/calls/ice_servers.h"
#include "core/calls/service.h"

namespace core {

void add_call_routes(Routes& routes, CallService& calls, IceServerProvider& ice);

}  // namespace core
