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
}
