#include "app/credits/pricing.h"

namespace app {

std::optional<Money> credits_in_money(std::int64_t n, const std::vector<core::msg::PackageInfo>& packages) {
    const core::msg::PackageInfo* smallest = nullptr;
    for (const core::msg::PackageInfo& p : packages)
        if (p.credits > 0 && (!smallest || p.credits < smallest->credits)) smallest = &p;
    if (!smallest) return std::nullopt;
    // Rounded half up, in integers: 3900 cents for 2 credits is 1950 a credit.
    const std::int64_t cents = (n * smallest->price_cents * 2 + smallest->credits) / (2 * smallest->credits);
    return Money{cents, smallest->currency};
}

}  // namespace app
