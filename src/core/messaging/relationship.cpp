#include "core/messaging/relationship.h"

namespace core {

std::optional<Pair> care_relationship(Transaction& tx, const User& a, const User& b) {
    const auto pair = pair_of(a, b);
    if (!pair || !tx.clinic().has_visit_between(pair->doctor, pair->patient)) return std::nullopt;
    return pair;
}

std::vector<UserId> care_partners(Transaction& tx, const User& user) {
    if (user.role != Role::patient && user.role != Role::doctor) return {};
    return tx.clinic().visit_partners(user.id);
}

}  // namespace core
