// The notification centre's rules: categories and default channels, checking a preferences update, the
// coalesced text of a conversation; and the service over the composition root: one unread notification
// per conversation (and per waiting room), reading the thread clears it, mark one / mark all read with
// the unread count to every tab, preferences that turn the bell (or everything) off.
#include <catch2/catch.hpp>

#include "core/messaging/messages.h"
#include "core/notifications/messages.h"
#include "core/notifications/rules.h"
#include "confirmed_visit.h"
#include "events.h"

using namespace core;
using namespace std::chrono_literals;
using test_events::events_to;

namespace {

struct Centre : test_scene::ConfirmedVisit {
    ConversationId conversation = 0;
    int sent = 0;

    Centre() : ConfirmedVisit("UTC") {
        auto patient_user = *store.transact([&](Transaction& tx) { return tx.accounts().find_user(patient); }).value;
        auto v = services.messaging.open(patient_user, doctor);
        REQUIRE(v);
        conversation = v->conversation.id;
    }
    Message send(UserId from, const std::string& text) {
        auto r = services.messaging.send(from, conversation, "c-" + std::to_string(++sent), text, std::nullopt, fx);
        REQUIRE(r);
        return r->message;
    }
    std::vector<Notification> of(UserId user, std::string_view kind) {
        auto page = notifications.list(user, 200);
        REQUIRE(page);
        std::vector<Notification> out;
        for (const auto& n : page->notifications)
            if (n.kind == kind) out.push_back(n);
        return out;
    }
    int unread(UserId user) { return notifications.list(user, 1)->unread; }
};

}  // namespace

TEST_CASE("[core] notifications: categories, defaults, preference checks, message text", "[core][notifications]") {
    CHECK(category_of("message") == NotificationCategory::messages);
    CHECK(category_of("appointment.booked") == NotificationCategory::visits);
    CHECK(category_of("doctor.verification") == NotificationCategory::visits);
    CHECK(category_of("reminder.15m") == NotificationCategory::reminders);
    CHECK(category_of("call.waiting") == NotificationCategory::calls);
    CHECK(category_of("helpline.answered") == NotificationCategory::helpline);

    CHECK(default_channels(NotificationCategory::messages) == ChannelPrefs{true, true, true});
    CHECK(default_channels(NotificationCategory::calls) == ChannelPrefs{true, true, true});
    CHECK(default_channels(NotificationCategory::visits) == ChannelPrefs{true, true, false});
    CHECK(default_channels(NotificationCategory::reminders) == ChannelPrefs{true, true, false});

    const auto all = effective_prefs({{NotificationCategory::reminders, {false, false, true}}});
    REQUIRE(all.size() == 5);
    CHECK(all[0].category == NotificationCategory::messages);
    CHECK(all[0].channels == default_channels(NotificationCategory::messages));
    CHECK(all[2].category == NotificationCategory::reminders);
    CHECK(all[2].channels == ChannelPrefs{false, false, true});

    CHECK_FALSE(check_prefs_update({{NotificationCategory::calls, {}}}));
    auto twice = check_prefs_update({{NotificationCategory::calls, {}}, {NotificationCategory::calls, {}}});
    REQUIRE(twice);
    CHECK(twice->code == ErrorCode::invalid_field);
    CHECK(twice->message.find("\"calls\" is named twice") != std::string::npos);
    CHECK(check_prefs_update({}));

    CHECK(coalesces({"message", std::nullopt, ConversationId{4}}));
    CHECK(coalesces({"call.waiting", AppointmentId{3}, std::nullopt}));
    CHECK_FALSE(coalesces({"appointment.booked", AppointmentId{3}, std::nullopt}));
    CHECK_FALSE(coalesces({"message", std::nullopt, std::nullopt}));

    CHECK(message_notification_body(1, "Hello\nsecond line") == "Hello");
    CHECK(message_notification_body(3, "Hello") == "3 new messages");
    CHECK(message_notification_body(1, "") == "New message");
    const std::string long_text(300, 'a');
    CHECK(message_notification_body(1, long_text) == std::string(120, 'a') + "\xE2\x80\xA6");
    std::string arabic;
    for (int i = 0; i < 130; ++i) arabic += "\xD9\x85";  // م, two bytes each: cut at a code point
    CHECK(message_notification_body(1, arabic).size() == 120 * 2 + 3);
}

