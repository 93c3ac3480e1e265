// The notification centre's client rules (src/app/notifications/centre.h), run natively and, compiled
// to WASM, under node (wasm_tests): what a new notification does in this tab, where it leads, the title
// with the count and the day groups in the viewer's zone.
#include <catch2/catch.hpp>

#include "app/notifications/centre.h"
#include "core/time/format.h"
#include "core/time/zone_db.h"

using namespace app;
namespace msg = core::msg;

namespace {

msg::NotificationInfo message(std::int64_t id, std::int64_t conversation) {
    msg::NotificationInfo n;
    n.id = id;
    n.kind = "message";
    n.title = "Dr. Amara Okafor";
    n.body = "3 new messages";
    n.conversation_id = conversation;
    n.count = 3;
    return n;
}

msg::NotificationInfo waiting(std::int64_t id, std::int64_t visit) {
    msg::NotificationInfo n;
    n.id = id;
    n.kind = "call.waiting";
    n.title = "Patient waiting";
    n.body = "Zoë is in the waiting room.";
    n.appointment_id = visit;
    return n;
}

core::Instant at(const char* iso) { return *core::parse_iso8601(iso); }

}  // namespace

TEST_CASE("[app] notification centre: what a new notification does in this tab", "[app][notifications]") {
    const auto n = message(40, 12);
    SECTION("visible tab, defaults: a toast and the chime, no browser notification") {
        const AlertPlan p = plan_alert(n, {}, false, NotifyPermission::granted);
        CHECK(p.toast);
        CHECK_FALSE(p.browser);
        CHECK(p.sound == Sound::message);
    }
    SECTION("hidden tab: a browser notification only with permission, tagged per conversation") {
        CHECK_FALSE(plan_alert(n, {}, true, NotifyPermission::ask).browser);
        CHECK_FALSE(plan_alert(n, {}, true, NotifyPermission::denied).browser);
        CHECK_FALSE(plan_alert(n, {}, true, NotifyPermission::unsupported).browser);
        const AlertPlan p = plan_alert(n, {}, true, NotifyPermission::granted);
        REQUIRE(p.browser);
        CHECK_FALSE(p.toast);
        CHECK(p.notice.tag == "conversation-12");
        CHECK(p.notice.route == "#/messages/12");
        CHECK(p.notice.title == "Dr. Amara Okafor");
        CHECK(p.notice.body == "3 new messages");
        // A newer message of the same conversation has the same tag (the browser replaces it).
        CHECK(plan_alert(message(41, 12), {}, true, NotifyPermission::granted).notice.tag == p.notice.tag);
    }
    SECTION("calls ring; a visit notification opens through #/notifications/<id>") {
        const AlertPlan p = plan_alert(waiting(7, 3), {}, true, NotifyPermission::granted);
        CHECK(p.sound == Sound::ring);
        CHECK(p.notice.tag == "visit-3");
        CHECK(p.notice.route == "#/notifications/7");
        msg::NotificationInfo visit;
        visit.id = 9;
        visit.kind = "appointment.confirmed";
        visit.appointment_id = 5;
        CHECK(plan_alert(visit, {}, false, NotifyPermission::granted).sound == Sound::none);  // visits: no sound by default
        CHECK(tag_of(visit) == "notification-9");
    }
    SECTION("preferences switch each channel off") {
        const std::vector<msg::ChannelPrefsInfo> prefs{{core::NotificationCategory::messages, false, false, false}};
        const AlertPlan p = plan_alert(n, prefs, true, NotifyPermission::granted);
        CHECK_FALSE(p.toast);
        CHECK_FALSE(p.browser);
        CHECK(p.sound == Sound::none);
        CHECK(plan_alert(waiting(7, 3), prefs, false, NotifyPermission::granted).sound == Sound::ring);  // other kinds unchanged
        auto read = n;
        read.read = true;  // stored read (in-app off on the server): no toast
        CHECK_FALSE(plan_alert(read, {}, false, NotifyPermission::granted).toast);
    }
    CHECK(permission_from("granted") == NotifyPermission::granted);
    CHECK(permission_from("default") == NotifyPermission::ask);
    CHECK(permission_from("denied") == NotifyPermission::denied);
    CHECK(permission_from("") == NotifyPermission::unsupported);
}

TEST_CASE("[app] notification centre: the title and the day groups", "[app][notifications]") {
    CHECK(title_with_count(0, "Telemed") == "Telemed");
    CHECK(title_with_count(3, "Telemed") == "(3) Telemed");
    CHECK(title_with_count(1, "") == "(1) ");

    const core::TimeZone& utc = core::utc_zone();
    const auto now = at("2026-12-07T10:00:00Z");  // a Monday
    CHECK(day_group_label(at("2026-12-07T00:00:00Z"), now, utc) == "Today");
    CHECK(day_group_label(at("2026-12-06T23:59:59Z"), now, utc) == "Yesterday");
    CHECK(day_group_label(at("2026-12-01T08:00:00Z"), now, utc) == "Tue 1 Dec");
    CHECK(day_group_label(at("2025-12-07T08:00:00Z"), now, utc) == "Sun 7 Dec 2025");
    CHECK(day_group_label(at("2026-12-31T23:00:00Z"), at("2027-01-01T01:00:00Z"), utc) == "Yesterday");  // across a year

    std::vector<msg::NotificationInfo> list;
    for (const char* t : {"2026-12-07T09:00:00Z", "2026-12-07T01:00:00Z", "2026-12-06T12:00:00Z", "2026-11-30T12:00:00Z",
                          "2026-11-30T11:00:00Z"}) {
        auto n = message(static_cast<std::int64_t>(list.size()) + 1, 1);
        n.created_at = at(t);
        list.push_back(n);
    }
    const auto groups = group_by_day(list, now, utc);
    REQUIRE(groups.size() == 3);
    CHECK(groups[0].label == "Today");
    CHECK(groups[0].count == 2);
    CHECK(groups[1].label == "Yesterday");
    CHECK(groups[1].first == 2);
    CHECK(groups[2].label == "Mon 30 Nov");
    CHECK(groups[2].count == 2);
    CHECK(group_by_day({}, now, utc).empty());
}
