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
    bool has_more = false;
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

class MessagingService {
public:
    MessagingService(Store& store, const Clock& clock, MessagingPolicy policy = {})
        : store_(store), clock_(clock), policy_(policy) {}

    const MessagingPolicy& policy() const { return policy_; }

    // The conversation of the viewer with `other`, made on first use.
    Result<ConversationView> open(const User& viewer, UserId other);
    Result<ConversationListView> list(UserId viewer, int limit);
    // A repeated client_message_id returns the first message and announces nothing.
    Result<Posted> send(UserId sender, ConversationId conversation, const std::string& client_message_id,
                        const std::string& text, std::optional<AppointmentId> appointment, Effects& out);
    Result<Message> edit(UserId editor, MessageId id, const std::string& text, Effects& out);
    Result<Message> remove(UserId actor, MessageId id, Effects& out);
    // The newest `limit` messages below `before` (nullopt: the newest of all).
    Result<MessagePageView> history(UserId viewer, ConversationId conversation, std::optional<std::int64_t> before,
                                    int limit);
    Result<MessagePageView> after(UserId viewer, ConversationId conversation, std::int64_t after, int limit);
    Result<ReceiptView> mark(UserId viewer, ConversationId conversation, ReceiptKind kind, std::int64_t up_to,
                             Effects& out);
    Result<std::vector<SearchResult>> search(UserId viewer, const std::string& query, int limit);
    // Relays "typing" to `other` unless this sender did so here less than policy.typing_interval ago;
    // true when relayed. The caller has checked that both are the conversation's members.
    bool typing(UserId sender, ConversationId conversation, UserId other, Effects& out);

private:
    Store& store_;
    const Clock& clock_;
    const MessagingPolicy policy_;

    std::mutex typing_mutex_;
    std::map<std::pair<UserId, ConversationId>, Instant> last_typing_;  // guarded by typing_mutex_
    Instant typing_pruned_at_{};                                         // guarded by typing_mutex_
};

}  // namespace core
