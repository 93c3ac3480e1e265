// What credits are worth in money, so a price in credits can also be said in euros: one credit costs
// what it costs in the smallest package (what someone buying just for this visit pays; bundles are
// cheaper per credit, and the Credits screen shows each package's own price).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/credits/messages.h"

namespace app {

struct Money {
    std::int64_t cents = 0;
    std::string currency;
};

// n credits at the smallest package's price per credit (rounded to the cent); none without packages.
std::optional<Money> credits_in_money(std::int64_t n, const std::vector<core::msg::PackageInfo>& packages);

}  // namespace app
