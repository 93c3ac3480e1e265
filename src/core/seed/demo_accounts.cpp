#include "core/seed/demo_accounts.h"

#include <stdexcept>

namespace core {

const std::vector<DemoAccount>& demo_accounts() {
    static const std::vector<DemoAccount> kAccounts{
        {"patient@demo.telemed.test", "Telemed-Demo-2026", Role::patient, "Zoë Łukasiewicz"},
        {"doctor@demo.telemed.test", "Telemed-Demo-2026", Role::doctor, "Dr. Amara Okafor"},
        {"admin@demo.telemed.test", "Telemed-Demo-2026", Role::admin, "Sam Rivera"},
        {"support@demo.telemed.test", "Telemed-Demo-2026", Role::support, "Lee Chen"},
    };
    return kAccounts;
}

std::vector<DemoAccount> seed_demo_accounts(AccountService& accounts) {
    for (const DemoAccount& a : demo_accounts()) {
        // The demo doctor is shown verified so the clinic can be tried at once.
        auto r = accounts.ensure_account({a.email, a.password, a.display_name, a.role, "Europe/Berlin"},
                                         AccountStatus::active);
        if (!r) throw std::runtime_error("seeding " + a.email + " failed: " + r.error().message);
    }
    return demo_accounts();
}

}  // namespace core
