#include "core/notifications/rules.h"

#include <set>

#include "core/messaging/text.h"

namespace core {

namespace {
bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }
}  // namespace

NotificationCategory category_of(std::string_view kind) {
    if (kind == kMessageNotification) return NotificationCategory::messages;
    if (starts_with(kind, "reminder.")) return NotificationCategory::reminders;
    if (starts_with(kind, "call.")) return NotificationCategory::calls;
    if (starts_with(kind, "helpline.")) return NotificationCategory::helpline;
    return NotificationCategory::visits;
}

ChannelPrefs default_channels(NotificationCategory category) {
    switch (category) {
        case NotificationCategory::messages:
        case NotificationCategory::calls: return {true, true, true};
        case NotificationCategory::visits:
        case NotificationCategory::reminders: return {true, true, false};
        case NotificationCategory::helpline: return {true, false, true};
    }
    return {};
}

std::vector<NotificationPref> effective_prefs(const std::vector<NotificationPref>& stored) {
    std::vector<NotificationPref> out;
    for (std::size_t i = 0; i < enum_names<NotificationCategory>().size(); ++i) {
        const auto c = static_cast<NotificationCategory>(i);
        out.push_back({c, channels_for(stored, c)});
    }
    return out;
}

ChannelPrefs channels_for(const std::vector<NotificationPref>& stored, NotificationCategory category) {
    for (const NotificationPref& p : stored)
        if (p.category == category) return p.channels;
    return default_channels(category);
}

std::optional<Error> check_prefs_update(const std::vector<NotificationPref>& update) {
    if (update.empty())
        return Error::of(ErrorCode::invalid_field, "Name at least one kind of notification to change.", "prefs");
    std::set<NotificationCategory> seen;
    for (const NotificationPref& p : update)
        if (!seen.insert(p.category).second) {
            // Appended piece by piece: GCC 12 at -O3 warns (-Werror=restrict) on "\"" + a temporary.
            std::string message = "\"";
            message += to_string(p.category);
            message += "\" is named twice; name each kind once.";
            return Error::of(ErrorCode::invalid_field, message, "prefs");
        }
    return std::nullopt;
}

bool coalesces(const NotificationSubject& s) {
    if (s.kind == kMessageNotification) return s.conversation_id.has_value();
    if (s.kind == kWaitingNotification) return s.appointment_id.has_value();
    return false;
}

std::string message_notification_body(int unread, const std::string& text) {
    if (unread > 1) return std::to_string(unread) + " new messages";
    std::string line = text.substr(0, text.find('\n'));
    // At most 120 code points, cut at a code point boundary.
    constexpr std::size_t kMax = 120;
    std::size_t at = 0, points = 0;
    while (at < line.size() && points < kMax) {
        at += text::code_point_at(line, at).bytes;
        ++points;
    }
    if (at < line.size()) line = line.substr(0, at) + "\xE2\x80\xA6";  // …
    return line.empty() ? std::string("New message") : line;
}

}  // namespace core
