// Presence: who is online, away, in a call or offline, computed from live connections and never stored
// per change (no database write per heartbeat, tab or state change).
//
// The registry here holds one entry per signed-in connection (user, away, in call). The dispatcher
// tells it after every request what that request left on the connection (Routes::after_request):
// a sign-in or sign-out, set_away, a call joined or left; and the transport tells it when a
// connection ends (Routes::on_disconnect). So the server and the offline demo, which both run the
// dispatcher, both have presence, with no presence code in either transport.
//
// A user's presence is aggregate() of their connections (model.h). Only when that aggregate really
// changes (not when a second tab opens or closes beside an online one) is presence.changed sent to
// the people who may see the user: their care partners (core/messaging/relationship.h). A hidden doctor
// announces nothing and is offline with no last seen to everyone.
//
// Last seen: the instant the last connection of a user went, kept in memory here; after a server
// restart (nothing in memory) the newest last_seen_at of the user's sessions, which the accounts
// service already writes at most once a minute. Nothing is written for presence.
//
// Who may see whom (visible()): the care relationship, one clause. The on-demand issue adds its one:
// a doctor who takes instant calls is visible to every patient (and is announced to them).
//
// Threading: every method may run on any thread at once; the registry has its own mutex, never held
// while the store is used.
#pragma once
#include <cstdint>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <vector>

#include "core/api/routes.h"
#include "core/errors.h"
#include "core/presence/model.h"
#include "core/store/store.h"
#include "core/time/clock.h"

namespace core {

struct PresenceView {
    UserId user = 0;
    PresenceState state = PresenceState::offline;
    std::optional<LastSeen> last_seen;
    std::int64_t seq = 0;
};

class PresenceService {
public:
    PresenceService(Store& store, const Clock& clock, PresencePolicy policy = {})
        : store_(store), clock_(clock), policy_(policy) {}

    // What a request left on the connection (user, away, calls): updates the registry and, on a real
    // change of a user's presence, announces it into `out`.
    void observe(ConnectionState& connection, Effects& out);
    // The connection ended.
    void forget(ConnectionState& connection, Effects& out);

    // The presence of `ids` as `viewer` may see it: a person the viewer may not see is left out.
    Result<std::vector<PresenceView>> presence_of(const User& viewer, const std::vector<UserId>& ids);
    // A doctor's "show when I'm online" (patients: always true).
    bool visible_setting(UserId user);
    Result<bool> set_visible(const User& user, bool visible, Effects& out);

    // The aggregate of the user's live connections, hidden or not (tests, logs).
    PresenceState live_state(UserId user) const;

private:
    struct Transition {
        UserId user = 0;
        PresenceState state = PresenceState::offline;
        std::int64_t seq = 0;
    };
    // Requires mutex_.
    PresenceState state_locked(UserId user) const;
    std::vector<Transition> change_locked(std::uint64_t connection, std::optional<ConnectionPresence> now);
    void announce(const std::vector<Transition>& transitions, Effects& out);
    // The view of one person as `viewer` sees it, inside a transaction.
    PresenceView view_of(Transaction& tx, const User& viewer, UserId subject);
    bool visible(Transaction& tx, const User& viewer, const User& subject);

    Store& store_;
    const Clock& clock_;
    const PresencePolicy policy_;

    mutable std::mutex mutex_;
    std::unordered_map<std::uint64_t, ConnectionPresence> connections_;                       // guarded
    std::unordered_map<UserId, std::vector<std::uint64_t>> by_user_;                          // guarded
    std::unordered_map<UserId, Instant> went_offline_;                                        // guarded
    std::unordered_map<UserId, std::int64_t> last_seq_;                                       // guarded
    std::int64_t seq_ = 0;                                                                    // guarded
};

}  // namespace core
