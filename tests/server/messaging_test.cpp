// Messaging over the real server and real sockets: a patient writes and the doctor's socket hears it;
// a dropped connection catches up with messages_after and gets exactly what it missed, edits and
// deletions included (changed_since); a repeated
// client id answers with the first message; two tabs of one person agree on unread counts; a stranger
// gets not_found.
#include <catch2/catch.hpp>

#include <set>

#include "clinic_flows.h"
#include "conversation_scene.h"

using namespace test;

namespace {

struct Scene : ConversationScene {
    explicit Scene(std::uint16_t p) : ConversationScene(p, "msg") {}
};

std::vector<std::int64_t> numbers_of(const json& messages) {
    std::vector<std::int64_t> out;
    for (const json& m : messages) out.push_back(m["number"]);
    return out;
}

}  // namespace

TEST_CASE("[server] messaging: a patient writes, the doctor's socket hears it", "[server][messaging]") {
    Scene s(shared_server().port());
    auto doctor_tab = s.tab(s.doctor);

    const json sent = s.send(s.patient, "Guten Tag, Frau Doktor — is the rash normal? 👋");
    CHECK(sent["number"] == 1);
    const json created = doctor_tab->await_event("message.created");
    CHECK(created["data"]["message"] == sent);
    const json unread = doctor_tab->await_event("conversation.unread");
    CHECK(unread["data"]["conversation_id"] == s.conversation);
    CHECK(unread["data"]["unread"] == 1);
    CHECK(unread["data"]["total_unread"] == 1);

    // The doctor's answer reaches the patient's other tab; the patient's typing reaches the doctor.
    auto patient_tab = s.tab(s.patient);
    const json answer = s.send(s.doctor, "Please send a photo.");
    CHECK(patient_tab->await_event("message.created")["data"]["message"]["number"] == 2);
    CHECK(answer["number"] == 2);
    const json typing = data_of(s.patient.request("typing", {{"conversation_id", s.conversation}}), "typing");
    CHECK(typing["relayed"] == true);
    const json relayed = doctor_tab->await_event("conversation.typing");
    CHECK(relayed["data"]["user_id"] == s.patient.id);
}

TEST_CASE("[server] messaging: a dropped connection resumes after N with no gap and no duplicate",
          "[server][messaging]") {
    Scene s(shared_server().port());
    std::vector<std::int64_t> seen;  // what the doctor's tab holds, in order
    {
        auto doctor_tab = s.tab(s.doctor);
        for (int i = 0; i < 3; ++i) {
            s.send(s.patient, "before the drop " + std::to_string(i));
            seen.push_back(doctor_tab->await_event("message.created")["data"]["message"]["number"]);
        }
        doctor_tab->close();  // the tab's connection drops
    }
    for (int i = 0; i < 4; ++i) s.send(s.patient, "while away " + std::to_string(i));

    auto back = s.tab(s.doctor);
    const json page = data_of(back->request("messages_after", {{"conversation_id", s.conversation}, {"after", seen.back()}}),
                              "messages_after");
    CHECK(numbers_of(page["messages"]) == std::vector<std::int64_t>{4, 5, 6, 7});
    CHECK(page["has_more"] == false);
    CHECK(page["last_number"] == 7);
    for (const json& m : page["messages"]) seen.push_back(m["number"]);
    CHECK(seen == std::vector<std::int64_t>{1, 2, 3, 4, 5, 6, 7});
    CHECK(page["messages"][0]["text"] == "while away 0");

    // And live again from there: the next one arrives as an event, numbered right after.
    s.send(s.patient, "after the return");
    CHECK(back->await_event("message.created")["data"]["message"]["number"] == 8);
}

TEST_CASE("[server] messaging: a tab away while the other side edits and deletes sees both when it comes back",
          "[server][messaging]") {
    Scene s(shared_server().port());
    const json first = s.send(s.patient, "I take 50 mg");
    const json second = s.send(s.patient, "sorry, wrong chat");
    s.send(s.patient, "the rash is better");
    // Tab A of the doctor reads the thread, then its connection drops.
    std::int64_t revision = 0;
    {
        auto tab_a = s.tab(s.doctor);
        const json page = data_of(tab_a->request("conversation_history", {{"conversation_id", s.conversation}}),
                                  "conversation_history");
        CHECK(numbers_of(page["messages"]) == std::vector<std::int64_t>{1, 2, 3});
        revision = page["revision"];
        CHECK(revision == 3);
        tab_a->close();
    }
    // Meanwhile the patient (tab B of the conversation) edits one message, deletes another, writes again.
    data_of(s.patient.request("edit_message", {{"message_id", first["id"]}, {"text", "I take 500 mg"}}), "edit_message");
    data_of(s.patient.request("delete_message", {{"message_id", second["id"]}}), "delete_message");
    s.send(s.patient, "written while you were away");

    // Tab A comes back and asks for what is after its last number and what changed since its revision.
    auto back = s.tab(s.doctor);
    const json page = data_of(back->request("messages_after", {{"conversation_id", s.conversation},
                                                              {"after", 3},
                                                              {"changed_since", revision}}),
                              "messages_after");
    CHECK(numbers_of(page["messages"]) == std::vector<std::int64_t>{4});
    REQUIRE(page["changed"].size() == 2);
    CHECK(page["changed"][0]["number"] == 1);
    CHECK(page["changed"][0]["text"] == "I take 500 mg");
    CHECK(page["changed"][0]["edited_at"].is_string());
    CHECK(page["changed"][1]["number"] == 2);
    CHECK(page["changed"][1]["deleted"] == true);
    CHECK(page["changed"][1]["text"] == "");  // a tombstone's text is never sent again
    CHECK(page["has_more"] == false);
    CHECK(page["revision"] == 6);

    // From the new revision nothing is left to catch up on; a request without changed_since sends none.
    const json again = data_of(back->request("messages_after", {{"conversation_id", s.conversation},
                                                               {"after", 4},
                                                               {"changed_since", page["revision"]}}),
                               "messages_after (again)");
    CHECK(again["messages"].empty());
    CHECK_FALSE(again.contains("changed"));
    CHECK(again["revision"] == 6);
    const json plain = data_of(back->request("messages_after", {{"conversation_id", s.conversation}, {"after", 3}}),
                               "messages_after (plain)");
    CHECK_FALSE(plain.contains("changed"));
    CHECK(error_code(back->request("messages_after", {{"conversation_id", s.conversation}, {"after", 3}, {"changed_since", -1}})) ==
          "invalid_field");
}

