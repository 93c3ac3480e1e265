#include "app/notifications/centre.h"

#include "core/notifications/rules.h"
#include "core/time/format.h"

namespace app {

namespace msg = core::msg;

NotifyPermission permission_from(const std::string& js) {
    if (js == "granted") return NotifyPermission::granted;
    if (js == "denied") return NotifyPermission::denied;
    if (js == "default") return NotifyPermission::ask;
    return NotifyPermission::unsupported;
}

core::ChannelPrefs channels_of(const std::vector<msg::ChannelPrefsInfo>& prefs, core::NotificationCategory c) {
    for (const msg::ChannelPrefsInfo& p : prefs)
        if (p.category == c) return {p.in_app, p.browser, p.sound};
    return core::default_channels(c);
}

std::string route_of(const msg::NotificationInfo& n) {
    if (n.conversation_id) return "#/messages/" + std::to_string(*n.conversation_id);
    return "#/notifications/" + std::to_string(n.id);
}

std::string tag_of(const msg::NotificationInfo& n) {
    if (n.conversation_id) return "conversation-" + std::to_string(*n.conversation_id);
    if (n.kind == core::kWaitingNotification && n.appointment_id) return "visit-" + std::to_string(*n.appointment_id);
    return "notification-" + std::to_string(n.id);
}

AlertPlan plan_alert(const msg::NotificationInfo& n, const std::vector<msg::ChannelPrefsInfo>& prefs, bool page_hidden,
                     NotifyPermission permission) {
    const core::NotificationCategory category = core::category_of(n.kind);
    const core::ChannelPrefs channels = channels_of(prefs, category);
    AlertPlan plan;
    plan.toast = channels.in_app && !n.read && !page_hidden;
    plan.browser = channels.browser && page_hidden && permission == NotifyPermission::granted;
    if (plan.browser) {
        plan.notice.tag = tag_of(n);
        plan.notice.title = n.title;
        plan.notice.body = n.body;
        plan.notice.route = route_of(n);
    }
    if (channels.sound) plan.sound = category == core::NotificationCategory::calls ? Sound::ring : Sound::message;
    return plan;
}

std::string title_with_count(int unread, const std::string& title) {
    if (unread <= 0) return title;
    return "(" + std::to_string(unread) + ") " + title;
}

namespace {

constexpr const char* kWeekdays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// Days since 1970-01-01 of a civil date (Howard Hinnant's days_from_civil).
long days_of(int y, int m, int d) {
    y -= m <= 2;
    const long era = (y >= 0 ? y : y - 399) / 400;
    const long yoe = y - era * 400;
    const long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

}  // namespace

std::string day_group_label(core::Instant t, core::Instant now, const core::TimeZone& zone) {
    const core::LocalParts when = core::local_parts(t, zone);
    const core::LocalParts today = core::local_parts(now, zone);
    const long diff = days_of(today.year, today.month, today.day) - days_of(when.year, when.month, when.day);
    if (diff == 0) return "Today";
    if (diff == 1) return "Yesterday";
    std::string label = std::string(kWeekdays[when.weekday % 7]) + " " + std::to_string(when.day) + " " +
                        kMonths[(when.month + 11) % 12];
    if (when.year != today.year) label += " " + std::to_string(when.year);
    return label;
}

std::vector<DayGroup> group_by_day(const std::vector<msg::NotificationInfo>& list, core::Instant now,
                                   const core::TimeZone& zone) {
    std::vector<DayGroup> groups;
    for (std::size_t i = 0; i < list.size(); ++i) {
        std::string label = day_group_label(list[i].created_at, now, zone);
        if (groups.empty() || groups.back().label != label) groups.push_back({std::move(label), i, 0});
        ++groups.back().count;
    }
    return groups;
}

const char* category_label(core::NotificationCategory c) {
    switch (c) {
        case core::NotificationCategory::messages: return "Messages";
        case core::NotificationCategory::visits: return "Visit changes";
        case core::NotificationCategory::reminders: return "Reminders";
        case core::NotificationCategory::calls: return "Calls and waiting room";
        case core::NotificationCategory::helpline: return "Helpline";
    }
    return "";
}

}  // namespace app
