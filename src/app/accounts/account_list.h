// The administrator's list of accounts, narrowed by what they typed (a name or an e-mail, any case),
// a role and a status, and cut into pages. The filters are the list's own state (AccountListView).
#pragma once
#include <string>
#include <vector>

#include "core/accounts/messages.h"

namespace app {

struct AccountListView {
    std::string query;
    int role = 0;    // 0 everyone, then kListRoles in order
    int status = 0;  // 0 any, then kListStatuses in order
    int page = 0;    // 0-based
};

inline constexpr int kAccountsPerPage = 50;
inline constexpr core::Role kListRoles[] = {core::Role::patient, core::Role::doctor, core::Role::support, core::Role::admin};
inline constexpr core::AccountStatus kListStatuses[] = {core::AccountStatus::active, core::AccountStatus::pending_verification,
                                                        core::AccountStatus::suspended};

struct AccountPage {
    std::vector<const core::msg::UserInfo*> rows;  // this page's accounts, by id
    int matching = 0;                              // accounts that pass the filters
    int first = 0;                                 // 1-based number of the first row (0 when none)
    int page = 0;                                  // the page shown (the one asked for, within range)
    int pages = 1;
};

AccountPage account_page(const std::vector<core::msg::UserInfo>& accounts, const AccountListView& view);

}  // namespace app
