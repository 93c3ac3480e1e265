// What a person does with presence: a doctor shows or hides when they are online.
#pragma once
#include <variant>

namespace app {

struct SetPresenceVisible {
    bool visible = true;
};

using PresenceAction = std::variant<SetPresenceVisible>;

}  // namespace app
