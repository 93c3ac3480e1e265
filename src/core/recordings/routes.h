// Registers the recording requests (start, chunk, finish, list, access, data) and the upload sweep.
#pragma once
#include "core/api/routes.h"
#include "core/recordings/service.h"

namespace core {

void add_recording_routes(Routes& routes, RecordingService& recordings);

}  // namespace core
