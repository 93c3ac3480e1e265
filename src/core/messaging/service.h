// Messaging: the operations on patient–doctor conversations, one Store::transact each, with the events
// they announce once committed (message.created/edited/deleted and conversation.receipt to both members,
// conversation.unread to the user whose count changed). `typing` touches no store: it is relayed from
// memory, at most once per policy.typing_interval per sender and conversation.
//
// Who may do what (rules.h): only the two members see a conversation; anyone else, staff included,
// gets not_found for it and its messages, whether they exist or not. A member may write while the pair
// has a visit in any status but declined; only a message's author edits (within 15 minutes) or deletes it.
//
// Threading: every method may run on any thread at once (the store serializes transactions; the typing
// times have their own mutex).
#pragma once
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/errors.h"
#include "core/messaging/model.h"
#include "core/messaging/search.h"
#include "core/store/store.h"
#include "core/time/clock.h"

namespace core {

// A conversation as one member sees it.
struct ConversationView {
    Conversation conversation;
    User other;                        // the other member
    std::optional<Message> last_message;
    int unread = 0;                    // the viewer's
    Receipt mine, theirs;
};

struct MessagePageView {
    Conversation conversation;
    std::vector<Message> messages;  // ascending number
    bool has_more = false;          // after(): newer messages, or more changes, than this page holds
    std::vector<Message> changed;   // after() with changed_since: older messages changed since, by revision
    std::int64_t revision = 0;      // the reader's next changed_since (rules.h, changes_since)
};

struct Posted {
    Message message;
    Conversation conversation;
};

struct ReceiptView {
    Receipt receipt;
    int unread = 0;
    int total_unread = 0;
};

struct ConversationListView {
    std::vector<ConversationView> conversations;
    int total_unread = 0;
};

struct SearchResult {
    Message message;
    Snippet snippet;
};

struct AttachmentChunkAccepted {
    std::int64_t seq = 0;
    std::int64_t bytes = 0;   // the upload's size after this chunk
    bool duplicate = false;   // this seq was stored before; nothing changed
};

struct AttachmentLink {
    Attachment attachment;
    std::string token;
    std::string url;  // "/attachments/<id>?token=<token>", relative to the server
    Instant expires_at{};
};

struct AttachmentRedeemed {
    Attachment attachment;
    UserId user = 0;         // the person the link was made for: the one the access log names
    bool first_use = false;  // this use wrote the access log row
};

class MessagingService {
public:
    MessagingService(Store& store, const Clock& clock, MessagingPolicy policy = {});

    const MessagingPolicy& policy() const { return policy_; }

    // The conversation of the viewer with `other`, made on first use.
    Result<ConversationView> open(const User& viewer, UserId other);
    Result<ConversationListView> list(UserId viewer, int limit);
    // A repeated client_message_id returns the first message and announces nothing. With an
    // attachment (an upload of the sender's in this conversation, every byte received) the text may be
    // empty; the file is checked (type from its bytes, JPEG metadata stripped) and attached in the same
    // transaction as the message is numbered. A file that is not a JPEG/PNG/WebP/PDF, or a malformed
    // JPEG, is refused and its upload deleted.
    Result<Posted> send(UserId sender, ConversationId conversation, const std::string& client_message_id,
                        const std::string& text, std::optional<AppointmentId> appointment, Effects& out,
                        std::optional<AttachmentId> attachment = std::nullopt);
    Result<Message> edit(UserId editor, MessageId id, const std::string& text, Effects& out);
    Result<Message> remove(UserId actor, MessageId id, Effects& out);
    // The newest `limit` messages below `before` (nullopt: the newest of all).
    Result<MessagePageView> history(UserId viewer, ConversationId conversation, std::optional<std::int64_t> before,
                                    int limit);
    // The oldest `limit` messages above `after`; with changed_since, also those up to `after` edited or
    // deleted since that revision (at most `limit`), so a reader coming back sees what it missed.
    Result<MessagePageView> after(UserId viewer, ConversationId conversation, std::int64_t after, int limit,
                                  std::optional<std::int64_t> changed_since = std::nullopt);
    Result<ReceiptView> mark(UserId viewer, ConversationId conversation, ReceiptKind kind, std::int64_t up_to,
                             Effects& out);
    Result<std::vector<SearchResult>> search(UserId viewer, const std::string& query, int limit);
    // Relays "typing" to `other` unless this sender did so here less than policy.typing_interval ago;
    // true when relayed. The caller has checked that both are the conversation's members.
    bool typing(UserId sender, ConversationId conversation, UserId other, Effects& out);

    // --- attachments (attachments.cpp). Strangers get not_found for every id, whether it exists or not.
    // A new upload of `size` bytes (1 to policy.max_attachment_bytes) into a conversation the sender may
    // write in. Nothing is stored when it is refused.
    Result<Attachment> begin_upload(UserId uploader, ConversationId conversation, const std::string& name,
                                    std::int64_t size);
    // The next piece (seq from 0, in order, at most policy.attachment_chunk_bytes). A repeated seq changes
    // nothing; a gap is attachment_incomplete. The first piece is sniffed at once and more than the
    // declared size is refused: either way the upload is deleted.
    Result<AttachmentChunkAccepted> append_upload(UserId uploader, AttachmentId id, std::int64_t seq,
                                                  const std::string& bytes);
    // A signed link for a member of the attachment's conversation, valid policy.attachment_link_ttl.
    Result<AttachmentLink> attachment_link(UserId viewer, AttachmentId id);
    // Checks a link's token for attachment `id` (signature, expiry, the viewer still a member, the
    // message not deleted) and logs the opening under the link's viewer (once per link).
    // forbidden with a sentence when the token is not valid or expired. `as`: the signed-in person
    // presenting it (the protocol's attachment_data); someone else's link is refused before anything
    // is logged, so the viewer's access log never names an opening that was not theirs.
    Result<AttachmentRedeemed> redeem_attachment(const std::string& token, AttachmentId id,
                                                 std::optional<UserId> as = std::nullopt);
    // Bytes [from, to) of an attachment (call after redeem_attachment).
    std::string read_attachment(AttachmentId id, std::int64_t from, std::int64_t to);
    // Deletes uploads with no chunk for policy.upload_abandoned_after; returns how many.
    int sweep_uploads();

private:
    std::string sign(std::string_view payload) const;
    // Inside send's transaction: the sender's complete upload in `c`, sniffed and (JPEG) stripped, its
    // checked bytes stored; kind and bytes set. A refused file's upload is deleted.
    Result<Attachment> check_upload_for_sending(Transaction& tx, UserId sender, const Conversation& c, AttachmentId id);
    Store& store_;
    const Clock& clock_;
    const MessagingPolicy policy_;
    std::string link_key_;  // signs attachment links: policy.attachment_link_key, or random per process

    std::mutex typing_mutex_;
    std::map<std::pair<UserId, ConversationId>, Instant> last_typing_;  // guarded by typing_mutex_
    Instant typing_pruned_at_{};                                         // guarded by typing_mutex_
};

}  // namespace core
