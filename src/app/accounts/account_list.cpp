#include "app/accounts/account_list.h"

#include <algorithm>

#include "core/accounts/validation.h"
#include "core/messaging/text.h"

namespace app {
namespace {

using core::text::contains_folded;

bool passes(const core::msg::UserInfo& u, const AccountListView& v, std::string_view query) {
    if (v.role > 0 && u.role != kListRoles[v.role - 1]) return false;
    if (v.status > 0 && u.status != kListStatuses[v.status - 1]) return false;
    return query.empty() || contains_folded(u.display_name, query) || contains_folded(u.email, query);
}

}  // namespace

AccountPage account_page(const std::vector<core::msg::UserInfo>& accounts, const AccountListView& view) {
    const std::string query = core::trim(view.query);
    std::vector<const core::msg::UserInfo*> matching;
    for (const auto& u : accounts)
        if (passes(u, view, query)) matching.push_back(&u);
    AccountPage out;
    out.matching = int(matching.size());
    out.pages = std::max(1, (out.matching + kAccountsPerPage - 1) / kAccountsPerPage);
    out.page = std::clamp(view.page, 0, out.pages - 1);
    const int begin = out.page * kAccountsPerPage;
    const int end = std::min(out.matching, begin + kAccountsPerPage);
    out.rows.assign(matching.begin() + begin, matching.begin() + end);
    out.first = out.rows.empty() ? 0 : begin + 1;
    return out;
}

}  // namespace app
