// What a person is asked before an action on a visit that costs money or cannot be undone (cancel,
// mark completed, patient did not attend): the question, its consequence in credits, and the two
// answers. Pure, so the words are tested beside the rule.
#pragma once
#include <optional>
#include <string>

#include "core/clinic/messages.h"

namespace app {

struct Confirmation {
    std::string question;     // "Cancel this visit?"
    std::string consequence;  // "It is less than 24 hours away: you get 1 of 2 credits back."
    std::string yes, no;      // "Yes, cancel the visit" / "Keep the visit"
};

// nullopt: the action needs no second question (confirm, decline, start).
std::optional<Confirmation> confirmation_for(const core::msg::AppointmentInfo& a, core::AppointmentAction action, bool doctor_view,
                                             core::Instant now);

// "1 credit", "12 credits"
std::string credits_text(std::int64_t n);

}  // namespace app
