// Presence: whether a person is online, away, in a call or offline, and when an offline person was last
// seen, rounded for people ("Last seen yesterday"), never an exact time. Plain data and the rules that
// need no store: how one user's connections add up, and how a last-seen instant is rounded.
//
// Presence is computed from live connections (service.h keeps them in memory), never stored per
// change: the only stored presence data is a doctor's "show when I'm online" setting (repository.h).
#pragma once
#include <chrono>
#include <optional>
#include <span>
#include <string>

#include "core/enums.h"
#include "core/ids.h"
#include "core/time/clock.h"
#include "core/time/time_zone.h"

namespace core {

// Ordered by strength: a user's presence is the strongest of their connections' (in_call > online > away),
// offline when they have none.
#define CORE_PRESENCE_STATES(X) X(online) X(away) X(in_call) X(offline)
CORE_ENUM(PresenceState, CORE_PRESENCE_STATES)

// "Last seen …", rounded: just now (< 5 min), within the hour (< 60 min), today, yesterday (the viewer's
// calendar days), this week (2–6 days ago), a long time ago (7 days or more).
#define CORE_LAST_SEEN(X) X(just_now) X(within_hour) X(today) X(yesterday) X(this_week) X(long_ago)
CORE_ENUM(LastSeen, CORE_LAST_SEEN)

// One connection's part: who it belongs to, whether its tab says the person is away (hidden tab or no
// input for 5 minutes), and whether a call was joined over it.
struct ConnectionPresence {
    UserId user = 0;
    bool away = false;
    bool in_call = false;
    bool operator==(const ConnectionPresence&) const = default;
};

// The user's presence over all their connections: in_call while any connection is in a call; online
// while any connection is not away; away when every connection is away; offline with none.
PresenceState aggregate(std::span<const ConnectionPresence> connections);

// The rounded "last seen" of an instant, for a viewer in `zone` at `now`. An instant in the future
// (clocks of two servers) counts as now.
LastSeen round_last_seen(Instant seen, Instant now, const TimeZone& zone);

// What a person reads beside the dot: "Online", "Away", "In a call", "Offline", "Last seen yesterday".
std::string presence_label(PresenceState state, std::optional<LastSeen> last_seen);

struct PresencePolicy {
    // How many people one presence_of request may ask about (a screen of conversations).
    int max_query_users = 100;
};

}  // namespace core
