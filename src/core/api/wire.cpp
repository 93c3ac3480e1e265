#include "core/api/wire.h"

namespace core::wire {

nlohmann::json user(const User& u) {
    return {{"id", u.id},
            {"email", u.email},
            {"display_name", u.display_name},
            {"role", to_string(u.role)},
            {"status", to_string(u.status)},
            {"time_zone", u.time_zone},
            {"created_at", format_iso8601(u.created_at)}};
}

}  // namespace core::wire
