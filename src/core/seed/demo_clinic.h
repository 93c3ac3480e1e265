// The demo clinic: verified doctors across specialties with weekly hours, one doctor still waiting
// for verification, and starting credits for the demo patient. Seeded by the server on first start
// and by the offline demo, after the demo accounts (demo_accounts.h).
#pragma once
#include "core/services.h"
#include "core/store/store.h"
#include "core/time/clock.h"

namespace core {

struct DemoDoctor {
    std::string email;
    std::string display_name;
    std::string time_zone;
    std::string specialty;
    std::vector<std::string> languages;
    int years;
    int price;
    bool verified;
    bool auto_confirm;
};

const std::vector<DemoDoctor>& demo_doctors();  // the main demo doctor first
inline constexpr int kDemoPatientCredits = 10;

// Idempotent: creates what is missing (accounts, profiles, hours, credits once).
void seed_demo_clinic(Services& services);

// The offline demo only (the server never calls it): one confirmed video visit of the demo patient
// with the main demo doctor on the half hour nearest to now (at most 25 minutes ahead, else the one
// that began up to 5 minutes ago), so its call is open the moment the demo starts. Paid with the
// patient's credits like any booking. Nothing is done when the patient already has an active visit.
void seed_demo_visit(Store& store, Services& services, const Clock& clock);

}  // namespace core
