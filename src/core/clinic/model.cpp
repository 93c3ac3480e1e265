#include "core/clinic/model.h"

namespace core {

bool holds_slot(AppointmentStatus s) {
    return s == AppointmentStatus::requested || s == AppointmentStatus::confirmed || s == AppointmentStatus::in_progress;
}

bool is_final(AppointmentStatus s) { return !holds_slot(s); }

}  // namespace core