TEST_CASE("[core] notifications: one per conversation while unread, cleared by reading the thread",
          "[core][notifications]") {
    Centre f;
    const int base = f.unread(f.patient);  // the visit's confirmation
    f.fx = {};
    f.send(f.doctor, "How are you feeling?");
    auto created = events_to<msg::NotificationCreated>(f.fx, f.patient);
    REQUIRE(created.size() == 1);
    CHECK(created[0].notification.kind == "message");
    CHECK(created[0].notification.title == "Dr. Amara Okafor");
    CHECK(created[0].notification.body == "How are you feeling?");
    CHECK(created[0].notification.conversation_id == f.conversation);
    CHECK_FALSE(created[0].replaces);
    CHECK(created[0].unread == base + 1);
    CHECK(events_to<msg::NotificationCreated>(f.fx, f.doctor).empty());  // not to the author

    f.fx = {};
    f.send(f.doctor, "Any fever?");
    const auto last = f.send(f.doctor, "Please measure it.");
    created = events_to<msg::NotificationCreated>(f.fx, f.patient);
    REQUIRE(created.size() == 2);
    CHECK(created[1].replaces == created[0].notification.id);
    CHECK(created[1].notification.body == "3 new messages");
    CHECK(created[1].notification.count == 3);
    CHECK(created[1].unread == base + 1);
    auto mine = f.of(f.patient, "message");
    REQUIRE(mine.size() == 1);  // coalesced: one row
    CHECK(mine[0].body == "3 new messages");
    CHECK(f.unread(f.patient) == base + 1);

    SECTION("reading part of the thread keeps it; reading to the end clears it on every tab") {
        f.fx = {};
        REQUIRE(f.services.messaging.mark(f.patient, f.conversation, ReceiptKind::read, last.number - 1, f.fx));
        CHECK(events_to<msg::NotificationsRead>(f.fx, f.patient).empty());
        REQUIRE(f.services.messaging.mark(f.patient, f.conversation, ReceiptKind::read, last.number, f.fx));
        auto read = events_to<msg::NotificationsRead>(f.fx, f.patient);
        REQUIRE(read.size() == 1);
        CHECK(read[0].notification_ids == std::vector<NotificationId>{mine[0].id});
        CHECK(read[0].unread == base);
        CHECK(f.unread(f.patient) == base);
        // The next message starts a new notification.
        f.fx = {};
        f.send(f.doctor, "One more thing");
        created = events_to<msg::NotificationCreated>(f.fx, f.patient);
        REQUIRE(created.size() == 1);
        CHECK_FALSE(created[0].replaces);
        CHECK(created[0].notification.body == "One more thing");
        CHECK(f.of(f.patient, "message").size() == 2);
    }
    SECTION("marking it read by hand also starts afresh") {
        f.fx = {};
        auto r = f.notifications.mark_read(f.patient, mine[0].id, f.fx);
        REQUIRE(r);
        CHECK(*r == base);
        f.send(f.doctor, "Fourth");
        created = events_to<msg::NotificationCreated>(f.fx, f.patient);
        REQUIRE(created.size() == 1);
        CHECK_FALSE(created[0].replaces);
        CHECK(created[0].notification.body == "4 new messages");  // the thread's unread count
    }
}

TEST_CASE("[core] notifications: a waiting room re-entered 30 times is one notification per visit",
          "[core][notifications]") {
    Centre f;
    f.clock.set(f.start - 5min);
    for (int i = 0; i < 30; ++i) {
        REQUIRE(f.calls.join(f.patient, f.visit, f.fx));
        REQUIRE(f.calls.leave(f.patient, f.visit, f.fx));
    }
    auto waiting = f.of(f.doctor, "call.waiting");
    REQUIRE(waiting.size() == 1);
    CHECK(waiting[0].count == 30);
    CHECK(waiting[0].appointment_id == f.visit);
    // Once read, the next entry is a new notification.
    REQUIRE(f.notifications.mark_read(f.doctor, waiting[0].id, f.fx));
    REQUIRE(f.calls.join(f.patient, f.visit, f.fx));
    waiting = f.of(f.doctor, "call.waiting");
    REQUIRE(waiting.size() == 2);
    CHECK(waiting[0].count == 1);
    CHECK_FALSE(waiting[1].count == 1);
}

