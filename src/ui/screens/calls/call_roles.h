// A call role in words ("Doctor", "Interpreter", …), for the call screen and the invite panel.
#pragma once
#include <string>

#include "core/calls/model.h"

namespace ui::screens {

inline std::string call_role_label(core::CallRole role) {
    switch (role) {
        case core::CallRole::doctor: return "Doctor";
        case core::CallRole::patient: return "Patient";
        case core::CallRole::colleague: return "Colleague";
        case core::CallRole::interpreter: return "Interpreter";
        case core::CallRole::family: return "Family member";
    }
    return std::string(core::to_string(role));
}

}  // namespace ui::screens
