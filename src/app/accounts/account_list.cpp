#include "app/accounts/account_list.h"

#include <algorithm>
#include <cctype>

namespace app {
namespace {

bool contains_folded(std::string_view text, std::string_view query) {
    const auto fold = [](char c) { return char(std::tolower(static_cast<unsigned char>(c))); };
    return std::search(text.begin(), text.end(), query.begin(), query.end(),
                       [&](char a, char b) { return fold(a) == fold(b); }) != text.end();
}

std::string_view trimmed(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

bool passes(const core::msg::UserInfo& u, const AccountListView& v, std::string_view query) {
    if (v.role > 0 && u.role != kListRoles[v.role - 1]) return false;
    if (v.status > 0 && u.status != kListStatuses[v.status - 1]) return false;
    return query.empty() || contains_folded(u.display_name, query) || contains_folded(u.email, query);
}

}  // namespace

AccountPage account_page(const std::vector<core::msg::UserInfo>& accounts, const AccountListView& view) {
    const std::string_view query = trimmed(view.query);
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
