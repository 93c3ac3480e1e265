// The messaging repository's contract (core/messaging/repository.h), on every store; and the clinic's
// has_visit_between, which messaging asks.
#include "stores.h"

#include "core/messaging/search.h"

using namespace core;
using namespace store_test;

namespace {

Message message(ConversationId c, UserId sender, const std::string& client_id, const std::string& text,
                std::int64_t at_ms = kT0) {
    Message m;
    m.conversation_id = c;
    m.sender_id = sender;
    m.client_message_id = client_id;
    m.text = text;
    m.created_at = at(at_ms);
    return m;
}

std::vector<std::int64_t> numbers(const std::vector<Message>& list) {
    std::vector<std::int64_t> out;
    for (const auto& m : list) out.push_back(m.number);
    return out;
}

std::vector<std::string> texts(const std::vector<Message>& list) {
    std::vector<std::string> out;
    for (const auto& m : list) out.push_back(m.text);
    return out;
}

// The conversation of p.patient with p.doctor, and one of p.other_patient with p.doctor.
struct Conversations {
    ConversationId mine = 0, theirs = 0;
};

Conversations add_conversations(Store& store, const People& p) {
    return store
        .transact([&](Transaction& tx) {
            auto& messaging = tx.messaging();
            Conversations c;
            c.mine = messaging.insert_conversation({0, p.patient, p.doctor, at(kT0), 0, std::nullopt});
            c.theirs = messaging.insert_conversation({0, p.other_patient, p.doctor, at(kT0), 0, std::nullopt});
            return c;
        })
        .value;
}

}  // namespace

STORE_TEST_CASE("[store] messaging: conversations", "[store][messaging]") {
    TestType backend;
    Store& store = backend.store;
    const People p = add_people(store);

    SECTION("one per pair, found by id and by pair, empty at first, receipts at zero") {
        const Conversations c = add_conversations(store, p);
        store.transact([&](Transaction& tx) {
            auto& messaging = tx.messaging();
            CHECK(c.mine > 0);
            CHECK(c.theirs > c.mine);
            const auto found = messaging.find_conversation(c.mine);
            REQUIRE(found);
            CHECK(found->patient_id == p.patient);
            CHECK(found->doctor_id == p.doctor);
            CHECK(found->created_at == at(kT0));
            CHECK(found->last_number == 0);
            CHECK_FALSE(found->last_message_at);
            CHECK(messaging.find_conversation_between(p.patient, p.doctor)->id == c.mine);
            CHECK_FALSE(messaging.find_conversation_between(p.doctor, p.patient));  // patient first, doctor second
            CHECK_FALSE(messaging.find_conversation_between(p.patient, p.other_doctor));
            CHECK_FALSE(messaging.find_conversation(c.theirs + 1000));
            const Receipt r = messaging.find_receipt(c.mine, p.patient);
            CHECK(r.delivered_upto == 0);
            CHECK(r.read_upto == 0);
            CHECK(messaging.conversations_of(p.patient, 10).empty());  // none holds a message yet
        });
        CHECK_THROWS_AS(store.transact([&](Transaction& tx) {
            tx.messaging().insert_conversation({0, p.patient, p.doctor, at(kT0 + 5), 0, std::nullopt});
        }),
                        UniqueViolation);
    }
    SECTION("a user's conversations: with a message, the most recently written first, at most limit") {
        const Conversations c = add_conversations(store, p);
        store.transact([&](Transaction& tx) {
            auto& messaging = tx.messaging();
            messaging.insert_message(message(c.theirs, p.other_patient, "a", "first", kT0 + 10));
            messaging.insert_message(message(c.mine, p.patient, "a", "second", kT0 + 20));
            auto list = messaging.conversations_of(p.doctor, 10);
            REQUIRE(list.size() == 2);
            CHECK(list[0].id == c.mine);
            CHECK(list[0].last_number == 1);
            CHECK(list[0].last_message_at == at(kT0 + 20));
            CHECK(list[1].id == c.theirs);
            messaging.insert_message(message(c.theirs, p.doctor, "b", "third", kT0 + 30));
            list = messaging.conversations_of(p.doctor, 1);
            REQUIRE(list.size() == 1);
            CHECK(list[0].id == c.theirs);
            CHECK(list[0].last_number == 2);
            REQUIRE(messaging.conversations_of(p.patient, 10).size() == 1);
            CHECK(messaging.conversations_of(p.other_doctor, 10).empty());
            CHECK(messaging.conversations_of(p.doctor, 0).empty());
        });
    }
}

