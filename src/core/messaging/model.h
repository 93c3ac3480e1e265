// Messaging: conversations between a patient and a doctor, between visits. Plain data shared by the
// store, the service and the messages; the rules that need no store are in rules.h, search in search.h.
//
// Invariants:
//   - one conversation per (patient, doctor) pair; its members never change;
//   - a conversation numbers its messages 1, 2, 3… with no gap (last_number is the newest);
//   - a message is never removed: deleting one blanks its text and sets deleted_at (a tombstone in the
//     thread); the original text, and every text an edit replaced, is kept in the audit table only;
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

    bool has_member(UserId user) const { return user == patient_id || user == doctor_id; }
    // The member who is not `user` (call only with a member).
    UserId other(UserId user) const { return user == patient_id ? doctor_id : patient_id; }
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
};

}  // namespace core
