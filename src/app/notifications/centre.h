// The notification centre's client rules, with no I/O (they run in native and WASM unit tests): the
// day groups of the list ("Today", "Yesterday", "Mon 7 Dec"), the tab title with the count, where a
// notification leads (its URL), and what a new notification should do in this tab: a toast, a browser
// notification (only with permission, only while the tab is hidden, one per subject by its tag) and
// which sound.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "core/notifications/messages.h"
#include "core/time/time_zone.h"

namespace app {

// The browser's Notification.permission, or unsupported (no Notification API, an insecure page).
enum class NotifyPermission { unsupported, ask, granted, denied };
NotifyPermission permission_from(const std::string& js);  // "default" → ask, …

enum class Sound { none, message, ring };

// A system notification for the browser to show; a newer one with the same tag replaces it.
struct BrowserNotice {
    std::string tag;    // "conversation-12", "visit-7", "notification-40"
    std::string title;
    std::string body;
    std::string route;  // where a click leads ("#/messages/12", "#/notifications/40")
};

struct AlertPlan {
    bool toast = false;
    bool browser = false;
    BrowserNotice notice;
    Sound sound = Sound::none;
};

// `prefs`: every category (as the server sent them; empty: the defaults).
AlertPlan plan_alert(const core::msg::NotificationInfo& n, const std::vector<core::msg::ChannelPrefsInfo>& prefs,
                     bool page_hidden, NotifyPermission permission);

core::ChannelPrefs channels_of(const std::vector<core::msg::ChannelPrefsInfo>& prefs, core::NotificationCategory c);

// "#/messages/<conversation>" for a message, "#/notifications/<id>" otherwise (opening it there opens its visit).
std::string route_of(const core::msg::NotificationInfo& n);
std::string tag_of(const core::msg::NotificationInfo& n);

// "(3) Messages · Telemed"; the title as it is at zero.
std::string title_with_count(int unread, const std::string& title);

// "Today", "Yesterday", "Mon 7 Dec" (this year), "Mon 7 Dec 2025" (another year), in `zone`.
std::string day_group_label(core::Instant t, core::Instant now, const core::TimeZone& zone);

struct DayGroup {
    std::string label;
    std::size_t first = 0, count = 0;  // a run of the list (newest first)
};
std::vector<DayGroup> group_by_day(const std::vector<core::msg::NotificationInfo>& list, core::Instant now,
                                   const core::TimeZone& zone);

const char* category_label(core::NotificationCategory c);  // "Messages", "Visit changes", …

}  // namespace app
