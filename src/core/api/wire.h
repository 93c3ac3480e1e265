// JSON shapes of domain objects on the wire (see docs/PROTOCOL.md). Secrets never appear here.
#pragma once
#include <nlohmann/json.hpp>

#include "core/accounts/user.h"

namespace core::wire {

nlohmann::json user(const User& u);

}  // namespace core::wire
