// A person's own data: export_my_data holds what they may read and nobody else's; deleting the account
// waits for open visits and keeps the clinic's records (visits, ledger, messages) readable afterwards.
#include <catch2/catch.hpp>

#include "confirmed_visit.h"

using namespace core;
using test_scene::Client;
using test_scene::json;
using test_scene::ConfirmedVisit;

namespace {

json send_message(Client& c, std::int64_t conversation, const std::string& text, const std::string& id) {
    return c.reply("send_message", {{"conversation_id", conversation}, {"client_message_id", id}, {"text", text}});
}

}  // namespace

TEST_CASE("[core] export_my_data: the person's account, visits, wallet, messages and notifications", "[core][privacy]") {
    ConfirmedVisit s;
    Client patient(s.services);
    patient.hello().sign_in("pat@example.com");
    const json opened = patient.reply("open_conversation", {{"user_id", s.doctor}});
    REQUIRE(opened["ok"] == true);
    const std::int64_t conversation = opened["data"]["conversation"]["id"];
    for (int i = 1; i <= 3; ++i) REQUIRE(send_message(patient, conversation, "Question " + std::to_string(i), "m-" + std::to_string(i))["ok"] == true);

    const json exported = patient.reply("export_my_data");
    REQUIRE(exported["ok"] == true);
    const json& d = exported["data"];
    CHECK(d["account"]["email"] == "pat@example.com");
    CHECK_FALSE(d["account"].contains("password_hash"));
    REQUIRE(d["appointments"].size() == 1);
    CHECK(d["appointments"][0]["id"] == s.visit);
    CHECK(d["wallet"] == patient.reply("get_wallet")["data"]["wallet"]);  // the bundle bought, 2 held for the visit
    CHECK(d["wallet"]["held"] == 2);
    REQUIRE(d["conversations"].size() == 1);
    const json& messages = d["conversations"][0]["messages"];
    REQUIRE(messages.size() == 3);
    CHECK(messages[0]["text"] == "Question 1");  // oldest first
    CHECK(messages[2]["text"] == "Question 3");
    CHECK(d["notifications"].is_array());
    CHECK(d.contains("exported_at"));

    SECTION("the stranger's export holds none of it") {
        Client stranger(s.services);
        stranger.hello().sign_in("x@example.com");
        const json theirs = stranger.reply("export_my_data");
        REQUIRE(theirs["ok"] == true);
        CHECK(theirs["data"]["appointments"].empty());
        CHECK(theirs["data"]["conversations"].empty());
        CHECK(theirs.dump().find("Question") == std::string::npos);
        CHECK(theirs.dump().find("pat@example.com") == std::string::npos);
    }
    SECTION("a conversation longer than a page comes whole") {
        for (int i = 4; i <= 130; ++i) REQUIRE(send_message(patient, conversation, "Q" + std::to_string(i), "m-" + std::to_string(i))["ok"] == true);
        const json again = patient.reply("export_my_data");
        const json& all = again["data"]["conversations"][0]["messages"];
        REQUIRE(all.size() == 130);
        for (std::size_t i = 0; i < all.size(); ++i) CHECK(all[i]["number"] == std::int64_t(i + 1));
    }
}

TEST_CASE("[core] delete_account waits for open visits, then keeps the clinic's records", "[core][privacy][deletion]") {
    ConfirmedVisit s;
    Client patient(s.services);
    patient.hello().sign_in("pat@example.com");
    const json refused = patient.reply("delete_account", {{"password", test_scene::kPassword}});
    REQUIRE(refused["ok"] == false);
    CHECK(refused["error"]["code"] == "open_visits");
    CHECK(patient.reply("me")["ok"] == true);  // nothing happened

    REQUIRE(s.clinic.act(s.patient, s.visit, AppointmentAction::cancel, "", s.cfx));
    const auto deleted = patient.send("delete_account", {{"password", test_scene::kPassword}});
    CHECK(json::parse(deleted.reply)["ok"] == true);
    CHECK(patient.reply("me")["error"]["code"] == "unauthenticated");  // this connection is signed out

    // The doctor still has the (cancelled) visit, with the patient shown as a deleted account.
    Client doctor(s.services);
    doctor.hello().sign_in("dr@example.com");
    const json visit = doctor.reply("get_appointment", {{"appointment_id", s.visit}});
    REQUIRE(visit["ok"] == true);
    CHECK(visit["data"]["appointment"]["patient"]["display_name"] == "Deleted account");
    CHECK(visit.dump().find("pat@example.com") == std::string::npos);
    CHECK(s.ledger_total() == 0);
}
