#include "core/presence/model.h"

namespace core {

PresenceState aggregate(std::span<const ConnectionPresence> connections) {
    if (connections.empty()) return PresenceState::offline;
    bool any_present = false;
    for (const ConnectionPresence& c : connections) {
        if (c.in_call) return PresenceState::in_call;
        any_present = any_present || !c.away;
    }
    return any_present ? PresenceState::online : PresenceState::away;
}

LastSeen round_last_seen(Instant seen, Instant now, const TimeZone& zone) {
    using namespace std::chrono;
    if (seen > now) seen = now;
    const auto ago = now - seen;
    if (ago < minutes(5)) return LastSeen::just_now;
    if (ago < hours(1)) return LastSeen::within_hour;
    const auto day_of = [&zone](Instant t) { return floor<days>(zone.to_local(t)); };
    const auto days_ago = (day_of(now) - day_of(seen)).count();
    if (days_ago <= 0) return LastSeen::today;
    if (days_ago == 1) return LastSeen::yesterday;
    if (days_ago < 7) return LastSeen::this_week;
    return LastSeen::long_ago;
}

std::string presence_label(PresenceState state, std::optional<LastSeen> last_seen) {
    switch (state) {
        case PresenceState::online: return "Online";
        case PresenceState::away: return "Away";
        case PresenceState::in_call: return "In a call";
        case PresenceState::offline: break;
    }
    if (!last_seen) return "Offline";
    switch (*last_seen) {
        case LastSeen::just_now: return "Last seen just now";
        case LastSeen::within_hour: return "Last seen within the hour";
        case LastSeen::today: return "Last seen today";
        case LastSeen::yesterday: return "Last seen yesterday";
        case LastSeen::this_week: return "Last seen this week";
        case LastSeen::long_ago: return "Last seen a long time ago";
    }
    return "Offline";
}

}  // namespace core
