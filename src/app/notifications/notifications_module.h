// Notifications: the list (newest first) and the unread count behind the bell, new ones as they
// arrive (notification.created, also shown as a toast), reading one and opening its visit.
#pragma once
#include "app/module.h"

namespace app {

class NotificationsModule final : public FeatureModule<NotificationsAction> {
public:
    explicit NotificationsModule(Context& ctx);

    void on_signed_in() override { load(); }
    void on_signed_out() override { state().notifications = NotificationsState{}; }
    void on_tab(Tab tab) override;

private:
    void apply(const NotificationsAction& action) override;
    void load();
    void read(std::int64_t id);
};

}  // namespace app
