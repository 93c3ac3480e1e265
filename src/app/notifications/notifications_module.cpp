#include "app/notifications/notifications_module.h"

#include <algorithm>

#include "core/notifications/rules.h"

namespace app {

namespace msg = core::msg;

namespace {

constexpr std::string_view kRoute = "#/notifications";
constexpr int kListLimit = 200;  // the server's most

}  // namespace

NotificationsModule::NotificationsModule(Context& ctx) : FeatureModule(ctx) {
    ctx.events.on<msg::NotificationCreated>([this](const msg::NotificationCreated& e) {
        if (!state().user) return;
        NotificationsState& n = state().notifications;
        if (e.replaces) std::erase_if(n.list, [&](const msg::NotificationInfo& x) { return x.id == *e.replaces; });
        std::erase_if(n.list, [&](const msg::NotificationInfo& x) { return x.id == e.notification.id; });  // no doubles
        n.list.insert(n.list.begin(), e.notification);
        if (n.list.size() > static_cast<std::size_t>(kListLimit)) n.list.resize(kListLimit);
        n.unread = e.unread;
        alert(e.notification);
    });
    ctx.events.on<msg::NotificationsRead>([this](const msg::NotificationsRead& e) {
        if (!state().user) return;
        NotificationsState& n = state().notifications;
        for (msg::NotificationInfo& x : n.list)
            if (std::find(e.notification_ids.begin(), e.notification_ids.end(), x.id) != e.notification_ids.end()) x.read = true;
        n.unread = e.unread;
    });
    ctx.events.on<msg::NotificationPrefsChanged>([this](const msg::NotificationPrefsChanged& e) {
        if (state().user) state().notifications.prefs = e.prefs;
    });
}

void NotificationsModule::apply(const NotificationsAction& action) {
    std::visit(overloaded{
                   [this](const LoadNotifications&) { load(); },
                   [this](const ReadNotification& a) { read(a.notification_id); },
                   [this](const MarkAllRead&) { mark_all(); },
                   [this](const ShowNotificationSettings& a) {
                       state().notifications.settings = a.show;
                       if (state().tab != Tab::notifications) ctx_.dispatch(SelectTab{Tab::notifications});
                       if (a.show) load_prefs();
                   },
                   [this](const SetNotificationChannels& a) { set_channels(a.category, a.channels); },
                   [this](const EnableBrowserNotifications&) {
                       if (ctx_.env.request_notification_permission) ctx_.env.request_notification_permission();
                   },
                   [this](const TestSound&) {
                       if (ctx_.env.play_sound) state().notifications.sound_blocked = !ctx_.env.play_sound(Sound::message);
                   },
               },
               action);
}

// --- the session ------------------------------------------------------------------------------------

void NotificationsModule::on_signed_in() {
    load();
    load_prefs();
}

void NotificationsModule::on_signed_out() {
    const NotifyPermission permission = state().notifications.permission;
    state().notifications = NotificationsState{};
    state().notifications.permission = permission;
    open_after_load_.reset();
}

void NotificationsModule::on_tab(Tab tab) {
    if (tab == Tab::notifications) load();
    else state().notifications.settings = false;
}

void NotificationsModule::tick(double) {
    if (ctx_.env.notification_permission)
        state().notifications.permission = permission_from(ctx_.env.notification_permission());
}

// --- the list ---------------------------------------------------------------------------------------

void NotificationsModule::load() {
    NotificationsState& n = state().notifications;
    if (n.loading) return;
    n.loading = true;
    client().call(
        msg::ListNotifications{kListLimit},
        [this](msg::NotificationList& r) {
            NotificationsState& n = state().notifications;
            n.list = std::move(r.notifications);
            n.unread = r.unread;
            n.loading = false;
            n.loaded = true;
            if (auto id = std::exchange(open_after_load_, std::nullopt)) read(*id);
        },
        [this](const core::Error&) {
            state().notifications.loading = false;
            return false;  // the server's sentence as a toast
        });
}

void NotificationsModule::read(std::int64_t id) {
    NotificationsState& n = state().notifications;
    auto it = std::find_if(n.list.begin(), n.list.end(), [&](const msg::NotificationInfo& x) { return x.id == id; });
    if (it == n.list.end()) {
        if (!n.loaded || n.loading) {  // a link to one not loaded yet: once the list is here
            open_after_load_ = id;
            load();
        }
        return;
    }
    if (!it->read) {
        it->read = true;
        n.unread = std::max(0, n.unread - 1);  // until the server's count arrives
        client().call(msg::MarkNotificationRead{id}, [this](msg::UnreadNotifications& r) { state().notifications.unread = r.unread; });
    }
    open_subject(*it);
}

void NotificationsModule::open_subject(const msg::NotificationInfo& n) {
    if (n.conversation_id) return ctx_.dispatch(OpenConversation{*n.conversation_id});
    if (n.appointment_id) {
        ctx_.dispatch(SelectTab{state().has_role(core::Role::doctor) ? Tab::schedule : Tab::appointments});
        ctx_.dispatch(OpenAppointment{*n.appointment_id});
    }
}

void NotificationsModule::mark_all() {
    NotificationsState& n = state().notifications;
    for (msg::NotificationInfo& x : n.list) x.read = true;
    n.unread = 0;
    client().call(msg::MarkAllNotificationsRead{}, [this](msg::UnreadNotifications& r) { state().notifications.unread = r.unread; });
}

// --- preferences ------------------------------------------------------------------------------------

void NotificationsModule::load_prefs() {
    client().call(msg::GetNotificationPrefs{}, [this](msg::NotificationPrefs& r) { state().notifications.prefs = std::move(r.prefs); },
                  [](const core::Error&) { return false; });
}

void NotificationsModule::set_channels(core::NotificationCategory category, core::ChannelPrefs channels) {
    NotificationsState& n = state().notifications;
    if (n.prefs.empty())  // not loaded yet: start from the defaults
        for (std::size_t i = 0; i < core::enum_names<core::NotificationCategory>().size(); ++i) {
            const auto c = static_cast<core::NotificationCategory>(i);
            n.prefs.push_back(msg::ChannelPrefsInfo::of({c, core::default_channels(c)}));
        }
    msg::ChannelPrefsInfo changed = msg::ChannelPrefsInfo::of({category, channels});
    for (msg::ChannelPrefsInfo& p : n.prefs)
        if (p.category == category) p = changed;  // shown at once; the reply (and every tab's event) confirms
    client().call(msg::SetNotificationPrefs{{changed}}, [this](msg::NotificationPrefs& r) { state().notifications.prefs = std::move(r.prefs); },
                  [this](const core::Error&) {
                      load_prefs();  // back to what the server keeps
                      return false;
                  });
}

// --- attention --------------------------------------------------------------------------------------

void NotificationsModule::alert(const msg::NotificationInfo& n) {
    NotificationsState& s = state().notifications;
    const bool hidden = ctx_.env.page_hidden && ctx_.env.page_hidden();
    const AlertPlan plan = plan_alert(n, s.prefs, hidden, s.permission);
    if (plan.toast) ctx_.notify(Notice::Kind::info, n.title + ": " + n.body);
    if (plan.browser && ctx_.env.show_browser_notification) ctx_.env.show_browser_notification(plan.notice);
    if (plan.sound != Sound::none && ctx_.env.play_sound) s.sound_blocked = !ctx_.env.play_sound(plan.sound);
}

// --- the URL ----------------------------------------------------------------------------------------

// While a link's notification waits for the list, the link stays; once read, the screen it opened
// names itself (a thread, a visit) and takes the link's place.
std::string NotificationsModule::route() const {
    const AppState& s = ctx_.state;
    if (!s.user || s.tab != Tab::notifications) return {};
    if (open_after_load_) return std::string(kRoute) + "/" + std::to_string(*open_after_load_);
    return s.notifications.settings ? std::string(kRoute) + "/settings" : std::string(kRoute);
}

void NotificationsModule::follow(const std::string& route) {
    if (route.rfind(kRoute, 0) != 0) return;
    if (auto id = route_number(route, kRoute)) return read(*id);  // a browser notification's click
    NotificationsState& n = state().notifications;
    n.settings = route == std::string(kRoute) + "/settings";
    if (n.settings) load_prefs();
}

}  // namespace app
