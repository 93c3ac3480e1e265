#include "app/clinic/confirmations.h"

namespace app {

using core::AppointmentAction;
using core::AppointmentStatus;

std::string credits_text(std::int64_t n) { return std::to_string(n) + (n == 1 || n == -1 ? " credit" : " credits"); }

namespace {

// The patient's refund when they cancel now; the server applies the same rule (cancellation_outcome).
std::string patient_cancel_consequence(const core::msg::AppointmentInfo& a, core::Instant now) {
    if (a.status == AppointmentStatus::requested || now <= a.free_cancel_until)
        return "You get all " + credits_text(a.price_credits) + " back.";
    const std::int64_t back = std::int64_t(a.price_credits) * a.late_cancel_refund_percent / 100;
    std::string text = "It is less than 24 hours before the visit: you get ";
    text += std::to_string(back);
    text += " of ";
    text += credits_text(a.price_credits);
    text += " back.";
    return text;
}

}  // namespace

std::optional<Confirmation> confirmation_for(const core::msg::AppointmentInfo& a, AppointmentAction action, bool doctor_view,
                                             core::Instant now) {
    const std::string& patient = a.patient.display_name;
    switch (action) {
        case AppointmentAction::cancel:
            if (!doctor_view) return Confirmation{"Cancel this visit?", patient_cancel_consequence(a, now), "Yes, cancel the visit", "Keep the visit"};
            return Confirmation{"Cancel the visit with " + patient + "?",
                                patient + " gets all " + credits_text(a.price_credits) + " back and is told at once.",
                                "Yes, cancel the visit", "Keep the visit"};
        case AppointmentAction::complete:
            return Confirmation{"Mark this visit completed?",
                                "You are paid " + credits_text(a.price_credits) + " and the visit closes. This cannot be undone.",
                                "Yes, mark completed", "Not yet"};
        case AppointmentAction::no_show:
            return Confirmation{"Record that " + patient + " did not attend?",
                                "You are paid " + credits_text(a.price_credits) + ", " + patient +
                                    " is told they missed the visit, and it closes. This cannot be undone.",
                                "Yes, they did not attend", "Go back"};
        default: return std::nullopt;
    }
}

}  // namespace app
