#include "core/clinic/standing.h"

namespace core {

std::optional<Error> suspended_doctor(Transaction& tx, UserId user) {
    if (user <= 0) return std::nullopt;  // guests have no profile
    auto profile = tx.clinic().find_doctor_profile(user);
    if (!profile || profile->verification != Verification::suspended) return std::nullopt;
    return Error::of(ErrorCode::forbidden,
                     "Your profile is suspended, so patients' records are closed to you. "
                     "Contact the clinic's administrators to have the suspension lifted.");
}

}  // namespace core
