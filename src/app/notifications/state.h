// The notifications slice: the person's notifications (newest first), the unread count as the server
// counts it (so every tab shows the same number), their preferences, the browser's permission and
// which view of the centre is on screen.
#pragma once
#include <vector>

#include "app/notifications/centre.h"
#include "core/notifications/messages.h"

namespace app {

struct NotificationsState {
    std::vector<core::msg::NotificationInfo> list;  // newest first, at most the newest 200
    int unread = 0;                                 // all unread, from the server
    bool loading = false, loaded = false;
    std::vector<core::msg::ChannelPrefsInfo> prefs;  // every category; empty until loaded (defaults apply)
    bool settings = false;                           // the preferences view (#/notifications/settings)
    NotifyPermission permission = NotifyPermission::unsupported;
    bool sound_blocked = false;  // a sound was due before the page had a click or key press (browsers forbid it)
};

}  // namespace app
