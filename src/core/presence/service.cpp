#include "core/presence/service.h"

#include <algorithm>
#include <set>

#include "core/messaging/relationship.h"
#include "core/presence/messages.h"
#include "core/time/format.h"

namespace core {
namespace {

std::optional<ConnectionPresence> presence_of_connection(const ConnectionState& c) {
    if (!c.user || *c.user <= 0 || !c.session) return std::nullopt;
    const UserId user = *c.user;
    const bool in_call = std::any_of(c.calls.begin(), c.calls.end(), [&](const auto& l) { return l.user == user; });
    return ConnectionPresence{user, c.away, in_call};
}

msg::PresenceInfo info_of(const PresenceView& v) { return {v.user, v.state, v.last_seen, v.seq}; }

}  // namespace

PresenceState PresenceService::state_locked(UserId user) const {
    auto it = by_user_.find(user);
    if (it == by_user_.end()) return PresenceState::offline;
    std::vector<ConnectionPresence> parts;
    parts.reserve(it->second.size());
    for (std::uint64_t c : it->second) parts.push_back(connections_.at(c));
    return aggregate(parts);
}

PresenceState PresenceService::live_state(UserId user) const {
    std::lock_guard lock(mutex_);
    return state_locked(user);
}

std::vector<PresenceService::Transition> PresenceService::change_locked(std::uint64_t connection,
                                                                         std::optional<ConnectionPresence> now) {
    auto found = connections_.find(connection);
    const std::optional<ConnectionPresence> before =
        found == connections_.end() ? std::nullopt : std::optional(found->second);
    if (before == now) return {};
    std::vector<UserId> users;
    if (before) users.push_back(before->user);
    if (now && (!before || before->user != now->user)) users.push_back(now->user);
    std::vector<PresenceState> states_before;
    for (UserId u : users) states_before.push_back(state_locked(u));

    if (before) {
        auto& list = by_user_[before->user];
        std::erase(list, connection);
        if (list.empty()) by_user_.erase(before->user);
        connections_.erase(connection);
    }
    if (now) {
        connections_[connection] = *now;
        by_user_[now->user].push_back(connection);
    }

    std::vector<Transition> out;
    for (std::size_t i = 0; i < users.size(); ++i) {
        const PresenceState after = state_locked(users[i]);
        if (after == states_before[i]) continue;
        if (after == PresenceState::offline) went_offline_[users[i]] = clock_.now();
        const std::int64_t seq = ++seq_;
        last_seq_[users[i]] = seq;
        out.push_back({users[i], after, seq});
    }
    return out;
}

void PresenceService::observe(ConnectionState& connection, Effects& out) {
    const auto now = presence_of_connection(connection);
    if (!now && !connection.present) return;  // never counted, still not: nothing to look up
    std::vector<Transition> changed;
    {
        std::lock_guard lock(mutex_);
        changed = change_locked(connection.id, now);
    }
    connection.present = now.has_value();
    announce(changed, out);
}

void PresenceService::forget(ConnectionState& connection, Effects& out) {
    std::vector<Transition> changed;
    {
        std::lock_guard lock(mutex_);
        changed = change_locked(connection.id, std::nullopt);
    }
    connection.present = false;
    announce(changed, out);
}

void PresenceService::announce(const std::vector<Transition>& transitions, Effects& out) {
    if (transitions.empty()) return;
    // Reads only: whether the user hides, and who their care partners are.
    store_.transact(
        [&](Transaction& tx) {
            for (const Transition& t : transitions) {
                const auto user = tx.accounts().find_user(t.user);
                if (!user || tx.presence().is_hidden(t.user)) continue;
                msg::PresenceInfo info{t.user, t.state, std::nullopt, t.seq};
                if (t.state == PresenceState::offline) info.last_seen = LastSeen::just_now;
                for (UserId partner : care_partners(tx, *user)) tx.effects().to_user(partner, msg::PresenceChanged{info});
            }
        },
        out);
}

bool PresenceService::visible(Transaction& tx, const User& viewer, const User& subject) {
    return care_relationship(tx, viewer, subject).has_value();
    // On-demand (a later issue) adds: || (viewer.role == Role::patient && takes_instant_calls(subject)).
}

PresenceView PresenceService::view_of(Transaction& tx, const User& viewer, UserId subject) {
    PresenceView v{subject};
    std::optional<Instant> gone;
    {
        std::lock_guard lock(mutex_);
        v.state = state_locked(subject);
        if (auto it = last_seq_.find(subject); it != last_seq_.end()) v.seq = it->second;
        if (auto it = went_offline_.find(subject); it != went_offline_.end()) gone = it->second;
    }
    if (tx.presence().is_hidden(subject)) {
        v.state = PresenceState::offline;
        return v;
    }
    if (v.state != PresenceState::offline) return v;
    if (!gone) gone = tx.presence().last_active(subject);
    if (gone) v.last_seen = round_last_seen(*gone, clock_.now(), zone_or_utc(viewer.time_zone));
    return v;
}

Result<std::vector<PresenceView>> PresenceService::presence_of(const User& viewer, const std::vector<UserId>& ids) {
    if (ids.size() > static_cast<std::size_t>(policy_.max_query_users))
        return Error::of(ErrorCode::invalid_field,
                         "Ask for at most " + std::to_string(policy_.max_query_users) + " people at a time.", "user_ids");
    return store_.transact([&](Transaction& tx) {
                     std::vector<PresenceView> out;
                     std::set<UserId> seen;
                     for (UserId id : ids) {
                         if (!seen.insert(id).second) continue;
                         const auto subject = tx.accounts().find_user(id);
                         if (!subject || !visible(tx, viewer, *subject)) continue;  // a stranger learns nothing
                         out.push_back(view_of(tx, viewer, id));
                     }
                     return out;
                 })
        .value;
}

bool PresenceService::visible_setting(UserId user) {
    return store_.transact([&](Transaction& tx) { return !tx.presence().is_hidden(user); }).value;
}

Result<bool> PresenceService::set_visible(const User& user, bool visible_now, Effects& out) {
    if (user.role != Role::doctor)
        return Error::of(ErrorCode::forbidden, "Only doctors can hide when they are online.");
    return store_.transact(
        [&](Transaction& tx) -> Result<bool> {
            const bool was_hidden = tx.presence().is_hidden(user.id);
            if (was_hidden == !visible_now) return visible_now;  // no change, nothing to announce
            tx.presence().set_hidden(user.id, !visible_now);
            std::int64_t seq = 0;
            {
                std::lock_guard lock(mutex_);
                seq = ++seq_;
                last_seq_[user.id] = seq;
            }
            for (UserId partner : care_partners(tx, user)) {
                msg::PresenceInfo info{user.id, PresenceState::offline, std::nullopt, seq};
                if (visible_now) {
                    const auto viewer = tx.accounts().find_user(partner);
                    if (!viewer) continue;
                    info = info_of(view_of(tx, *viewer, user.id));
                    info.seq = seq;
                }
                tx.effects().to_user(partner, msg::PresenceChanged{info});
            }
            return visible_now;
        },
        out);
}

}  // namespace core
