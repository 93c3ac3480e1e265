// The care relationship, written once: a patient and a doctor who have (or had) a visit together in any
// status but declined. Messaging asks it for who may write to whom; presence for who sees whom.
#pragma once
#include <optional>
#include <vector>

#include "core/accounts/model.h"
#include "core/messaging/rules.h"
#include "core/store/store.h"

namespace core {

// The pair (patient, doctor) when `a` and `b` are one patient and one doctor with such a visit.
std::optional<Pair> care_relationship(Transaction& tx, const User& a, const User& b);

// Everyone in a care relationship with `user`: a doctor's patients, a patient's doctors; none for staff.
std::vector<UserId> care_partners(Transaction& tx, const User& user);

}  // namespace core
