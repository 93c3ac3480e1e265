// The messaging messages (docs/PROTOCOL.md, "Messaging"): requests, replies and events of patient–doctor
// conversations. Numbers count messages within one conversation (1, 2, 3…); a client keeps the highest
// it has per conversation and asks for everything after it when it comes back (messages_after).
// Revisions count changes within one conversation (a message sent, edited or deleted); a client keeps
// the page's revision and asks, in the same messages_after, for what changed since (changed_since).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/accounts/model.h"
#include "core/messaging/attachment_rules.h"
#include "core/messaging/model.h"
#include "core/messaging/search.h"
#include "core/protocol/protocol.h"

namespace core::msg {

// --- shapes shared by replies and events ------------------------------------------------------------

// A file attached to a message: what the thread shows before anyone opens it.
struct AttachmentInfo {
    AttachmentId id = 0;
    AttachmentKind kind = AttachmentKind::jpeg;  // decided from the bytes
    std::string mime_type;                       // image/jpeg, image/png, image/webp, application/pdf
    std::string name;                            // as the sender's device named it, cleaned
    std::int64_t bytes = 0;                      // as stored (a JPEG without its metadata)

    static AttachmentInfo of(const AttachmentSummary& a) {
        return {a.id, a.kind, std::string(mime_type_of(a.kind)), a.name, a.bytes};
    }
    template <typename F>
    void fields(F& f) {
        f("id", id);
        f("kind", kind);
        f("mime_type", mime_type);
        f("name", name);
        f("bytes", bytes);
    }
};

// A message as both members see it. A deleted one keeps its place (number, sender, times) with an
// empty text and deleted: true; its text is never sent again.
struct MessageInfo {
    MessageId id = 0;
    ConversationId conversation_id = 0;
    std::int64_t number = 0;
    UserId sender_id = 0;
    std::string client_message_id;
    std::string text;
    std::optional<AppointmentId> appointment_id;
    Instant created_at{};
    std::optional<Instant> edited_at;
    bool deleted = false;
    std::optional<AttachmentInfo> attachment;  // absent: none (and never on a deleted message)
    std::int64_t revision = 0;                 // the conversation's revision of this message's last change

    static MessageInfo of(const Message& m) {
        MessageInfo out{m.id, m.conversation_id, m.number, m.sender_id, m.client_message_id,
                        m.deleted() ? std::string() : m.text, m.appointment_id, m.created_at, m.edited_at, m.deleted(),
                        std::nullopt, m.revision};
        if (m.attachment && !m.deleted()) out.attachment = AttachmentInfo::of(*m.attachment);
        return out;
    }
    template <typename F>
    void fields(F& f) {
        f("id", id);
        f("conversation_id", conversation_id);
        f("number", number);
        f("sender_id", sender_id);
        f("client_message_id", client_message_id);
        f("text", text);
        f("appointment_id", appointment_id);
        f("created_at", created_at);
        f("edited_at", edited_at);
        f("deleted", deleted);
        f.optional("attachment", attachment);
        // Optional on the wire: a client newer than its server (a deploy in progress) still reads messages
        // (0, absent: a server without revisions; such a client resyncs from 0, which only costs bytes).
        f.optional("revision", revision);
    }
};

// One member's progress in a conversation.
struct ReceiptInfo {
    UserId user_id = 0;
    std::int64_t delivered_upto = 0;
    std::int64_t read_upto = 0;

