// The notifications repository's contract (core/notifications/repository.h), on every store.
#include "stores.h"

using namespace core;
using namespace store_test;

STORE_TEST_CASE("[store] notifications", "[store][notifications]") {
    TestType backend;
    Store& store = backend.store;
    const People p = add_people(store);

    SECTION("notifications: newest first, unread count, only the owner marks read") {
        store.transact([&](Transaction& tx) {
            auto& notifications = tx.notifications();
            std::vector<NotificationId> mine;
            const auto appt = tx.clinic().insert_appointment(appointment(p, 0));
            for (int i = 0; i < 4; ++i)
                mine.push_back(notifications.insert_notification(
                    {0, p.patient, "kind." + std::to_string(i), "Title " + std::to_string(i), "Body",
                     i % 2 ? std::optional(appt) : std::nullopt, at(kT0 + i), std::nullopt}));
            const auto theirs = notifications.insert_notification(
                {0, p.other_patient, "k", "t", "b", std::nullopt, at(kT0), std::nullopt});
            CHECK(notifications.unread_notifications(p.patient) == 4);

            auto list = notifications.notifications_of(p.patient, 3);
            REQUIRE(list.size() == 3);
            CHECK(list[0].id == mine[3]);
            CHECK(list[1].id == mine[2]);
            CHECK(list[2].id == mine[1]);
            CHECK(list[0].kind == "kind.3");
            CHECK(list[0].title == "Title 3");
            CHECK(list[0].body == "Body");
            CHECK(list[0].appointment_id == appt);
            CHECK_FALSE(list[1].appointment_id);
            CHECK(list[0].created_at == at(kT0 + 3));
            CHECK_FALSE(list[0].read_at);
            CHECK(notifications.notifications_of(p.patient, 0).empty());

            CHECK_FALSE(notifications.mark_notification_read(p.patient, theirs, at(kT0 + 10)));  // not mine
            CHECK_FALSE(notifications.mark_notification_read(p.patient, theirs + 1000, at(kT0 + 10)));
            CHECK(notifications.unread_notifications(p.other_patient) == 1);
            CHECK(notifications.mark_notification_read(p.patient, mine[1], at(kT0 + 10)));
            CHECK(notifications.mark_notification_read(p.patient, mine[1],
                                                       at(kT0 + 20)));  // again: fine, first time stands
            CHECK(notifications.unread_notifications(p.patient) == 3);
            list = notifications.notifications_of(p.patient, 50);
            REQUIRE(list.size() == 4);
            CHECK(list[2].read_at == at(kT0 + 10));
        });
    }
    SECTION("newest by id, not by created_at; ids positive and increasing; no list for a limit <= 0") {
        store.transact([&](Transaction& tx) {
            auto& notifications = tx.notifications();
            const auto older = notifications.insert_notification(
                {0, p.patient, "k", "written second", "b", std::nullopt, at(kT0 + 50), std::nullopt});
            const auto newer = notifications.insert_notification(
                {0, p.patient, "k", "written first", "b", std::nullopt, at(kT0), std::nullopt});
            CHECK(older > 0);
            CHECK(newer > older);
            const auto list = notifications.notifications_of(p.patient, 10);
            REQUIRE(list.size() == 2);
            CHECK(list[0].id == newer);
            CHECK(list[1].id == older);
            CHECK(notifications.notifications_of(p.patient, -1).empty());
            CHECK(notifications.notifications_of(p.doctor, 10).empty());
        });
    }
    SECTION("a notification stored as read stays read, and counts as found when marked") {
        store.transact([&](Transaction& tx) {
            auto& notifications = tx.notifications();
            const auto read = notifications.insert_notification(
                {0, p.patient, "k", "t", "b", std::nullopt, at(kT0), at(kT0 + 1)});
            CHECK(notifications.unread_notifications(p.patient) == 0);
            CHECK(notifications.mark_notification_read(p.patient, read, at(kT0 + 99)));
            CHECK(notifications.notifications_of(p.patient, 1)[0].read_at == at(kT0 + 1));
        });
    }
    SECTION("coalescing: the unread one about a subject is found, replaced, and read by conversation") {
        store.transact([&](Transaction& tx) {
            auto& notifications = tx.notifications();
            const auto conversation = tx.messaging().insert_conversation({0, p.patient, p.doctor, at(kT0), 0, std::nullopt});
            const auto other_conversation =
                tx.messaging().insert_conversation({0, p.other_patient, p.doctor, at(kT0), 0, std::nullopt});
            const auto appt = tx.clinic().insert_appointment(appointment(p, 0));
            Notification message{0, p.patient, "message", "Dr", "Hello", std::nullopt, at(kT0), std::nullopt, conversation, 3};
            const auto id = notifications.insert_notification(message);
            notifications.insert_notification(
                {0, p.patient, "call.waiting", "Waiting", "b", appt, at(kT0), std::nullopt, std::nullopt, 1});
            notifications.insert_notification(
                {0, p.doctor, "message", "Pat", "Hi", std::nullopt, at(kT0), std::nullopt, other_conversation, 1});

            auto found = notifications.find_unread_about(p.patient, {"message", std::nullopt, conversation});
            REQUIRE(found);
            CHECK(found->id == id);
            CHECK(found->count == 3);
            CHECK(found->conversation_id == conversation);
            CHECK_FALSE(found->appointment_id);
            CHECK_FALSE(notifications.find_unread_about(p.patient, {"message", std::nullopt, other_conversation}));
            CHECK_FALSE(notifications.find_unread_about(p.other_patient, {"message", std::nullopt, conversation}));
            CHECK_FALSE(notifications.find_unread_about(p.patient, {"message", appt, conversation}));
            auto waiting = notifications.find_unread_about(p.patient, {"call.waiting", appt, std::nullopt});
            REQUIRE(waiting);
            CHECK(waiting->appointment_id == appt);

            CHECK_FALSE(notifications.delete_notification(p.other_patient, id));  // not theirs
            CHECK(notifications.delete_notification(p.patient, id));
            CHECK_FALSE(notifications.delete_notification(p.patient, id));  // gone
            CHECK_FALSE(notifications.find_unread_about(p.patient, {"message", std::nullopt, conversation}));

            const auto again = notifications.insert_notification(message);
            CHECK(again > id);
            CHECK(notifications.mark_conversation_notifications_read(p.patient, other_conversation, at(kT0 + 1)).empty());
            CHECK(notifications.mark_conversation_notifications_read(p.patient, conversation, at(kT0 + 1)) ==
                  std::vector<NotificationId>{again});
            CHECK(notifications.mark_conversation_notifications_read(p.patient, conversation, at(kT0 + 2)).empty());
            CHECK_FALSE(notifications.find_unread_about(p.patient, {"message", std::nullopt, conversation}));
            CHECK(notifications.notifications_of(p.patient, 1)[0].read_at == at(kT0 + 1));
            CHECK(notifications.unread_notifications(p.doctor) == 1);  // the doctor's stays
        });
    }
    SECTION("mark all read: only the owner's unread ones, ids ascending, first reading stands") {
        store.transact([&](Transaction& tx) {
            auto& notifications = tx.notifications();
            const auto read = notifications.insert_notification({0, p.patient, "k", "t", "b", std::nullopt, at(kT0), at(kT0 + 1)});
            const auto a = notifications.insert_notification({0, p.patient, "k", "t", "b", std::nullopt, at(kT0), std::nullopt});
            const auto b = notifications.insert_notification({0, p.patient, "k", "t", "b", std::nullopt, at(kT0), std::nullopt});
            notifications.insert_notification({0, p.other_patient, "k", "t", "b", std::nullopt, at(kT0), std::nullopt});
            CHECK(notifications.mark_all_notifications_read(p.patient, at(kT0 + 5)) == std::vector<NotificationId>{a, b});
            CHECK(notifications.unread_notifications(p.patient) == 0);
            CHECK(notifications.unread_notifications(p.other_patient) == 1);
            CHECK(notifications.mark_all_notifications_read(p.patient, at(kT0 + 6)).empty());
            const auto list = notifications.notifications_of(p.patient, 10);
            REQUIRE(list.size() == 3);
            CHECK(list[0].read_at == at(kT0 + 5));
            CHECK(list[2].id == read);
            CHECK(list[2].read_at == at(kT0 + 1));
            CHECK(list[2].count == 1);
            CHECK_FALSE(list[2].conversation_id);
        });
    }
    SECTION("preferences: none stored at first, one row per category, replaced, per person") {
        store.transact([&](Transaction& tx) {
            auto& notifications = tx.notifications();
            CHECK(notifications.notification_prefs(p.patient).empty());
            notifications.save_notification_pref(p.patient, {NotificationCategory::reminders, {false, true, false}});
            notifications.save_notification_pref(p.patient, {NotificationCategory::messages, {true, false, true}});
            notifications.save_notification_pref(p.patient, {NotificationCategory::reminders, {true, false, false}});
            notifications.save_notification_pref(p.other_patient, {NotificationCategory::calls, {false, false, false}});
            const auto mine = notifications.notification_prefs(p.patient);
            REQUIRE(mine.size() == 2);
            CHECK(mine[0] == NotificationPref{NotificationCategory::messages, {true, false, true}});
            CHECK(mine[1] == NotificationPref{NotificationCategory::reminders, {true, false, false}});
            const auto theirs = notifications.notification_prefs(p.other_patient);
            REQUIRE(theirs.size() == 1);
            CHECK(theirs[0] == NotificationPref{NotificationCategory::calls, {false, false, false}});
        });
        // Kept after the transaction (a new one reads them).
        CHECK(store.transact([&](Transaction& tx) { return tx.notifications().notification_prefs(p.patient).size(); }).value == 2);
    }
}
