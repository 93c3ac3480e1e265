// The scene the messaging, notifications and attachments server tests start from: a verified doctor, a
// patient with a requested visit with them (enough for a care relationship), a patient who has none,
// and the conversation of the first two, opened by the patient. `tag` keeps each file's people and
// client message ids apart on the shared server.
#pragma once
#include <memory>
#include <string>

#include <catch2/catch.hpp>

#include "clinic_flows.h"

namespace test {

struct ConversationScene {
    std::uint16_t port;
    std::string tag;
    Person doctor, patient, stranger;
    std::int64_t conversation = 0;
    int sent = 0;

    ConversationScene(std::uint16_t p, std::string tag_) : port(p), tag(std::move(tag_)) {
        doctor = verified_doctor(port, all_week(30, 0));
        patient = sign_up_person(port, tag + "-patient");
        stranger = sign_up_person(port, tag + "-stranger");
        data_of(buy_credits(patient, "bundle5", tag + "-" + patient.email), "buy_credits");
        const auto slots = get_slots(patient, doctor.id, now_utc() + std::chrono::hours(2), now_utc() + std::chrono::hours(30));
        REQUIRE_FALSE(slots.empty());
        data_of(book(patient, doctor.id, slots[0]["starts_at"]), "book");
        conversation = data_of(patient.request("open_conversation", {{"user_id", doctor.id}}),
                               "open_conversation")["conversation"]["id"];
    }
    // Another signed-in tab of the person, on its own socket.
    std::unique_ptr<WsClient> tab(const Person& who) {
        auto ws = greeted(port);
        data_of(sign_in(*ws, who.email), "sign_in " + who.email);
        return ws;
    }
    // A text message from `from`; returns the message.
    json send(Person& from, const std::string& text) {
        return data_of(from.request("send_message", {{"conversation_id", conversation},
                                                     {"client_message_id", tag + "-" + std::to_string(++sent)},
                                                     {"text", text}}),
                       "send_message")["message"];
    }
};

}  // namespace test
