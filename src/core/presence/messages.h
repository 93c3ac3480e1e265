// The presence messages (docs/PROTOCOL.md, "Presence"): the away report of a tab, the presence of the
// people on a screen, a doctor's visibility setting, and the presence.changed event.
#pragma once
#include <optional>
#include <vector>

#include "core/ids.h"
#include "core/presence/model.h"
#include "core/protocol/protocol.h"

namespace core::msg {

using protocol::Empty;

// One person's presence as a viewer may see it. last_seen only when offline and known; a hidden
// doctor is offline with no last_seen. `seq` grows with every change the server announces: a client
// keeps the newest per person and ignores an older one arriving late.
struct PresenceInfo {
    UserId user_id = 0;
    PresenceState state = PresenceState::offline;
    std::optional<LastSeen> last_seen;
    std::int64_t seq = 0;
    template <typename F>
    void fields(F& f) {
        f("user_id", user_id);
        f("state", state);
        f("last_seen", last_seen);
        f("seq", seq);
    }
};

// "This tab is away (hidden, or no input for 5 minutes)" or "back". Per connection: the user is away
// only when every connection of theirs is.
struct SetAway {
    static constexpr protocol::RequestType type = protocol::RequestType::set_away;
    using Reply = Empty;
    bool away = false;
    template <typename F>
    void fields(F& f) {
        f("away", away);
    }
};

struct PresenceList {
    std::vector<PresenceInfo> people;  // in the order asked; a person the caller may not see is left out
    template <typename F>
    void fields(F& f) {
        f("people", people);
    }
};

// The presence of the people on the caller's screen (at most 100 ids).
struct PresenceOf {
    static constexpr protocol::RequestType type = protocol::RequestType::presence_of;
    using Reply = PresenceList;
    std::vector<UserId> user_ids;
    template <typename F>
    void fields(F& f) {
        f("user_ids", user_ids);
    }
};

struct PresenceSettings {
    bool visible = true;  // "Show when I'm online"
    template <typename F>
    void fields(F& f) {
        f("visible", visible);
    }
};

// The caller's own setting (a doctor's; patients always show).
struct GetPresenceSettings {
    static constexpr protocol::RequestType type = protocol::RequestType::presence_settings;
    using Reply = PresenceSettings;
    template <typename F>
    void fields(F&) {}
};

// Doctors only: show or hide their presence. Hidden: offline with no last seen, to everyone.
struct SetPresenceSettings {
    static constexpr protocol::RequestType type = protocol::RequestType::set_presence_settings;
    using Reply = PresenceSettings;
    bool visible = true;
    template <typename F>
    void fields(F& f) {
        f("visible", visible);
    }
};

// --- events

// To the connected people who may see `user_id`, when that person's presence really changed.
struct PresenceChanged {
    static constexpr std::string_view name = "presence.changed";
    PresenceInfo presence;
    template <typename F>
    void fields(F& f) {
        f("presence", presence);
    }
};

}  // namespace core::msg
