// The attachment part of the messaging repository's contract (core/messaging/repository.h), on every
// store: uploads, chunks by byte range, attaching to a message (and every message read carrying it),
// deleting an upload (never an attached file), idle uploads for the sweep, the access log.
#include "stores.h"

using namespace core;
using namespace store_test;

namespace {

struct Chat {
    ConversationId conversation = 0;
    People people;
};

Chat add_chat(Store& store) {
    Chat c;
    c.people = add_people(store);
    c.conversation = store
                         .transact([&](Transaction& tx) {
                             return tx.messaging().insert_conversation(
                                 {0, c.people.patient, c.people.doctor, at(kT0), 0, std::nullopt});
                         })
                         .value;
    return c;
}

Attachment upload(const Chat& c, std::int64_t declared, std::int64_t at_ms = kT0) {
    Attachment a;
    a.conversation_id = c.conversation;
    a.uploader_id = c.people.patient;
    a.name = "Ausschlag Łódź.jpg";
    a.declared_bytes = declared;
    a.created_at = at(at_ms);
    a.last_chunk_at = at(at_ms);
    return a;
}

}  // namespace

STORE_TEST_CASE("[store] messaging: attachments", "[store][messaging][attachments]") {
    TestType backend;
    Store& store = backend.store;
    const Chat c = add_chat(store);

    SECTION("an upload is stored as given; chunks come back by byte range; updates keep who and where") {
        const AttachmentId id = store
                                    .transact([&](Transaction& tx) {
                                        auto& m = tx.messaging();
                                        const AttachmentId id = m.insert_attachment(upload(c, 10));
                                        m.insert_attachment_chunk({id, 0, 0, std::string("abcd")});
                                        m.insert_attachment_chunk({id, 1, 4, std::string("ef\0g", 4)});
                                        m.insert_attachment_chunk({id, 2, 8, std::string("hi")});
                                        return id;
                                    })
                                    .value;
        CHECK(id > 0);
        store.transact([&](Transaction& tx) {
            auto& m = tx.messaging();
            auto a = m.find_attachment(id);
            REQUIRE(a);
            CHECK(a->conversation_id == c.conversation);
            CHECK(a->uploader_id == c.people.patient);
            CHECK(a->name == "Ausschlag Łódź.jpg");
            CHECK(a->declared_bytes == 10);
            CHECK(a->bytes == 0);
            CHECK(a->status == AttachmentStatus::uploading);
            CHECK_FALSE(a->message_id);
            CHECK(a->created_at == at(kT0));
            CHECK_THROWS_AS(m.insert_attachment_chunk({id, 1, 4, "x"}), UniqueViolation);
            auto all = m.attachment_chunks(id, 0, 10);
            REQUIRE(all.size() == 3);
            CHECK(all[1].data == std::string("ef\0g", 4));  // binary-safe
            CHECK(all[2].offset == 8);
            auto middle = m.attachment_chunks(id, 5, 7);
            REQUIRE(middle.size() == 1);
            CHECK(middle[0].seq == 1);
            CHECK(m.attachment_chunks(id, 10, 20).empty());
            a->bytes = 10;
            a->chunks = 3;
            a->last_chunk_at = at(kT0 + kMin);
            a->uploader_id = 999;  // not stored by update
            m.update_attachment(*a);
            auto again = m.find_attachment(id);
            CHECK(again->bytes == 10);
            CHECK(again->chunks == 3);
            CHECK(again->last_chunk_at == at(kT0 + kMin));
            CHECK(again->uploader_id == c.people.patient);
            CHECK_FALSE(m.find_attachment(id + 1000));
        });
    }

    SECTION("attached to a message, every read of the message carries it; it can no longer be deleted") {
        store.transact([&](Transaction& tx) {
            auto& m = tx.messaging();
            const AttachmentId id = m.insert_attachment(upload(c, 4));
            m.insert_attachment_chunk({id, 0, 0, "%PDF"});
            Message msg;
            msg.conversation_id = c.conversation;
            msg.sender_id = c.people.patient;
            msg.client_message_id = "with-file";
            msg.created_at = at(kT0);
            const Message plain = m.insert_message({0, c.conversation, 0, c.people.patient, "plain", "no file", {}, at(kT0)});
            const Message stored = m.insert_message(msg);
            CHECK_FALSE(stored.attachment);
            Attachment a = *m.find_attachment(id);
            a.status = AttachmentStatus::attached;
            a.kind = AttachmentKind::pdf;
            a.bytes = 4;
            a.chunks = 1;
            a.message_id = stored.id;
            m.update_attachment(a);

            const AttachmentSummary expected{id, AttachmentKind::pdf, "Ausschlag Łódź.jpg", 4};
            auto check = [&](const std::optional<Message>& got) {
                REQUIRE(got);
                REQUIRE(got->attachment);
                CHECK(got->attachment->id == expected.id);
                CHECK(got->attachment->kind == expected.kind);
                CHECK(got->attachment->name == expected.name);
                CHECK(got->attachment->bytes == expected.bytes);
            };
            check(m.find_message(stored.id));
            check(m.find_message_by_client_id(c.conversation, c.people.patient, "with-file"));
            auto before = m.messages_before(c.conversation, 100, 10);
            REQUIRE(before.size() == 2);
            CHECK_FALSE(before[0].attachment);  // the plain one
            check(before[1]);
            auto after = m.messages_after(c.conversation, 0, 10);
            REQUIRE(after.size() == 2);
            check(after[1]);
            CHECK_FALSE(m.find_message(plain.id)->attachment);
            CHECK(m.find_attachment(id)->kind == AttachmentKind::pdf);

            m.delete_upload(id);  // attached: kept
            CHECK(m.find_attachment(id));
            CHECK(m.attachment_chunks(id, 0, 4).size() == 1);
        });
    }

    SECTION("an upload never attached is deleted with its chunks; idle uploads are found for the sweep") {
        store.transact([&](Transaction& tx) {
            auto& m = tx.messaging();
            const AttachmentId old_one = m.insert_attachment(upload(c, 4, kT0));
            const AttachmentId fresh = m.insert_attachment(upload(c, 4, kT0 + 20 * kMin));
            m.insert_attachment_chunk({old_one, 0, 0, "abcd"});
            auto idle = m.uploads_idle_since(at(kT0 + 10 * kMin));
            REQUIRE(idle.size() == 1);
            CHECK(idle[0].id == old_one);
            m.delete_upload(old_one);
            CHECK_FALSE(m.find_attachment(old_one));
            CHECK(m.attachment_chunks(old_one, 0, 4).empty());
            CHECK(m.uploads_idle_since(at(kT0 + 10 * kMin)).empty());
            CHECK(m.uploads_idle_since(at(kT0 + 30 * kMin)).size() == 1);
            m.delete_upload(fresh + 1000);  // unknown: nothing
            CHECK(m.find_attachment(fresh));
        });
    }

    SECTION("the access log: one row per link, oldest first") {
        store.transact([&](Transaction& tx) {
            auto& m = tx.messaging();
            const AttachmentId id = m.insert_attachment(upload(c, 4));
            CHECK(m.insert_attachment_access({0, id, c.people.doctor, at(kT0 + 1), "link-1"}));
            CHECK_FALSE(m.insert_attachment_access({0, id, c.people.doctor, at(kT0 + 2), "link-1"}));
            CHECK(m.insert_attachment_access({0, id, c.people.patient, at(kT0 + 3), "link-2"}));
            auto log = m.attachment_accesses(id);
            REQUIRE(log.size() == 2);
            CHECK(log[0].user_id == c.people.doctor);
            CHECK(log[0].at == at(kT0 + 1));
            CHECK(log[0].token_id == "link-1");
            CHECK(log[1].user_id == c.people.patient);
            CHECK(log[0].id < log[1].id);
        });
    }
}