    static ReceiptInfo of(const Receipt& r) { return {r.user_id, r.delivered_upto, r.read_upto}; }
    template <typename F>
    void fields(F& f) {
        f("user_id", user_id);
        f("delivered_upto", delivered_upto);
        f("read_upto", read_upto);
    }
};

// The other member, as the conversation list shows them.
struct MemberInfo {
    UserId id = 0;
    std::string display_name;
    Role role = Role::patient;
    template <typename F>
    void fields(F& f) {
        f("id", id);
        f("display_name", display_name);
        f("role", role);
    }
};

struct ConversationInfo {
    ConversationId id = 0;
    MemberInfo with;                         // the other member
    std::int64_t last_number = 0;            // the newest message's number (0: none yet)
    std::optional<MessageInfo> last_message;
    int unread = 0;                          // the viewer's unread messages here
    ReceiptInfo mine;                        // the viewer's receipt
    ReceiptInfo theirs;                      // the other member's: "Delivered" / "Read" under one's own messages
    template <typename F>
    void fields(F& f) {
        f("id", id);
        f("with", with);
        f("last_number", last_number);
        f("last_message", last_message);
        f("unread", unread);
        f("mine", mine);
        f("theirs", theirs);
    }
};

// --- requests and replies ---------------------------------------------------------------------------

struct ConversationReply {
    ConversationInfo conversation;
    template <typename F>
    void fields(F& f) {
        f("conversation", conversation);
    }
};

// The conversation with this person, made on first use. not_found unless the two are a patient and a
// doctor with a visit together (any status but declined).
struct OpenConversation {
    static constexpr protocol::RequestType type = protocol::RequestType::open_conversation;
    using Reply = ConversationReply;
    UserId user_id = 0;
    template <typename F>
    void fields(F& f) {
        f("user_id", user_id);
    }
};

struct ConversationList {
    std::vector<ConversationInfo> conversations;  // the most recently written first
    int total_unread = 0;                         // over all of the viewer's conversations
    template <typename F>
    void fields(F& f) {
        f("conversations", conversations);
        f("total_unread", total_unread);
    }
};

struct ListConversations {
    static constexpr protocol::RequestType type = protocol::RequestType::list_conversations;
    using Reply = ConversationList;
    int limit = 100;  // 1..100
    template <typename F>
    void fields(F& f) {
        f.optional("limit", limit);
    }
};

struct MessageReply {
    MessageInfo message;
    template <typename F>
    void fields(F& f) {
        f("message", message);
    }
};

// A repeat of the same client_message_id by the same sender in the same conversation is answered with
// the first message, unchanged, and announces nothing.
struct SendMessage {
    static constexpr protocol::RequestType type = protocol::RequestType::send_message;
    using Reply = MessageReply;
    ConversationId conversation_id = 0;
    std::string client_message_id;
    std::string text;  // may be empty (or blank) when a file is attached
    std::optional<AppointmentId> appointment_id;
    std::optional<AttachmentId> attachment_id;  // a complete upload of the sender's (attachment_begin/chunk)
    template <typename F>
    void fields(F& f) {
        f("conversation_id", conversation_id);
        f("client_message_id", client_message_id);
        f("text", text);
        f.optional("appointment_id", appointment_id);
        f.optional("attachment_id", attachment_id);
    }
};

struct EditMessage {
    static constexpr protocol::RequestType type = protocol::RequestType::edit_message;
    using Reply = MessageReply;
    MessageId message_id = 0;
    std::string text;
    template <typename F>
    void fields(F& f) {
        f("message_id", message_id);
        f("text", text);
    }
};

struct DeleteMessage {
    static constexpr protocol::RequestType type = protocol::RequestType::delete_message;
    using Reply = MessageReply;
    MessageId message_id = 0;
    template <typename F>
    void fields(F& f) {
        f("message_id", message_id);
    }
};

struct MessagePage {
    ConversationId conversation_id = 0;
    std::vector<MessageInfo> messages;  // ascending number
    bool has_more = false;              // history: older ones exist; messages_after: newer ones exist, or
                                        // more changes than one reply holds (ask again from `revision`)
    std::int64_t last_number = 0;       // the conversation's newest number when this page was read
    // messages_after with changed_since: the messages numbered up to `after` changed since then
    // (edited, deleted), their current state, by ascending revision. Absent when none.
    std::vector<MessageInfo> changed;
    // Every change up to this revision is in this page or was before changed_since: the next
    // changed_since. On a history page: the conversation's newest revision when the page was read.
    std::int64_t revision = 0;
    template <typename F>
    void fields(F& f) {
        f("conversation_id", conversation_id);
        f("messages", messages);
        f("has_more", has_more);
        f("last_number", last_number);
        f.optional("changed", changed);
        f.optional("revision", revision);  // absent: 0 (an empty conversation, or a server without revisions)
    }
};

// A page of history: the newest `limit` messages numbered below `before` (absent: the newest of all).
struct ConversationHistory {
    static constexpr protocol::RequestType type = protocol::RequestType::conversation_history;
    using Reply = MessagePage;
    ConversationId conversation_id = 0;
    std::optional<std::int64_t> before;
    int limit = 50;  // 1..50
    template <typename F>
    void fields(F& f) {
        f("conversation_id", conversation_id);
        f.optional("before", before);
        f.optional("limit", limit);
    }
};

// Everything after number `after` (0: from the first), oldest first, at most `limit`; has_more says
// to ask again from the last number received. With changed_since (a revision from an earlier page):
// also the messages numbered up to `after` that were edited or deleted since, at most `limit`, in
// `changed`; the page's revision is the next changed_since.
struct MessagesAfter {
    static constexpr protocol::RequestType type = protocol::RequestType::messages_after;
    using Reply = MessagePage;
    ConversationId conversation_id = 0;
    std::int64_t after = 0;
    int limit = 200;  // 1..200
    std::optional<std::int64_t> changed_since;
    template <typename F>
    void fields(F& f) {
        f("conversation_id", conversation_id);
        f("after", after);
        f.optional("limit", limit);
        f.optional("changed_since", changed_since);
    }
};

struct ReceiptReply {
    ConversationId conversation_id = 0;
    ReceiptInfo receipt;  // the viewer's, as stored (never lower than before)
    int unread = 0;
    int total_unread = 0;
    template <typename F>
    void fields(F& f) {
        f("conversation_id", conversation_id);
        f("receipt", receipt);
        f("unread", unread);
        f("total_unread", total_unread);
    }
};

// "My devices got messages up to N" (delivered) or "I had messages up to N on screen" (read).
struct MessageReceipt {
    static constexpr protocol::RequestType type = protocol::RequestType::message_receipt;
    using Reply = ReceiptReply;
    ConversationId conversation_id = 0;
    ReceiptKind kind = ReceiptKind::read;
    std::int64_t up_to = 0;
    template <typename F>
    void fields(F& f) {
        f("conversation_id", conversation_id);
        f("kind", kind);
        f("up_to", up_to);
    }
};

struct HighlightInfo {
    int start = 0;   // byte offset into the snippet's UTF-8 text
    int length = 0;  // in bytes
    template <typename F>
    void fields(F& f) {
        f("start", start);
        f("length", length);
    }
};

struct SnippetInfo {
    std::string text;
    std::vector<HighlightInfo> highlights;

