// Notifications: what a person should know about even when they were not looking (a request, a
// decision, a reminder, someone in the waiting room). Stored per person, pushed live when created.
#pragma once
#include <optional>
#include <string>

#include "core/ids.h"
#include "core/time/clock.h"

namespace core {

struct Notification {
    NotificationId id = 0;
    UserId user_id = 0;
    std::string kind;  // "appointment.requested", "reminder.24h", "doctor.verification", "call.waiting", …
    std::string title;
    std::string body;
    std::optional<AppointmentId> appointment_id;
    Instant created_at{};
    std::optional<Instant> read_at;
};

}  // namespace core
