// The presence slice: what this person may see of the people on their screens (from presence_of and
// presence.changed, the newest by seq per person), what this tab last told the server about itself
// (away or not), and a doctor's "Show when I'm online" setting.
#pragma once
#include <cstdint>
#include <map>
#include <optional>

#include "core/presence/messages.h"

namespace app {

struct PresenceSlice {
    std::map<std::int64_t, core::msg::PresenceInfo> people;  // by user id
    std::optional<bool> away_sent;      // what the server was told for this connection
    std::optional<bool> visible;        // a doctor's setting, once loaded
    bool saving = false;

    const core::msg::PresenceInfo* of(std::int64_t user) const {
        auto it = people.find(user);
        return it == people.end() ? nullptr : &it->second;
    }
};

// A tab is away when it is hidden or has had no input for this long.
inline constexpr double kAwayAfterMs = 5 * 60 * 1000;
// How often the people on screen are asked again (their "last seen" moves on by itself).
inline constexpr double kPresenceRefreshMs = 5 * 60 * 1000;

}  // namespace app