    static SnippetInfo of(const Snippet& s) {
        SnippetInfo out{s.text, {}};
        for (const Highlight& h : s.highlights) out.highlights.push_back({h.start, h.length});
        return out;
    }
    template <typename F>
    void fields(F& f) {
        f("text", text);
        f("highlights", highlights);
    }
};

struct SearchHit {
    MessageInfo message;
    SnippetInfo snippet;
    template <typename F>
    void fields(F& f) {
        f("message", message);
        f("snippet", snippet);
    }
};

struct SearchResults {
    std::vector<SearchHit> hits;  // the newest first
    template <typename F>
    void fields(F& f) {
        f("hits", hits);
    }
};

struct SearchMessages {
    static constexpr protocol::RequestType type = protocol::RequestType::search_messages;
    using Reply = SearchResults;
    std::string query;
    int limit = 20;  // 1..50
    template <typename F>
    void fields(F& f) {
        f("query", query);
        f.optional("limit", limit);
    }
};

struct TypingReply {
    bool relayed = false;  // false: the last one of this sender here went out less than 3 s ago
    template <typename F>
    void fields(F& f) {
        f("relayed", relayed);
    }
};

// "I am typing here": relayed to the other member at most every 3 s, never stored.
struct Typing {
    static constexpr protocol::RequestType type = protocol::RequestType::typing;
    using Reply = TypingReply;
    ConversationId conversation_id = 0;
    template <typename F>
    void fields(F& f) {
        f("conversation_id", conversation_id);
    }
};

// --- attachments ------------------------------------------------------------------------------------

struct AttachmentUpload {
    AttachmentId attachment_id = 0;
    std::int64_t chunk_bytes = 0;  // the most raw bytes per attachment_chunk
    std::string name;              // the name as it will be shown
    template <typename F>
    void fields(F& f) {
        f("attachment_id", attachment_id);
        f("chunk_bytes", chunk_bytes);
        f("name", name);
    }
};

// Announces an upload of `size` bytes (at most 10 MB) into one of the sender's conversations.
struct BeginAttachment {
    static constexpr protocol::RequestType type = protocol::RequestType::attachment_begin;
    using Reply = AttachmentUpload;
    ConversationId conversation_id = 0;
    std::string name;
    std::int64_t size = 0;
    template <typename F>
    void fields(F& f) {
        f("conversation_id", conversation_id);
        f("name", name);
        f("size", size);
    }
};

struct AttachmentChunkStored {
    std::int64_t seq = 0;
    std::int64_t bytes = 0;   // received so far
    bool duplicate = false;   // this seq was stored before; nothing changed
    template <typename F>
    void fields(F& f) {
        f("seq", seq);
        f("bytes", bytes);
        f("duplicate", duplicate);
    }
};

struct SendAttachmentChunk {
    static constexpr protocol::RequestType type = protocol::RequestType::attachment_chunk;
    using Reply = AttachmentChunkStored;
    AttachmentId attachment_id = 0;
    std::int64_t seq = 0;
    std::string data;  // base64 of at most chunk_bytes raw bytes
    template <typename F>
    void fields(F& f) {
        f("attachment_id", attachment_id);
        f("seq", seq);
        f("data", data);
    }
};

struct AttachmentLinkInfo {
    AttachmentInfo attachment;
    std::string token;
    std::string url;  // "/attachments/<id>?token=…", relative to the server
    Instant expires_at{};
    template <typename F>
    void fields(F& f) {
        f("attachment", attachment);
        f("token", token);
        f("url", url);
        f("expires_at", expires_at);
    }
};

// A signed, short-lived link to a file of one's conversation, bound to the person who asked.
struct OpenAttachment {
    static constexpr protocol::RequestType type = protocol::RequestType::attachment_link;
    using Reply = AttachmentLinkInfo;
    AttachmentId attachment_id = 0;
    template <typename F>
    void fields(F& f) {
        f("attachment_id", attachment_id);
    }
};

struct AttachmentBytes {
    std::int64_t offset = 0;
    std::string data;        // base64, at most 40 KiB raw
    std::int64_t bytes = 0;  // the whole file
    std::string mime_type;
    bool done = false;
    template <typename F>
    void fields(F& f) {
        f("offset", offset);
        f("data", data);
        f("bytes", bytes);
        f("mime_type", mime_type);
        f("done", done);
    }
};

// The file's bytes over the protocol (the offline demo has no HTTP server): the link's token, checked
// and logged like a GET of the link; only the person the link was made for may use it here.
struct ReadAttachment {
    static constexpr protocol::RequestType type = protocol::RequestType::attachment_data;
    using Reply = AttachmentBytes;
    AttachmentId attachment_id = 0;
    std::string token;
    std::int64_t offset = 0;
    template <typename F>
    void fields(F& f) {
        f("attachment_id", attachment_id);
        f("token", token);
        f("offset", offset);
    }
};

// --- events -----------------------------------------------------------------------------------------

// To both members (every tab of each) when a message is sent, edited or deleted.
struct MessageCreated {
    static constexpr std::string_view name = "message.created";
    MessageInfo message;
    template <typename F>
    void fields(F& f) {
        f("message", message);
    }
};
struct MessageEdited {
    static constexpr std::string_view name = "message.edited";
    MessageInfo message;
    template <typename F>
    void fields(F& f) {
        f("message", message);
    }
};
struct MessageDeleted {
    static constexpr std::string_view name = "message.deleted";
    MessageInfo message;  // the tombstone
    template <typename F>
    void fields(F& f) {
        f("message", message);
    }
};

// To both members when one member's receipt moved forward.
struct ReceiptUpdated {
    static constexpr std::string_view name = "conversation.receipt";
    ConversationId conversation_id = 0;
    ReceiptInfo receipt;
    template <typename F>
    void fields(F& f) {
        f("conversation_id", conversation_id);
        f("receipt", receipt);
    }
};

// To one user (every tab) when their unread count changed: a message came in, they read, an unread
// message was deleted.
struct UnreadChanged {
    static constexpr std::string_view name = "conversation.unread";
    ConversationId conversation_id = 0;
    int unread = 0;
    int total_unread = 0;
    template <typename F>
    void fields(F& f) {
        f("conversation_id", conversation_id);
        f("unread", unread);
        f("total_unread", total_unread);
    }
};

// To the other member only.
struct TypingRelayed {
    static constexpr std::string_view name = "conversation.typing";
    ConversationId conversation_id = 0;
    UserId user_id = 0;
    template <typename F>
    void fields(F& f) {
        f("conversation_id", conversation_id);
        f("user_id", user_id);
    }
};

}  // namespace core::msg