TEST_CASE("[server] messaging: a repeated client id returns the first result", "[server][messaging]") {
    Scene s(shared_server().port());
    auto doctor_tab = s.tab(s.doctor);
    const json request = {{"conversation_id", s.conversation}, {"client_message_id", "lost-reply-1"}, {"text", "Once only"}};
    const json first = data_of(s.patient.request("send_message", request), "send_message");
    const json again = data_of(s.patient.request("send_message", request), "send_message (repeat)");
    CHECK(again == first);
    CHECK(first["message"]["number"] == 1);

    // The doctor heard of it once: the next event is the next message, not a copy.
    CHECK(doctor_tab->await_event("message.created")["data"]["message"]["client_message_id"] == "lost-reply-1");
    s.send(s.patient, "the next one");
    CHECK(doctor_tab->await_event("message.created")["data"]["message"]["number"] == 2);
    const json all = data_of(s.doctor.request("messages_after", {{"conversation_id", s.conversation}, {"after", 0}}),
                             "messages_after");
    CHECK(numbers_of(all["messages"]) == std::vector<std::int64_t>{1, 2});
}

TEST_CASE("[server] messaging: two tabs of one person agree on unread counts", "[server][messaging]") {
    Scene s(shared_server().port());
    auto tab_a = s.tab(s.doctor);
    auto tab_b = s.tab(s.doctor);
    s.send(s.patient, "first");
    s.send(s.patient, "second");
    for (auto* tab : {tab_a.get(), tab_b.get()}) {
        tab->await_event("conversation.unread");
        CHECK(tab->await_event("conversation.unread")["data"]["unread"] == 2);
    }

    const json read = data_of(tab_a->request("message_receipt", {{"conversation_id", s.conversation}, {"kind", "read"}, {"up_to", 2}}),
                              "message_receipt");
    CHECK(read["unread"] == 0);
    CHECK(read["total_unread"] == 0);
    CHECK(read["receipt"]["read_upto"] == 2);
    for (auto* tab : {tab_a.get(), tab_b.get()}) {
        const json unread = tab->await_event("conversation.unread");
        CHECK(unread["data"]["unread"] == 0);
        CHECK(unread["data"]["total_unread"] == 0);
    }
    const json list = data_of(tab_b->request("list_conversations"), "list_conversations");
    CHECK(list["total_unread"] == 0);
    REQUIRE(list["conversations"].size() == 1);
    CHECK(list["conversations"][0]["unread"] == 0);
    CHECK(list["conversations"][0]["with"]["id"] == s.patient.id);

    // The patient sees "Read" under their messages.
    const json receipt = s.patient.ws->await_event("conversation.receipt");
    CHECK(receipt["data"]["receipt"]["user_id"] == s.doctor.id);
    CHECK(receipt["data"]["receipt"]["read_upto"] == 2);
}

TEST_CASE("[server] messaging: a stranger gets not_found and learns nothing", "[server][messaging]") {
    Scene s(shared_server().port());
    const json sent = s.send(s.patient, "Private");
    const json id = {{"conversation_id", s.conversation}};
    CHECK(error_code(s.stranger.request("open_conversation", {{"user_id", s.doctor.id}})) == "not_found");
    CHECK(error_code(s.stranger.request("conversation_history", id)) == "not_found");
    CHECK(error_code(s.stranger.request("messages_after", {{"conversation_id", s.conversation}, {"after", 0}})) == "not_found");
    CHECK(error_code(s.stranger.request("send_message", {{"conversation_id", s.conversation},
                                                         {"client_message_id", "x-1"},
                                                         {"text", "hello"}})) == "not_found");
    CHECK(error_code(s.stranger.request("message_receipt", {{"conversation_id", s.conversation}, {"kind", "read"}, {"up_to", 1}})) ==
          "not_found");
    CHECK(error_code(s.stranger.request("edit_message", {{"message_id", sent["id"]}, {"text", "mine now"}})) == "not_found");
    CHECK(error_code(s.stranger.request("delete_message", {{"message_id", sent["id"]}})) == "not_found");
    CHECK(error_code(s.stranger.request("typing", id)) == "not_found");
    // A conversation that exists and one that does not get the same answer.
    const json theirs = s.stranger.request("conversation_history", id);
    const json none = s.stranger.request("conversation_history", {{"conversation_id", s.conversation + 100000}});
    CHECK(theirs["error"] == none["error"]);
    CHECK(data_of(s.stranger.request("search_messages", {{"query", "private"}}), "search")["hits"].empty());
    // Staff cannot read them either.
    Person admin = demo_admin(s.port);
    CHECK(error_code(admin.request("conversation_history", id)) == "not_found");
    CHECK(error_code(admin.request("open_conversation", {{"user_id", s.patient.id}})) == "not_found");
}
