// What the messaging domain stores: conversations, their numbered messages, each member's receipts,
// and the audit of texts that left the thread. Implemented by every store;
// tests/unit/store/messaging.test.cpp holds each one to the rules written here.
//
// Rules for every method: the store assigns ids, positive and increasing; an unknown id finds nothing
// and changes nothing; the store checks no permission (the service does).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/messaging/model.h"

namespace core {

class MessagingRepository {
public:
    virtual ~MessagingRepository() = default;

    // --- conversations
    // Stores a new, empty conversation (last_number and last_revision 0) and a receipt (0, 0) for each member; returns
    // its id. Throws UniqueViolation when the pair already has one.
    virtual ConversationId insert_conversation(const Conversation& conversation) = 0;
    virtual std::optional<Conversation> find_conversation(ConversationId id) = 0;
    virtual std::optional<Conversation> find_conversation_between(UserId patient, UserId doctor) = 0;
    // The user's conversations (as patient or doctor) that hold at least one message, the most
    // recently written first (last_message_at, ties: the higher id first); at most `limit` (none when
    // limit <= 0).
    virtual std::vector<Conversation> conversations_of(UserId user, int limit) = 0;

    // --- messages
    // Stores the message as the conversation's next number (its last_number + 1, whatever the
    // message says) and makes it the conversation's newest (last_number, last_message_at =
    // created_at); it takes the conversation's next revision (last_revision + 1) as its revision;
    // returns it as stored, id, number and revision set. Throws UniqueViolation when the sender
    // already has a message with this client_message_id in the conversation: the binding of a client
    // id to its first message is kept as long as the message is (at least the 24 hours the protocol
    // promises).
    virtual Message insert_message(const Message& message) = 0;
    virtual std::optional<Message> find_message(MessageId id) = 0;
    virtual std::optional<Message> find_message_by_client_id(ConversationId conversation, UserId sender,
                                                             std::string_view client_message_id) = 0;
    // Up to `limit` messages numbered below `before`, the newest of them; returned oldest first
    // (ascending number, as a thread reads). None when limit <= 0.
    virtual std::vector<Message> messages_before(ConversationId conversation, std::int64_t before, int limit) = 0;
    // Up to `limit` messages numbered above `after`, the oldest of them; oldest first. None when limit <= 0.
    virtual std::vector<Message> messages_after(ConversationId conversation, std::int64_t after, int limit) = 0;
    // Up to `limit` messages numbered up to `up_to` whose revision is above `since` (changed after the
    // reader's revision `since`: edited or deleted, or sent), by ascending revision. None when limit <= 0.
    virtual std::vector<Message> messages_changed_since(ConversationId conversation, std::int64_t up_to,
                                                        std::int64_t since, int limit) = 0;
    // Replaces the text and sets edited_at; the text it replaced goes to the audit (action edited).
    // The message takes the conversation's next revision.
    virtual void edit_message(MessageId id, std::string_view text, UserId actor, Instant at) = 0;
    // Makes the message a tombstone: text emptied, deleted_at set; the text goes to the audit
    // (action deleted). The message keeps its number, sender, client id and appointment, and takes the
    // conversation's next revision.
    virtual void delete_message(MessageId id, UserId actor, Instant at) = 0;
    // The message's audit rows, as written (by id). What the clinic keeps; never sent to anyone.
    virtual std::vector<MessageAudit> message_audit(MessageId id) = 0;

    // --- receipts and unread counts
    // The member's receipt; (0, 0) when the store has none.
    virtual Receipt find_receipt(ConversationId conversation, UserId user) = 0;
    // Moves the member's pointers forward, never back: delivered_upto = max(old, delivered, read) and
    // read_upto = max(old, read) (reading implies delivery). Returns the receipt as stored.
    virtual Receipt advance_receipt(ConversationId conversation, UserId user, std::int64_t delivered,
                                    std::int64_t read) = 0;
    // Messages the user has not read in the conversation: the other member's messages numbered above
    // the user's read_upto, tombstones not counted.
    virtual int unread_in(ConversationId conversation, UserId user) = 0;
    // The same over every conversation of the user.
    virtual int unread_total(UserId user) = 0;

    // --- search
    // Messages of the user's conversations (any sender) that match every term (core/messaging/
    // search.h: each term starts a word of the text, ignoring case), tombstones never; the newest
    // first (by id), at most `limit`. `terms` come from search_terms(): folded, at least one.
    virtual std::vector<Message> search_messages(UserId user, const std::vector<std::string>& terms, int limit) = 0;

    // --- attachments
    // Every method that returns a Message fills its `attachment` from the attachment attached to it
    // (status attached, message_id = its id), if any.
    //
    // Stores a new upload (status, bytes and chunks as given: uploading, 0, 0); returns its id.
    virtual AttachmentId insert_attachment(const Attachment& a) = 0;
    virtual std::optional<Attachment> find_attachment(AttachmentId id) = 0;
    // Stores what an upload changes: bytes, chunks, status, kind, message_id, last_chunk_at. The
    // conversation, uploader, name, declared size and created_at stay as inserted.
    virtual void update_attachment(const Attachment& a) = 0;
    // Throws UniqueViolation when (attachment_id, seq) exists.
    virtual void insert_attachment_chunk(const AttachmentChunk& c) = 0;
    // The chunks holding any byte of [from, to), by seq.
    virtual std::vector<AttachmentChunk> attachment_chunks(AttachmentId id, std::int64_t from, std::int64_t to) = 0;
    // Removes every chunk of the attachment (before its checked bytes are stored again).
    virtual void delete_attachment_chunks(AttachmentId id) = 0;
    // Removes an upload that was never attached: its chunks, its accesses and the row. An attached
    // attachment is kept with its message: nothing happens.
    virtual void delete_upload(AttachmentId id) = 0;
    // Uploads (status uploading) whose last chunk (or creation) is before `before`, by id.
    virtual std::vector<Attachment> uploads_idle_since(Instant before) = 0;
    // Stores one opening; false (and nothing stored) when one with this token_id exists.
    virtual bool insert_attachment_access(const AttachmentAccess& a) = 0;
    // The attachment's openings, oldest first (by id).
    virtual std::vector<AttachmentAccess> attachment_accesses(AttachmentId id) = 0;
};

}  // namespace core
