// The administrator's account list: search by name or e-mail in any case, role and status filters,
// 50 to a page, a page out of range shown as the last one.
#include <catch2/catch.hpp>

#include "app/accounts/account_list.h"

using core::msg::UserInfo;

namespace {

std::vector<UserInfo> clinic_of(int patients) {
    std::vector<UserInfo> out;
    out.push_back({1, "root@clinic.test", "Root", core::Role::admin});
    out.push_back({2, "okafor@clinic.test", "Dr. Amara Okafor", core::Role::doctor});
    out.push_back({3, "new.doc@clinic.test", "Dr. Pending — ÄRZTIN", core::Role::doctor, core::AccountStatus::pending_verification});
    for (int i = 0; i < patients; ++i)
        out.push_back({core::UserId(10 + i), "p" + std::to_string(i) + "@example.org", "Patient " + std::to_string(i),
                       core::Role::patient, i % 10 == 0 ? core::AccountStatus::suspended : core::AccountStatus::active});
    return out;
}

}  // namespace

TEST_CASE("[app] the administrator's account list: search, filters, pages", "[app][accounts]") {
    const auto accounts = clinic_of(120);
    app::AccountListView v;
    auto page = app::account_page(accounts, v);
    CHECK(page.matching == 123);
    CHECK(page.pages == 3);
    CHECK(page.rows.size() == 50);
    CHECK(page.first == 1);
    CHECK(page.rows.front()->id == 1);

    v.page = 2;
    page = app::account_page(accounts, v);
    CHECK(page.rows.size() == 23);
    CHECK(page.first == 101);
    v.page = 9;  // beyond the end (the list shrank): the last page
    CHECK(app::account_page(accounts, v).page == 2);

    v = {.query = "  OKAFOR "};
    page = app::account_page(accounts, v);
    REQUIRE(page.rows.size() == 1);
    CHECK(page.rows[0]->id == 2);
    v = {.query = "ärztin"};  // beyond ASCII: the same fold as message search
    CHECK(app::account_page(accounts, v).matching == 1);
    v = {.query = "@example.org"};
    CHECK(app::account_page(accounts, v).matching == 120);  // by e-mail too
    v = {.role = 2};  // doctors
    CHECK(app::account_page(accounts, v).matching == 2);
    v = {.role = 2, .status = 2};  // doctors pending verification
    CHECK(app::account_page(accounts, v).matching == 1);
    v = {.role = 1, .status = 3};  // suspended patients
    CHECK(app::account_page(accounts, v).matching == 12);
    v = {.query = "nobody at all"};
    page = app::account_page(accounts, v);
    CHECK(page.rows.empty());
    CHECK(page.first == 0);
    CHECK(page.pages == 1);
}