STORE_TEST_CASE("[store] messaging: messages", "[store][messaging]") {
    TestType backend;
    Store& store = backend.store;
    const People p = add_people(store);
    const Conversations c = add_conversations(store, p);

    SECTION("numbered 1, 2, 3 per conversation whatever the message says; every field kept") {
        store.transact([&](Transaction& tx) {
            auto& messaging = tx.messaging();
            const auto visit = tx.clinic().insert_appointment(appointment(p, 0));
            Message m = message(c.mine, p.patient, "id-1", "Hallo — مرحبا 👋\nzweite Zeile", kT0 + 1);
            m.number = 99;  // ignored: the store numbers
            m.appointment_id = visit;
            const Message first = messaging.insert_message(m);
            CHECK(first.id > 0);
            CHECK(first.number == 1);
            const Message second = messaging.insert_message(message(c.mine, p.doctor, "id-1", "Antwort", kT0 + 2));
            CHECK(second.number == 2);  // the same client id from the other member is another message
            CHECK(second.id > first.id);
            CHECK(messaging.insert_message(message(c.theirs, p.doctor, "x", "elsewhere")).number == 1);
            CHECK(messaging.insert_message(message(c.mine, p.patient, "id-2", "third")).number == 3);

            const auto found = messaging.find_message(first.id);
            REQUIRE(found);
            CHECK(found->conversation_id == c.mine);
            CHECK(found->number == 1);
            CHECK(found->sender_id == p.patient);
            CHECK(found->client_message_id == "id-1");
            CHECK(found->text == "Hallo — مرحبا 👋\nzweite Zeile");
            CHECK(found->appointment_id == visit);
            CHECK(found->created_at == at(kT0 + 1));
            CHECK_FALSE(found->edited_at);
            CHECK_FALSE(found->deleted());
            CHECK_FALSE(messaging.find_message(first.id + 1000));
            const auto conversation = messaging.find_conversation(c.mine);
            CHECK(conversation->last_number == 3);
        });
    }
    SECTION("a client id is bound to its first message per sender and conversation") {
        store.transact([&](Transaction& tx) {
            const Message first = tx.messaging().insert_message(message(c.mine, p.patient, "same", "one"));
            const auto again = tx.messaging().find_message_by_client_id(c.mine, p.patient, "same");
            REQUIRE(again);
            CHECK(again->id == first.id);
            CHECK_FALSE(tx.messaging().find_message_by_client_id(c.mine, p.doctor, "same"));
            CHECK_FALSE(tx.messaging().find_message_by_client_id(c.theirs, p.patient, "same"));
            CHECK_FALSE(tx.messaging().find_message_by_client_id(c.mine, p.patient, "other"));
        });
        CHECK_THROWS_AS(store.transact([&](Transaction& tx) {
            tx.messaging().insert_message(message(c.mine, p.patient, "same", "two"));
        }),
                        UniqueViolation);
        store.transact([&](Transaction& tx) {  // the refused one left nothing behind
            CHECK(tx.messaging().find_conversation(c.mine)->last_number == 1);
            CHECK(tx.messaging().messages_after(c.mine, 0, 10).size() == 1);
        });
    }
    SECTION("pages: before a number (the newest of them), after a number (the oldest), ascending") {
        store.transact([&](Transaction& tx) {
            auto& messaging = tx.messaging();
            for (int i = 1; i <= 7; ++i)
                messaging.insert_message(message(c.mine, i % 2 ? p.patient : p.doctor, "m" + std::to_string(i),
                                                 "text " + std::to_string(i)));
            messaging.insert_message(message(c.theirs, p.doctor, "z", "not here"));
            CHECK(numbers(messaging.messages_before(c.mine, 8, 3)) == std::vector<std::int64_t>{5, 6, 7});
            CHECK(numbers(messaging.messages_before(c.mine, 5, 3)) == std::vector<std::int64_t>{2, 3, 4});
            CHECK(numbers(messaging.messages_before(c.mine, 3, 50)) == std::vector<std::int64_t>{1, 2});
            CHECK(messaging.messages_before(c.mine, 1, 50).empty());
            CHECK(messaging.messages_before(c.mine, 8, 0).empty());
            CHECK(numbers(messaging.messages_after(c.mine, 0, 3)) == std::vector<std::int64_t>{1, 2, 3});
            CHECK(numbers(messaging.messages_after(c.mine, 5, 50)) == std::vector<std::int64_t>{6, 7});
            CHECK(messaging.messages_after(c.mine, 7, 50).empty());
            CHECK(messaging.messages_after(c.mine, 0, -1).empty());
            CHECK(texts(messaging.messages_after(c.mine, 6, 1)) == std::vector<std::string>{"text 7"});
        });
    }
    SECTION("edit keeps the old text in the audit; delete leaves a tombstone and audits the text") {
        store.transact([&](Transaction& tx) {
            auto& messaging = tx.messaging();
            const Message m = messaging.insert_message(message(c.mine, p.patient, "e", "original"));
            messaging.edit_message(m.id, "edited once", p.patient, at(kT0 + 60'000));
            messaging.edit_message(m.id, "edited twice", p.patient, at(kT0 + 120'000));
            auto found = messaging.find_message(m.id);
            CHECK(found->text == "edited twice");
            CHECK(found->edited_at == at(kT0 + 120'000));

            messaging.delete_message(m.id, p.patient, at(kT0 + 180'000));
            found = messaging.find_message(m.id);
            CHECK(found->deleted());
            CHECK(found->deleted_at == at(kT0 + 180'000));
            CHECK(found->text.empty());
            CHECK(found->number == 1);
            CHECK(found->client_message_id == "e");
            CHECK(messaging.messages_after(c.mine, 0, 10).size() == 1);  // still in the thread

            const auto audit = messaging.message_audit(m.id);
            REQUIRE(audit.size() == 3);
            CHECK(audit[0].action == MessageAuditAction::edited);
            CHECK(audit[0].text == "original");
            CHECK(audit[0].actor == p.patient);
            CHECK(audit[0].at == at(kT0 + 60'000));
            CHECK(audit[1].text == "edited once");
            CHECK(audit[2].action == MessageAuditAction::deleted);
            CHECK(audit[2].text == "edited twice");
            CHECK(audit[0].id < audit[1].id);
            CHECK(messaging.message_audit(m.id + 1000).empty());
            messaging.edit_message(m.id + 1000, "nothing", p.patient, at(kT0));  // unknown: nothing, no throw
            messaging.delete_message(m.id + 1000, p.patient, at(kT0));
        });
    }
    SECTION("revisions: every send, edit and delete takes the conversation's next; changed since one") {
        store.transact([&](Transaction& tx) {
            auto& messaging = tx.messaging();
            CHECK(messaging.find_conversation(c.mine)->last_revision == 0);
            std::vector<Message> sent;
            for (int i = 1; i <= 4; ++i)
                sent.push_back(messaging.insert_message(message(c.mine, p.patient, "r" + std::to_string(i), "t")));
            CHECK(sent[0].revision == 1);
            CHECK(sent[3].revision == 4);
            CHECK(messaging.insert_message(message(c.theirs, p.doctor, "r", "elsewhere")).revision == 1);  // its own count
            messaging.edit_message(sent[2].id, "t, edited", p.patient, at(kT0 + 1));  // revision 5
            messaging.delete_message(sent[0].id, p.patient, at(kT0 + 2));            // revision 6
            messaging.edit_message(sent[3].id, "t, edited", p.patient, at(kT0 + 3));  // revision 7
            CHECK(messaging.find_message(sent[2].id)->revision == 5);
            CHECK(messaging.find_message(sent[0].id)->revision == 6);
            CHECK(messaging.find_conversation(c.mine)->last_revision == 7);
            CHECK(messaging.find_conversation(c.theirs)->last_revision == 1);
            CHECK(messaging.find_conversation(c.mine)->last_number == 4);  // numbers count messages only

            // By ascending revision, the current state; only numbers up to `up_to`; at most `limit`.
            const auto changed = messaging.messages_changed_since(c.mine, 4, 4, 10);
            CHECK(numbers(changed) == std::vector<std::int64_t>{3, 1, 4});
            CHECK(changed[0].text == "t, edited");
            CHECK(changed[1].deleted());
            CHECK(numbers(messaging.messages_changed_since(c.mine, 3, 4, 10)) == std::vector<std::int64_t>{3, 1});
            CHECK(numbers(messaging.messages_changed_since(c.mine, 4, 4, 2)) == std::vector<std::int64_t>{3, 1});
            CHECK(numbers(messaging.messages_changed_since(c.mine, 4, 6, 10)) == std::vector<std::int64_t>{4});
            CHECK(messaging.messages_changed_since(c.mine, 4, 7, 10).empty());
            CHECK(messaging.messages_changed_since(c.mine, 4, 0, 0).empty());
            CHECK(numbers(messaging.messages_changed_since(c.mine, 4, 0, 10)) == std::vector<std::int64_t>{2, 3, 1, 4});
        });
    }
}

STORE_TEST_CASE("[store] messaging: receipts and unread counts", "[store][messaging]") {
    TestType backend;
    Store& store = backend.store;
    const People p = add_people(store);
    const Conversations c = add_conversations(store, p);

    SECTION("receipts only move forward; read implies delivered") {
        store.transact([&](Transaction& tx) {
            auto& messaging = tx.messaging();
            Receipt r = messaging.advance_receipt(c.mine, p.patient, 3, 0);
            CHECK(r.delivered_upto == 3);
            CHECK(r.read_upto == 0);
            r = messaging.advance_receipt(c.mine, p.patient, 2, 0);  // back: ignored
            CHECK(r.delivered_upto == 3);
            r = messaging.advance_receipt(c.mine, p.patient, 0, 5);
            CHECK(r.delivered_upto == 5);
            CHECK(r.read_upto == 5);
            r = messaging.advance_receipt(c.mine, p.patient, 4, 4);
            CHECK(r.delivered_upto == 5);
            CHECK(r.read_upto == 5);
            const Receipt stored = messaging.find_receipt(c.mine, p.patient);
            CHECK(stored.delivered_upto == 5);
            CHECK(stored.read_upto == 5);
            CHECK(messaging.find_receipt(c.mine, p.doctor).read_upto == 0);  // each member has their own
        });
    }
    SECTION("unread: the other member's messages above one's read number, tombstones not counted") {
        store.transact([&](Transaction& tx) {
            auto& messaging = tx.messaging();
            messaging.insert_message(message(c.mine, p.doctor, "1", "one"));
            messaging.insert_message(message(c.mine, p.patient, "2", "mine do not count"));
            const Message three = messaging.insert_message(message(c.mine, p.doctor, "3", "three"));
            messaging.insert_message(message(c.mine, p.doctor, "4", "four"));
            messaging.insert_message(message(c.theirs, p.doctor, "5", "for the other patient"));
            messaging.insert_message(message(c.theirs, p.other_patient, "6", "to the doctor"));
            CHECK(messaging.unread_in(c.mine, p.patient) == 3);
            CHECK(messaging.unread_in(c.mine, p.doctor) == 1);
            CHECK(messaging.unread_total(p.patient) == 3);
            CHECK(messaging.unread_total(p.doctor) == 2);
            CHECK(messaging.unread_total(p.other_doctor) == 0);

            messaging.advance_receipt(c.mine, p.patient, 0, 3);
            CHECK(messaging.unread_in(c.mine, p.patient) == 1);
            CHECK(messaging.unread_total(p.patient) == 1);
            messaging.delete_message(three.id, p.doctor, at(kT0 + 1));  // already read: no change
            CHECK(messaging.unread_in(c.mine, p.patient) == 1);
            messaging.delete_message(three.id + 1, p.doctor, at(kT0 + 1));  // "four", unread
            CHECK(messaging.unread_in(c.mine, p.patient) == 0);
            CHECK(messaging.unread_total(p.patient) == 0);
        });
    }
}

STORE_TEST_CASE("[store] messaging: search", "[store][messaging]") {
    TestType backend;
    Store& store = backend.store;
    const People p = add_people(store);
    const Conversations c = add_conversations(store, p);
    MessageId rash = 0, later = 0, deleted = 0, edited = 0;
    store.transact([&](Transaction& tx) {
        auto& messaging = tx.messaging();
        rash = messaging.insert_message(message(c.mine, p.patient, "1", "I have a Rash on my arm")).id;
        messaging.insert_message(message(c.mine, p.doctor, "2", "Does it itch?"));
        later = messaging.insert_message(message(c.mine, p.doctor, "3", "Send a photo of the rashes, please")).id;
        deleted = messaging.insert_message(message(c.mine, p.patient, "4", "rash gone, never mind")).id;
        messaging.delete_message(deleted, p.patient, at(kT0 + 1));
        edited = messaging.insert_message(message(c.mine, p.patient, "5", "old words about a rash")).id;
        messaging.edit_message(edited, "new words only", p.patient, at(kT0 + 2));
        messaging.insert_message(message(c.theirs, p.other_patient, "6", "my rash is someone else's business"));
        messaging.insert_message(message(c.mine, p.patient, "7", "Ärztin sagte: Ausschlag"));
        messaging.insert_message(message(c.mine, p.patient, "8", "Врач сказал: сыпь"));
    });
    const auto search = [&](UserId user, const std::string& query, int limit = 10) {
        return store.transact([&](Transaction& tx) { return tx.messaging().search_messages(user, search_terms(query), limit); })
            .value;
    };
    const auto ids = [](const std::vector<Message>& list) {
        std::vector<MessageId> out;
        for (const auto& m : list) out.push_back(m.id);
        return out;
    };

    SECTION("word starts, any case, the newest first, only one's own conversations, never a tombstone") {
        CHECK(ids(search(p.patient, "rash")) == std::vector<MessageId>{later, rash});
        CHECK(ids(search(p.patient, "RASH", 1)) == std::vector<MessageId>{later});
        CHECK(ids(search(p.doctor, "rash")).size() == 3);  // the doctor has both conversations
        CHECK(search(p.other_doctor, "rash").empty());
        CHECK(ids(search(p.patient, "rash arm")) == std::vector<MessageId>{rash});  // every term
        CHECK(search(p.patient, "ash").empty());  // inside a word: no
        CHECK(search(p.patient, "gone").empty());  // deleted
        CHECK(search(p.patient, "old").empty());  // the text an edit replaced
        CHECK(ids(search(p.patient, "new words")) == std::vector<MessageId>{edited});
        CHECK(search(p.patient, "rash", 0).empty());
    }
    SECTION("letters beyond ASCII, folded the same way") {
        CHECK(search(p.patient, "ärztin").size() == 1);
        CHECK(search(p.patient, "ÄRZT").size() == 1);
        CHECK(search(p.patient, "ausschlag").size() == 1);
        CHECK(search(p.patient, "ВРАЧ").size() == 1);
        CHECK(search(p.patient, "сып").size() == 1);
    }
}

STORE_TEST_CASE("[store] clinic: a visit between a doctor and a patient", "[store][clinic][messaging]") {
    TestType backend;
    Store& store = backend.store;
    const People p = add_people(store);
    store.transact([&](Transaction& tx) {
        auto& clinic = tx.clinic();
        CHECK_FALSE(clinic.has_visit_between(p.doctor, p.patient));
        clinic.insert_appointment(appointment(p, 0, AppointmentStatus::declined));
        CHECK_FALSE(clinic.has_visit_between(p.doctor, p.patient));  // declined does not count
        for (AppointmentStatus s : {AppointmentStatus::cancelled, AppointmentStatus::completed}) {
            Appointment a = appointment(p, 60, s, p.other_patient);
            clinic.insert_appointment(a);
        }
        CHECK(clinic.has_visit_between(p.doctor, p.other_patient));
        CHECK_FALSE(clinic.has_visit_between(p.other_doctor, p.other_patient));
        CHECK_FALSE(clinic.has_visit_between(p.other_patient, p.doctor));  // doctor first
    });
}
