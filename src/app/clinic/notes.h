// The doctor's clinical notes and visit summary as typed: unsaved changes, and the SOAP headings a
// doctor can start from.
#pragma once
#include <string_view>

#include "app/clinic/state.h"

namespace app {

// Subjective, Objective, Assessment, Plan: the structure most clinical notes follow.
inline constexpr std::string_view kSoapTemplate =
    "S (subjective): \nO (objective): \nA (assessment): \nP (plan): ";

// The open visit's notes or summary differ from what the server has.
bool has_unsaved_notes(const VisitsState& v);

}  // namespace app
