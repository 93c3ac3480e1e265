// Registers the clinic requests (doctors, availability, slots, booking, appointments) and its timer.
#pragma once
#include "core/api/routes.h"
#include "core/clinic/service.h"

namespace core {

void add_clinic_routes(Routes& routes, ClinicService& clinic);

}  // namespace core
