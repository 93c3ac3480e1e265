// The in-memory presence setting and last-seen read (rules: core/presence/repository.h).
#include <algorithm>

#include "core/store/memory/repositories.h"

namespace core {

bool MemoryPresence::is_hidden(UserId user) {
    auto it = d_.presence_hidden.find(user);
    return it != d_.presence_hidden.end() && it->second;
}

void MemoryPresence::set_hidden(UserId user, bool hidden) {
    if (!d_.users.count(user)) return;
    d_.presence_hidden[user] = hidden;
}

std::optional<Instant> MemoryPresence::last_active(UserId user) {
    std::optional<Instant> newest;
    for (const auto& [id, s] : d_.sessions)
        if (s.user_id == user && (!newest || s.last_seen_at > *newest)) newest = s.last_seen_at;
    return newest;
}

}  // namespace core
