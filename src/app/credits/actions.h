// What a person asks of their credits.
#pragma once
#include <variant>

namespace app {

struct LoadWallet {};
struct SubmitPurchase {};
using CreditsAction = std::variant<LoadWallet, SubmitPurchase>;

}  // namespace app
