// The notification centre (behind the bell): everyone's notifications, newest first, grouped by day
// ("Today", "Yesterday", "Mon 7 Dec"); unread ones carry a dot and bold text; opening one opens what it
// is about; "Mark all read"; and the settings view: per kind of notification, in the app / browser
// notification / sound, with the opt-in button for browser notifications.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "app/notifications/centre.h"
#include "ui/a11y/a11y.h"
#include "ui/screens/screens.h"
#include "ui/screens/view_helpers.h"
#include "ui/toolkit/fonts.h"
#include "ui/toolkit/text_shaping.h"
#include "ui/toolkit/theme.h"
#include "ui/toolkit/widgets.h"

namespace ui::screens {
namespace {

using core::msg::NotificationInfo;

// The first line of a text, cut to fit `width` with an ellipsis (the whole text is in the
// accessibility label and in what the notification opens).
std::string fit(const std::string& text, float width) {
    std::string line = text.substr(0, text.find('\n'));
    if (ImGui::CalcTextSize(display_text(line).c_str()).x <= width) return line;
    const auto lines = wrap_lines(line, std::max(40.f, width - ImGui::CalcTextSize("…").x));
    return line.substr(0, lines.empty() ? 0 : lines[0].second) + "…";
}

// The body in at most kBodyLines lines at `width`, the last one ending in "…" when more text follows:
// "… asks for Tue 8 Dec 2026, 08:00 (UTC). Confirm or decline it." is read whole on a phone instead of
// stopping at the date (the whole text is also in the accessibility label and what the row opens).
constexpr std::size_t kBodyLines = 3;
std::vector<std::string> body_lines(const std::string& text, float width) {
    const auto lines = wrap_lines(text, width);
    std::vector<std::string> out;
    for (std::size_t i = 0; i < lines.size() && i < kBodyLines; ++i)
        out.push_back(text.substr(lines[i].first, lines[i].second - lines[i].first));
    if (lines.size() <= kBodyLines) return out;
    std::string& last = out.back();
    while (!last.empty() && ImGui::CalcTextSize(display_text(last + "…").c_str()).x > width) {
        while (!last.empty() && (static_cast<unsigned char>(last.back()) & 0xC0) == 0x80) last.pop_back();
        if (!last.empty()) last.pop_back();  // one whole code point less
    }
    last += "…";
    return out;
}

const char* icon_of(const NotificationInfo& n) {
    if (n.conversation_id) return ICON_COMMENTS;
    if (n.kind.rfind("call.", 0) == 0) return ICON_PHONE;
    if (n.kind.rfind("reminder.", 0) == 0) return ICON_CLOCK;
    return ICON_CALENDAR;
}

void notification_row(app::AppState& state, const NotificationInfo& n, Actions& out) {
    const Palette& p = palette();
    const bool phone = layout().phone;
    const float width = content_width(), pad = 12.f, icon_w = 36.f;
    const float body_y = phone ? 40.f : 36.f, line_h = ImGui::GetTextLineHeight() + 2.f;
    const std::vector<std::string> body = body_lines(n.body, width - 2 * pad - icon_w);
    // One line of body keeps the row as it was (72 / 66); each further line adds its height.
    const float h = (phone ? 72.f : 66.f) + static_cast<float>(std::max<std::size_t>(body.size(), 1) - 1) * line_h;
    ImGui::PushID(static_cast<int>(n.id));
    const ImVec2 a = ImGui::GetCursorScreenPos();
    const bool pressed = ImGui::InvisibleButton("row", ImVec2(width, h));
    const bool hovered = ImGui::IsItemHovered();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const bool filled = hovered || !n.read;
    if (hovered) dl->AddRectFilled(a, ImVec2(a.x + width, a.y + h), p.surface_alt, kRounding);
    else if (!n.read) dl->AddRectFilled(a, ImVec2(a.x + width, a.y + h), p.accent_soft, kRounding);
    // The kind's icon, and a dot when unread (the words "unread" are in the label: not colour alone).
    const ImVec2 is = ImGui::CalcTextSize(icon_of(n));
    dl->AddText(ImVec2(a.x + pad + (icon_w - is.x) * 0.5f - 6.f, a.y + 12.f), n.read ? p.text_muted : p.accent, icon_of(n));
    if (!n.read) dl->AddCircleFilled(ImVec2(a.x + pad + icon_w - 10.f, a.y + 14.f), 5.f, p.accent);
    const std::string time = time_of_day(state, n.created_at);
    const float time_w = ImGui::CalcTextSize(time.c_str()).x;
    const float x = a.x + pad + icon_w, text_w = width - 2 * pad - icon_w - time_w - 12.f;
    const std::string title = n.count > 1 && !n.conversation_id ? n.title + " (" + std::to_string(n.count) + "×)" : n.title;
    ImGui::PushFont(n.read ? fonts().body : fonts().h3);
    const std::string shown_title = display_text(fit(title, text_w));
    dl->AddText(ImVec2(x, a.y + 10.f), p.text, shown_title.c_str());
    ImGui::PopFont();
    dl->AddText(ImVec2(a.x + width - pad - time_w, a.y + 12.f), n.read ? p.text_muted : p.accent, time.c_str());
    for (std::size_t i = 0; i < body.size(); ++i)
        dl->AddText(ImVec2(x, a.y + body_y + static_cast<float>(i) * line_h), n.read ? p.text_muted : p.text,
                    display_text(body[i]).c_str());
    // A hairline between plain rows; a filled row (unread, hovered) is its own shape: a line across its
    // rounded bottom looked like a drawing fault.
    if (!filled) dl->AddLine(ImVec2(a.x + pad, a.y + h - 0.5f), ImVec2(a.x + width - pad, a.y + h - 0.5f), p.border);
    std::string label = (n.read ? "" : "Unread: ") + n.title + ": " + n.body + ", " + when(state, n.created_at);
    a11y::annotate_last(a11y::Role::button, label);
    if (pressed) out.push_back(app::ReadNotification{n.id});
    ImGui::PopID();
}

void group_heading(const std::string& label) {
    spacing(10);
    heading(label.c_str(), 3);
    spacing(2);
}

// The opt-in: only a button press asks the browser (never a prompt on load).
void browser_opt_in(const app::NotificationsState& c, Actions& out, bool compact) {
    switch (c.permission) {
        case app::NotifyPermission::ask:
            begin_card("optin");
            text(compact ? "Get a browser notification when Telemed is in the background."
                         : "Browser notifications appear when Telemed is in the background, for the kinds you tick below.");
            if (button("Turn on browser notifications", ButtonKind::secondary)) out.push_back(app::EnableBrowserNotifications{});
            end_card();
            break;
        case app::NotifyPermission::denied:
            if (!compact)
                muted("Browser notifications are blocked for this site. To get them, allow notifications for this site in "
                      "your browser's settings.");
            break;
        case app::NotifyPermission::granted:
            if (!compact) muted("Browser notifications are on for this browser.");
            break;
        case app::NotifyPermission::unsupported:
            if (!compact) muted("This browser cannot show notifications for this page.");
            break;
    }
}

void draw_settings(app::AppState& state, Actions& out) {
    app::NotificationsState& c = state.notifications;
    if (link("\xE2\x80\xB9 Notifications")) out.push_back(app::ShowNotificationSettings{false});
    heading("Notification settings");
    muted("Choose how each kind of notification reaches you. Your choices are kept with your account.");
    spacing(8);
    browser_opt_in(c, out, false);
    spacing(8);
    for (std::size_t i = 0; i < core::enum_names<core::NotificationCategory>().size(); ++i) {
        const auto category = static_cast<core::NotificationCategory>(i);
        core::ChannelPrefs ch = app::channels_of(c.prefs, category);
        const std::string id = std::string(core::to_string(category));
        begin_card(("pref-" + id).c_str());
        heading(app::category_label(category), 3);
        bool changed = false;
        changed |= checkbox(("In the app (the bell and a message on screen)##app-" + id).c_str(), ch.in_app);
        changed |= checkbox(("Browser notification##browser-" + id).c_str(), ch.browser);
        changed |= checkbox((std::string(category == core::NotificationCategory::calls ? "Ringing sound" : "Sound") + "##sound-" + id).c_str(),
                            ch.sound);
        if (changed) out.push_back(app::SetNotificationChannels{category, ch});
        end_card();
        spacing(8);
    }
    if (button("Play a test sound", ButtonKind::secondary, false)) out.push_back(app::TestSound{});
    if (c.sound_blocked)
        muted("Your browser plays sounds only after a click or key press on this page; the next sounds will play.");
}

}  // namespace

void draw_notifications(app::AppState& state, Actions& out) {
    app::NotificationsState& c = state.notifications;
    if (c.settings) return draw_settings(state, out);
    heading("Notifications");
    const std::string summary = c.unread == 0 ? std::string("Nothing unread.")
                                              : std::to_string(c.unread) + (c.unread == 1 ? " unread notification" : " unread notifications");
    muted(summary.c_str());
    spacing(6);
    if (c.unread > 0) {
        if (button("Mark all read", ButtonKind::secondary, false)) out.push_back(app::MarkAllRead{});
        ImGui::SameLine(0.f, 8.f);
    }
    if (button("Settings##notification-settings", ButtonKind::ghost, false)) out.push_back(app::ShowNotificationSettings{true});
    spacing(6);
    browser_opt_in(c, out, true);
    if (c.loading && !c.loaded) return spinner("Loading your notifications…");
    if (c.list.empty()) {
        spacing(8);
        return muted("No notifications yet — new messages, visit changes and reminders appear here.");
    }
    for (const app::DayGroup& g : app::group_by_day(c.list, state.now, viewer_zone(state))) {
        group_heading(g.label);
        for (std::size_t i = g.first; i < g.first + g.count; ++i) notification_row(state, c.list[i], out);
    }
    if (c.list.size() >= 200) {
        spacing(8);
        muted("The newest 200 notifications are shown.");
    }
}

}  // namespace ui::screens
