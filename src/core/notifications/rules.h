// The notification centre's rules that need no store: which category a kind belongs to, the default
// channels, checking a preferences update, the coalesced text of a conversation's notification, and
// which notifications are coalesced at all.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/errors.h"
#include "core/notifications/model.h"

namespace core {

inline constexpr std::string_view kMessageNotification = "message";
inline constexpr std::string_view kWaitingNotification = "call.waiting";

// "message" → messages; "appointment.*", "doctor.*" → visits; "reminder.*" → reminders; "call.*" →
// calls; "helpline.*" → helpline; anything else → visits.
NotificationCategory category_of(std::string_view kind);

// Messages and calls: every channel; visit changes and reminders: in the app and in the browser,
// no sound; helpline: in the app and a sound.
ChannelPrefs default_channels(NotificationCategory category);

// Every category, in order, with the stored rows applied over the defaults.
std::vector<NotificationPref> effective_prefs(const std::vector<NotificationPref>& stored);
ChannelPrefs channels_for(const std::vector<NotificationPref>& stored, NotificationCategory category);

// An update names each category at most once (at least one): otherwise invalid_field "prefs".
std::optional<Error> check_prefs_update(const std::vector<NotificationPref>& update);

// Whether a new notification of this kind replaces an unread one about the same subject.
bool coalesces(const NotificationSubject& s);

// The conversation's notification: "Dr. Okafor" / the message's first line (at most 120 characters)
// when it is the only unread one, "3 new messages" when there are more.
std::string message_notification_body(int unread, const std::string& text);

}  // namespace core