TEST_CASE("[core] notifications: mark one, mark all, strangers get not_found", "[core][notifications]") {
    Centre f;
    const int before = f.unread(f.doctor);
    REQUIRE(before > 0);  // the booking and the verification
    auto page = f.notifications.list(f.doctor, 200);
    REQUIRE(page);
    const NotificationId first = page->notifications.front().id;

    f.fx = {};
    auto stranger = f.notifications.mark_read(f.stranger, first, f.fx);
    REQUIRE_FALSE(stranger);
    CHECK(stranger.error().code == ErrorCode::not_found);
    CHECK(f.fx.deliveries.empty());
    CHECK(f.unread(f.doctor) == before);

    auto one = f.notifications.mark_read(f.doctor, first, f.fx);
    REQUIRE(one);
    CHECK(*one == before - 1);
    auto read = events_to<msg::NotificationsRead>(f.fx, f.doctor);
    REQUIRE(read.size() == 1);
    CHECK(read[0].notification_ids == std::vector<NotificationId>{first});
    CHECK(read[0].unread == before - 1);

    f.fx = {};
    auto all = f.notifications.mark_all_read(f.doctor, f.fx);
    REQUIRE(all);
    CHECK(*all == 0);
    read = events_to<msg::NotificationsRead>(f.fx, f.doctor);
    REQUIRE(read.size() == 1);
    CHECK(read[0].notification_ids.size() == static_cast<std::size_t>(before - 1));
    CHECK(read[0].unread == 0);
    CHECK(f.unread(f.doctor) == 0);
    f.fx = {};
    REQUIRE(f.notifications.mark_all_read(f.doctor, f.fx));  // nothing left: no event
    CHECK(f.fx.deliveries.empty());
}

TEST_CASE("[core] notifications: preferences follow the person and decide what is stored", "[core][notifications]") {
    Centre f;
    const auto defaults = f.notifications.prefs(f.patient);
    REQUIRE(defaults.size() == 5);
    CHECK(defaults[0].channels == ChannelPrefs{true, true, true});

    f.fx = {};
    auto bad = f.notifications.set_prefs(f.patient, {}, f.fx);
    REQUIRE_FALSE(bad);
    CHECK(bad.error().code == ErrorCode::invalid_field);
    CHECK(bad.error().field == "prefs");

    auto set = f.notifications.set_prefs(f.patient, {{NotificationCategory::messages, {false, true, false}}}, f.fx);
    REQUIRE(set);
    CHECK((*set)[0].channels == ChannelPrefs{false, true, false});
    CHECK((*set)[1].channels == default_channels(NotificationCategory::visits));
    auto changed = events_to<msg::NotificationPrefsChanged>(f.fx, f.patient);
    REQUIRE(changed.size() == 1);
    CHECK_FALSE(changed[0].prefs[0].in_app);
    CHECK(f.notifications.prefs(f.patient)[0].channels == ChannelPrefs{false, true, false});

    SECTION("in the app off: stored as read (no count), still announced for the browser and the sound") {
        const int base = f.unread(f.patient);
        f.fx = {};
        f.send(f.doctor, "Hello");
        auto created = events_to<msg::NotificationCreated>(f.fx, f.patient);
        REQUIRE(created.size() == 1);
        CHECK(created[0].notification.read);
        CHECK(created[0].unread == base);
        CHECK(f.unread(f.patient) == base);
    }
    SECTION("every channel off: nothing stored, nothing sent") {
        REQUIRE(f.notifications.set_prefs(f.patient, {{NotificationCategory::messages, {false, false, false}}}, f.fx));
        f.fx = {};
        f.send(f.doctor, "Hello");
        CHECK(events_to<msg::NotificationCreated>(f.fx, f.patient).empty());
        CHECK(f.of(f.patient, "message").empty());
    }
}
