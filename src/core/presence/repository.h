// What the presence domain stores: nothing per connection or per change (presence lives in memory, see
// service.h), only a doctor's "show when I'm online" setting, and it reads the last-seen time the
// sessions already keep. Implemented by every store; tests/unit/store/presence.test.cpp holds each one
// to the rules written here.
//
// Rules for every method: an unknown user finds nothing and changes nothing; no permission is checked
// (the service does).
#pragma once
#include <optional>

#include "core/ids.h"
#include "core/time/clock.h"

namespace core {

class PresenceRepository {
public:
    virtual ~PresenceRepository() = default;

    // True when the user chose to hide their presence; false when they never chose (the default).
    virtual bool is_hidden(UserId user) = 0;
    // Stores the choice (a second call replaces the first).
    virtual void set_hidden(UserId user, bool hidden) = 0;
    // The newest last_seen_at over the user's sessions, ended ones included (sessions write it at most
    // once a minute while in use); nullopt when the user never had a session.
    virtual std::optional<Instant> last_active(UserId user) = 0;
};

}  // namespace core
