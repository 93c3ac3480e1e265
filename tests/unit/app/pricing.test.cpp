// Prices in credits also said in money (app/credits/pricing.h).
#include <catch2/catch.hpp>

#include "app/credits/pricing.h"

using app::credits_in_money;

TEST_CASE("[app] pricing: credits in money at the smallest package's price", "[app][credits]") {
    std::vector<core::msg::PackageInfo> packages(3);
    packages[0].credits = 10, packages[0].price_cents = 17900, packages[0].currency = "EUR";
    packages[1].credits = 2, packages[1].price_cents = 3900, packages[1].currency = "EUR";
    packages[2].credits = 24, packages[2].price_cents = 39900, packages[2].currency = "EUR";
    auto m = credits_in_money(2, packages);
    REQUIRE(m);
    CHECK(m->cents == 3900);
    CHECK(m->currency == "EUR");
    CHECK(credits_in_money(1, packages)->cents == 1950);
    CHECK(credits_in_money(3, packages)->cents == 5850);
    packages[1].price_cents = 3901;  // 1950.5 cents a credit: rounded half up
    CHECK(credits_in_money(1, packages)->cents == 1951);
    CHECK_FALSE(credits_in_money(2, {}));
}
