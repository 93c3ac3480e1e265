// Notifications: the list (newest first) and the server's unread count behind the bell, kept equal in
// every tab by the server's events (notification.created, with the notification it replaces when
// coalesced; notification.read for one, all, or a conversation read in its thread); reading one opens
// what it is about; mark all read; the preferences per category and channel; and for each new
// notification what this tab should do (a toast, a browser notification while hidden, a sound), decided
// by plan_alert (centre.h) and carried out through the Environment.
//
// URLs: #/notifications (the list), #/notifications/settings, #/notifications/<id> (a browser
// notification's click: open that one).
#pragma once
#include <optional>
#include <string>

#include "app/module.h"

namespace app {

class NotificationsModule final : public FeatureModule<NotificationsAction> {
public:
    explicit NotificationsModule(Context& ctx);

    void on_signed_in() override;
    void on_signed_out() override;
    void on_tab(Tab tab) override;
    void tick(double now_ms) override;
    std::string route() const override;
    void follow(const std::string& route) override;

private:
    void apply(const NotificationsAction& action) override;
    void load();
    void load_prefs();
    void read(std::int64_t id);
    void open_subject(const core::msg::NotificationInfo& n);
    void mark_all();
    void set_channels(core::NotificationCategory category, core::ChannelPrefs channels);
    void alert(const core::msg::NotificationInfo& n);
    std::optional<std::int64_t> open_after_load_;  // #/notifications/<id> for one not loaded yet
};

}  // namespace app
