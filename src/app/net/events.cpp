#include "app/net/events.h"

namespace app {

void EventRouter::dispatch(const core::protocol::Event& event) const {
    auto it = handlers_.find(event.name);
    if (it == handlers_.end()) {
        if (on_unknown) on_unknown(event.name);
        return;
    }
    for (const Handler& handle : it->second) {
        // Every listener decodes the same data: one failure is the same for all, so report it once.
        if (auto problem = handle(event.data)) {
            if (on_unreadable) on_unreadable(event.name, *problem);
            return;
        }
    }
}

}  // namespace app
