// Messaging: conversations between a patient and a doctor, between visits. Plain data shared by the
// store, the service and the messages; the rules that need no store are in rules.h, search in search.h.
//
// Invariants:
//   - one conversation per (patient, doctor) pair; its members never change;
//   - a conversation numbers its messages 1, 2, 3… with no gap (last_number is the newest);
//   - a message is never removed: deleting one blanks its text and sets deleted_at (a tombstone in the
//     thread); the original text, and every text an edit replaced, is kept in the audit table only;
//   - every change to a conversation's messages (a new one, an edit, a deletion) takes the conversation's
//     next revision (1, 2, 3…; last_revision is the newest) and stamps it on the message it changed, so
//     "what changed since revision R" is the messages whose revision is above R;
//   - receipts only move forward: delivered_upto and read_upto never decrease, and read implies
//     delivered (delivered_upto >= read_upto).
#pragma once
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "core/enums.h"
#include "core/ids.h"
#include "core/time/clock.h"

namespace core {

struct Conversation {
    ConversationId id = 0;
    UserId patient_id = 0;
    UserId doctor_id = 0;
    Instant created_at{};
    std::int64_t last_number = 0;           // the newest message's number; 0 while empty
    std::optional<Instant> last_message_at;  // when the newest message was sent
    std::int64_t last_revision = 0;          // the newest change (message sent, edited, deleted); 0 while empty

    bool has_member(UserId user) const { return user == patient_id || user == doctor_id; }
    // The member who is not `user` (call only with a member).
    UserId other(UserId user) const { return user == patient_id ? doctor_id : patient_id; }
};

// --- attachments -----------------------------------------------------------------------------------
// A file sent in a conversation: uploaded in numbered chunks by its sender (status uploading), then
// checked (type from its bytes, JPEG metadata stripped: attachment_rules.h) and attached to exactly one
// message by send_message (status attached). An upload never attached is deleted with its chunks.
using AttachmentId = std::int64_t;

#define CORE_ATTACHMENT_KINDS(X) X(jpeg) X(png) X(webp) X(pdf)
CORE_ENUM(AttachmentKind, CORE_ATTACHMENT_KINDS)
#define CORE_ATTACHMENT_STATUSES(X) X(uploading) X(attached)
CORE_ENUM(AttachmentStatus, CORE_ATTACHMENT_STATUSES)

struct Attachment {
    AttachmentId id = 0;
    ConversationId conversation_id = 0;
    UserId uploader_id = 0;
    std::string name;                   // the file's name as the sender's device gave it (shown, never trusted)
    std::int64_t declared_bytes = 0;    // what attachment_begin announced
    std::int64_t bytes = 0;             // stored so far; once attached: the stored (stripped) size
    std::int64_t chunks = 0;            // chunks stored: the next expected seq
    AttachmentStatus status = AttachmentStatus::uploading;
    AttachmentKind kind = AttachmentKind::jpeg;  // meaningful once attached (decided from the bytes)
    std::optional<MessageId> message_id;         // set when attached
    Instant created_at{};
    Instant last_chunk_at{};            // the last accepted chunk (created_at before the first)
};

// One piece of an attachment's bytes, in seq order; offset = the bytes of every chunk before it.
struct AttachmentChunk {
    AttachmentId attachment_id = 0;
    std::int64_t seq = 0;
    std::int64_t offset = 0;
    std::string data;  // raw bytes
};

// One opening of an attachment through a signed link; token_id names the link (one row per link).
struct AttachmentAccess {
    std::int64_t id = 0;
    AttachmentId attachment_id = 0;
    UserId user_id = 0;  // the person the link was made for, who opened it
    Instant at{};
    std::string token_id;
};

// What a message shows of its attachment.
struct AttachmentSummary {
    AttachmentId id = 0;
    AttachmentKind kind = AttachmentKind::jpeg;
    std::string name;
    std::int64_t bytes = 0;
};

struct Message {
    MessageId id = 0;
    ConversationId conversation_id = 0;
    std::int64_t number = 0;           // 1, 2, 3… within its conversation
    UserId sender_id = 0;
    std::string client_message_id;     // the sender's own id for it: a repeat returns this message
    std::string text;                  // empty once deleted
    std::optional<AppointmentId> appointment_id;  // "about your visit on …": one of the pair's
    Instant created_at{};
    std::optional<Instant> edited_at;   // the last edit
    std::optional<Instant> deleted_at;  // a tombstone from then on
    std::optional<AttachmentSummary> attachment;  // filled by the store from the attached file, if any
    std::int64_t revision = 0;          // the conversation's revision of its last change (set by the store)

    bool deleted() const { return deleted_at.has_value(); }
};

// How far one member of a conversation got: their devices received messages up to delivered_upto,
// and they had messages up to read_upto on screen. Both 0 until the first receipt.
struct Receipt {
    ConversationId conversation_id = 0;
    UserId user_id = 0;
    std::int64_t delivered_upto = 0;
    std::int64_t read_upto = 0;
};

#define CORE_RECEIPT_KINDS(X) X(delivered) X(read)
CORE_ENUM(ReceiptKind, CORE_RECEIPT_KINDS)

// What the clinic keeps of a text that left the thread: the text before an edit, or a deleted message.
#define CORE_MESSAGE_AUDIT_ACTIONS(X) X(edited) X(deleted)
CORE_ENUM(MessageAuditAction, CORE_MESSAGE_AUDIT_ACTIONS)

struct MessageAudit {
    std::int64_t id = 0;
    MessageId message_id = 0;
    MessageAuditAction action = MessageAuditAction::edited;
    std::string text;  // the text as it was before the change
    UserId actor = 0;
    Instant at{};
};

// Every limit of the messaging domain, in one place.
struct MessagingPolicy {
    std::size_t max_text_chars = 4000;                       // Unicode code points, not bytes
    std::chrono::minutes edit_window{15};                    // after sending, the author may edit
    int page_size = 50;                                      // history pages: the default and the most
    int max_after = 200;                                     // "everything after N": the most per reply
    int max_conversations = 100;                             // list_conversations: the most per reply
    int search_limit = 20;                                   // search results: the default ...
    int max_search_limit = 50;                               // ... and the most
    std::size_t max_query_chars = 200;                       // a search query, in code points
    std::chrono::milliseconds typing_interval{3000};         // typing relayed at most this often per sender+conversation
    // --- attachments
    std::int64_t max_attachment_bytes = 10LL * 1024 * 1024;  // 10 MB: photos and PDFs
    std::size_t attachment_chunk_bytes = 40 * 1024;          // raw per chunk; base64 + JSON stays under the 64 KiB frame
    std::chrono::seconds upload_abandoned_after{10 * 60};    // no chunk and no send for this long: deleted by the sweep
    std::chrono::seconds attachment_link_ttl{5 * 60};        // a signed link opens the file for this long
    std::string attachment_link_key;                         // HMAC key; empty = 32 random bytes per process
};

}  // namespace core
