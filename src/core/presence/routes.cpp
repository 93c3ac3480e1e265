// The presence requests: who may send each, and how it is answered. The rules are in service.cpp.
#include "core/presence/routes.h"

#include "core/presence/messages.h"

namespace core {

void add_presence_routes(Routes& routes, PresenceService& presence) {
    // The registry sees the change after the handler (after_request below): this only marks the tab.
    routes.add<msg::SetAway>(Who::signed_in, [](RequestContext& c, msg::SetAway& in) -> Result<msg::Empty> {
        c.connection.away = in.away;
        return msg::Empty{};
    });
    routes.add<msg::PresenceOf>(Who::signed_in, [&presence](RequestContext& c, msg::PresenceOf& in)
                                                    -> Result<msg::PresenceList> {
        auto views = presence.presence_of(c.auth().user, in.user_ids);
        if (!views) return views.error();
        msg::PresenceList out;
        for (const PresenceView& v : *views) out.people.push_back({v.user, v.state, v.last_seen, v.seq});
        return out;
    });
    routes.add<msg::GetPresenceSettings>(Who::signed_in, [&presence](RequestContext& c, msg::GetPresenceSettings&)
                                                             -> Result<msg::PresenceSettings> {
        return msg::PresenceSettings{presence.visible_setting(c.auth().user.id)};
    });
    routes.add<msg::SetPresenceSettings>(Who::signed_in, [&presence](RequestContext& c, msg::SetPresenceSettings& in)
                                                             -> Result<msg::PresenceSettings> {
        auto visible = presence.set_visible(c.auth().user, in.visible, c.effects());
        if (!visible) return visible.error();
        return msg::PresenceSettings{*visible};
    });
    routes.after_request([&presence](ConnectionState& connection, Effects& out) { presence.observe(connection, out); });
    routes.on_disconnect([&presence](ConnectionState& connection, Effects& out) { presence.forget(connection, out); });
}

}  // namespace core
