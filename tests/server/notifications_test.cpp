// The notification centre over the real server and real sockets: two tabs of one person agree on the
// unread count (a new message raises it in both, marking read in one clears it in the other), mark all
// read, reading a thread reads its coalesced notification, preferences follow the person to another
// tab, and a stranger cannot mark someone else's notification (not_found).
#include <catch2/catch.hpp>

#include "clinic_flows.h"
#include "conversation_scene.h"

using namespace test;

namespace {

struct Scene : ConversationScene {
    explicit Scene(std::uint16_t p) : ConversationScene(p, "ntf") {}
    static json list(WsClient& ws) { return data_of(ws.request("list_notifications", {{"limit", 200}}), "list_notifications"); }
};

}  // namespace

TEST_CASE("[server] notifications: two tabs agree on the unread count; reading the thread clears it",
          "[server][notifications]") {
    Scene s(shared_server().port());
    auto tab1 = s.tab(s.doctor);
    auto tab2 = s.tab(s.doctor);
    const int before = Scene::list(*tab1)["unread"];  // the verification and the visit request

    s.send(s.patient, "Hello doctor");
    for (auto* tab : {tab1.get(), tab2.get()}) {
        const json created = tab->await_event("notification.created")["data"];
        CHECK(created["notification"]["kind"] == "message");
        CHECK(created["notification"]["conversation_id"] == s.conversation);
        CHECK(created["notification"]["body"] == "Hello doctor");
        CHECK(created["unread"] == before + 1);
        CHECK(created["replaces"].is_null());
    }
    s.send(s.patient, "Are you there?");
    const json last = s.send(s.patient, "It itches.");
    std::int64_t coalesced = 0;
    for (auto* tab : {tab1.get(), tab2.get()}) {
        tab->await_event("notification.created");
        const json third = tab->await_event("notification.created")["data"];
        CHECK(third["notification"]["body"] == "3 new messages");
        CHECK(third["notification"]["count"] == 3);
        CHECK(third["unread"] == before + 1);  // still one for the conversation
        CHECK(third["replaces"].is_number_integer());
        coalesced = third["notification"]["id"];
    }
    const json listed = Scene::list(*tab2);
    CHECK(listed["unread"] == before + 1);
    int message_rows = 0;
    for (const json& n : listed["notifications"]) message_rows += n["kind"] == "message";
    CHECK(message_rows == 1);

    // Reading the thread in tab 1 reads its notification in both tabs.
    data_of(tab1->request("message_receipt", {{"conversation_id", s.conversation}, {"kind", "read"}, {"up_to", last["number"]}}),
            "message_receipt");
    for (auto* tab : {tab1.get(), tab2.get()}) {
        const json read = tab->await_event("notification.read")["data"];
        CHECK(read["notification_ids"] == json::array({coalesced}));
        CHECK(read["unread"] == before);
    }
    CHECK(Scene::list(*tab2)["unread"] == before);
}

TEST_CASE("[server] notifications: mark one in one tab, mark all, strangers get not_found", "[server][notifications]") {
    Scene s(shared_server().port());
    auto tab1 = s.tab(s.doctor);
    auto tab2 = s.tab(s.doctor);
    const json listed = Scene::list(*tab1);
    const int before = listed["unread"];
    REQUIRE(before >= 2);
    const std::int64_t first = listed["notifications"][0]["id"];

    // A stranger, and the patient of the same visit: not_found, and nothing changes.
    CHECK(error_code(s.stranger.request("mark_notification_read", {{"notification_id", first}})) == "not_found");
    CHECK(error_code(s.patient.request("mark_notification_read", {{"notification_id", first}})) == "not_found");
    CHECK(error_code(s.doctor.request("mark_notification_read", {{"notification_id", first + 100000}})) == "not_found");
    CHECK(error_code(s.doctor.request("mark_notification_read", {{"notification_id", "x"}})) == "invalid_field");
    CHECK(Scene::list(*tab2)["unread"] == before);

    const json one = data_of(tab1->request("mark_notification_read", {{"notification_id", first}}), "mark_notification_read");
    CHECK(one["unread"] == before - 1);
    const json read = tab2->await_event("notification.read")["data"];
    CHECK(read["notification_ids"] == json::array({first}));
    CHECK(read["unread"] == before - 1);

    const json all = data_of(tab2->request("mark_all_notifications_read"), "mark_all_notifications_read");
    CHECK(all["unread"] == 0);
    tab1->await_event("notification.read");  // the first one's
    const json cleared = tab1->await_event("notification.read")["data"];
    CHECK(cleared["unread"] == 0);
    CHECK(cleared["notification_ids"].size() == static_cast<std::size_t>(before - 1));
    CHECK(Scene::list(*tab1)["unread"] == 0);
}

TEST_CASE("[server] notifications: preferences follow the person; bad ones are refused", "[server][notifications]") {
    Scene s(shared_server().port());
    auto other = s.tab(s.patient);
    const json defaults = data_of(s.patient.request("get_notification_prefs"), "get_notification_prefs");
    REQUIRE(defaults["prefs"].size() == 5);
    CHECK(defaults["prefs"][0] == json({{"category", "messages"}, {"in_app", true}, {"browser", true}, {"sound", true}}));

    const json set = data_of(s.patient.request("set_notification_prefs",
                                               {{"prefs", json::array({{{"category", "reminders"}, {"in_app", true}, {"browser", false}, {"sound", true}}})}}),
                             "set_notification_prefs");
    CHECK(set["prefs"][2] == json({{"category", "reminders"}, {"in_app", true}, {"browser", false}, {"sound", true}}));
    CHECK(other->await_event("notification.prefs")["data"]["prefs"][2]["browser"] == false);
    CHECK(data_of(other->request("get_notification_prefs"), "get_notification_prefs")["prefs"] == set["prefs"]);

    const json twice = s.patient.request("set_notification_prefs",
                                         {{"prefs", json::array({{{"category", "calls"}, {"in_app", true}, {"browser", true}, {"sound", true}},
                                                                 {{"category", "calls"}, {"in_app", false}, {"browser", true}, {"sound", true}}})}});
    CHECK(error_code(twice) == "invalid_field");
    const json unknown = s.patient.request("set_notification_prefs",
                                           {{"prefs", json::array({{{"category", "spam"}, {"in_app", true}, {"browser", true}, {"sound", true}}})}});
    CHECK(error_code(unknown) == "invalid_field");
    CHECK(error_code(s.patient.request("set_notification_prefs", {{"prefs", json::array()}})) == "invalid_field");
    CHECK(data_of(other->request("get_notification_prefs"), "get_notification_prefs")["prefs"] == set["prefs"]);
}
