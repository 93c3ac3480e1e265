#include "core/messaging/service.h"

#include <algorithm>

#include "core/accounts/validation.h"
#include "core/clinic/standing.h"
#include "core/crypto/link_token.h"
#include "core/crypto/random.h"
#include "core/messaging/attachment_rules.h"
#include "core/messaging/messages.h"
#include "core/messaging/relationship.h"
#include "core/messaging/rules.h"
#include "core/notifications/service.h"
#include "core/protocol/protocol.h"

namespace core {
namespace {

Error no_conversation_with_person() { return Error::of(ErrorCode::not_found, "There is no conversation with this person."); }

// The conversation if the viewer is one of its members; otherwise nothing, exactly as if it did not exist.
std::optional<Conversation> member_conversation(Transaction& tx, UserId viewer, ConversationId id) {
    auto c = tx.messaging().find_conversation(id);
    if (!c || !c->has_member(viewer)) return std::nullopt;
    if (c->doctor_id == viewer && suspended_doctor(tx, viewer)) return std::nullopt;  // core/clinic/standing.h
    return c;
}

// The message and its conversation if the viewer is a member of it.
std::optional<std::pair<Message, Conversation>> member_message(Transaction& tx, UserId viewer, MessageId id) {
    auto m = tx.messaging().find_message(id);
    if (!m) return std::nullopt;
    auto c = member_conversation(tx, viewer, m->conversation_id);
    if (!c) return std::nullopt;
    return std::pair{std::move(*m), std::move(*c)};
}

ConversationView view_of(Transaction& tx, const Conversation& c, UserId viewer) {
    auto& messaging = tx.messaging();
    ConversationView v;
    v.conversation = c;
    const UserId other = c.other(viewer);
    v.other = tx.accounts().find_user(other).value_or(User{.id = other});
    if (c.last_number > 0) {
        auto newest = messaging.messages_before(c.id, c.last_number + 1, 1);
        if (!newest.empty()) v.last_message = std::move(newest.back());
    }
    v.unread = messaging.unread_in(c.id, viewer);
    v.mine = messaging.find_receipt(c.id, viewer);
    v.theirs = messaging.find_receipt(c.id, other);
    return v;
}

// The user's unread count here and in total changed: every tab of theirs hears the new numbers.
void announce_unread(Transaction& tx, ConversationId conversation, UserId user) {
    auto& messaging = tx.messaging();
    tx.effects().to_user(user, msg::UnreadChanged{conversation, messaging.unread_in(conversation, user),
                                                  messaging.unread_total(user)});
}

template <typename Event>
void to_members(Transaction& tx, const Conversation& c, const Event& event) {
    tx.effects().to_user(c.patient_id, event);
    tx.effects().to_user(c.doctor_id, event);
}

std::optional<Error> check_query(const std::string& query, const MessagingPolicy& policy) {
    const auto bad = [](std::string message) { return Error::of(ErrorCode::invalid_field, std::move(message), "query"); };
    if (!protocol::is_valid_utf8(query)) return bad("The search contains invalid characters (not UTF-8).");
    if (utf8_length(query) > policy.max_query_chars)
        return bad("The search is too long (at most " + std::to_string(policy.max_query_chars) + " characters).");
    if (search_terms(query).empty()) return bad("Search for at least one word (letters or digits).");
    return std::nullopt;
}

}  // namespace

MessagingService::MessagingService(Store& store, const Clock& clock, MessagingPolicy policy)
    : store_(store), clock_(clock), policy_(std::move(policy)), link_key_(policy_.attachment_link_key) {
    if (link_key_.empty()) link_key_ = random_link_key();
}

Result<ConversationView> MessagingService::open(const User& viewer, UserId other_id) {
    return store_.transact([&](Transaction& tx) -> Result<ConversationView> {
                     if (auto suspended = suspended_doctor(tx, viewer.id)) return *suspended;
                     const auto other = tx.accounts().find_user(other_id);
                     const auto pair = other ? care_relationship(tx, viewer, *other) : std::nullopt;
                     if (!pair) return no_conversation_with_person();
                     auto& messaging = tx.messaging();
                     auto c = messaging.find_conversation_between(pair->patient, pair->doctor);
                     if (!c) {
                         Conversation fresh{0, pair->patient, pair->doctor, clock_.now(), 0, std::nullopt};
                         fresh.id = messaging.insert_conversation(fresh);
                         c = fresh;
                     }
                     return view_of(tx, *c, viewer.id);
                 })
        .value;
}

Result<ConversationListView> MessagingService::list(UserId viewer, int limit) {
    return store_.transact([&](Transaction& tx) -> Result<ConversationListView> {
                     if (auto suspended = suspended_doctor(tx, viewer)) return *suspended;
                     ConversationListView out;
                     for (const Conversation& c :
                          tx.messaging().conversations_of(viewer, std::clamp(limit, 1, policy_.max_conversations)))
                         out.conversations.push_back(view_of(tx, c, viewer));
                     out.total_unread = tx.messaging().unread_total(viewer);
                     return out;
                 })
        .value;
}

Result<Posted> MessagingService::send(UserId sender, ConversationId conversation, const std::string& client_message_id,
                                      const std::string& text, std::optional<AppointmentId> appointment, Effects& out,
                                      std::optional<AttachmentId> attachment) {
    if (auto e = check_client_message_id(client_message_id)) return *e;
    // With a file, the words are optional: only their encoding and length are checked.
    if (auto e = check_message_text(text, policy_)) {
        const bool no_words_with_file = attachment && protocol::is_valid_utf8(text) && is_blank(text);
        if (!no_words_with_file) return *e;
    }
    const auto first_with_this_id = [&](Transaction& tx) -> std::optional<Message> {
        return tx.messaging().find_message_by_client_id(conversation, sender, client_message_id);
    };
    try {
        return store_.transact(
            [&](Transaction& tx) -> Result<Posted> {
                const auto c = member_conversation(tx, sender, conversation);
                if (!c) return no_such_conversation();
                // A repeat (the reply to the first was lost): the first, as it is now, and no new events.
                if (auto first = first_with_this_id(tx)) return Posted{std::move(*first), *c};
                if (!tx.clinic().has_visit_between(c->doctor_id, c->patient_id))
                    return Error::of(ErrorCode::forbidden,
                                     "You can write here again once there is a visit between you and this doctor.");
                if (appointment) {
                    const auto a = tx.clinic().find_appointment(*appointment);
                    if (!a || a->doctor_id != c->doctor_id || a->patient_id != c->patient_id)
                        return Error::of(ErrorCode::not_found, "This appointment does not exist.", "appointment_id");
                }
                std::optional<Attachment> file;
                if (attachment) {
                    auto checked = check_upload_for_sending(tx, sender, *c, *attachment);
                    if (!checked) return checked.error();
                    file = std::move(*checked);
                }
                Message m;
                m.conversation_id = c->id;
                m.sender_id = sender;
                m.client_message_id = client_message_id;
                m.text = text;
                m.appointment_id = appointment;
                m.created_at = clock_.now();
                m = tx.messaging().insert_message(m);
                if (file) {
                    file->status = AttachmentStatus::attached;
                    file->message_id = m.id;
                    tx.messaging().update_attachment(*file);
                    m.attachment = AttachmentSummary{file->id, file->kind, file->name, file->bytes};
                }
                to_members(tx, *c, msg::MessageCreated{msg::MessageInfo::of(m)});
                const UserId recipient = c->other(sender);
                announce_unread(tx, c->id, recipient);
                // One notification per conversation while unread: "Dr. Okafor" / "3 new messages".
                const auto author = tx.accounts().find_user(sender);
                notify_message(tx, m.created_at, recipient, author ? author->display_name : std::string("New message"), c->id,
                               tx.messaging().unread_in(c->id, recipient), text);
                auto stored = tx.messaging().find_conversation(c->id);
                return Posted{std::move(m), stored.value_or(*c)};
            },
            out);
    } catch (const UniqueViolation&) {
        // The same id from another tab won the race between our check and our insert: answer with its message.
        return store_.transact([&](Transaction& tx) -> Result<Posted> {
                         const auto c = member_conversation(tx, sender, conversation);
                         auto first = first_with_this_id(tx);
                         if (!c || !first) return no_such_conversation();
                         return Posted{std::move(*first), *c};
                     })
            .value;
    }
}

Result<Message> MessagingService::edit(UserId editor, MessageId id, const std::string& text, Effects& out) {
    if (auto e = check_message_text(text, policy_)) return *e;
    return store_.transact(
        [&](Transaction& tx) -> Result<Message> {
            const auto found = member_message(tx, editor, id);
            if (!found) return no_such_message();
            const auto& [message, conversation] = *found;
            if (auto e = may_edit(message, editor, clock_.now(), policy_)) return *e;
            tx.messaging().edit_message(id, text, editor, clock_.now());
            Message edited = *tx.messaging().find_message(id);
            to_members(tx, conversation, msg::MessageEdited{msg::MessageInfo::of(edited)});
            return edited;
        },
        out);
}

Result<Message> MessagingService::remove(UserId actor, MessageId id, Effects& out) {
    return store_.transact(
        [&](Transaction& tx) -> Result<Message> {
            const auto found = member_message(tx, actor, id);
            if (!found) return no_such_message();
            const auto& [message, conversation] = *found;
            if (auto e = may_delete(message, actor)) return *e;
            const UserId recipient = conversation.other(actor);
            const bool was_unread = message.number > tx.messaging().find_receipt(conversation.id, recipient).read_upto;
            tx.messaging().delete_message(id, actor, clock_.now());
            Message tombstone = *tx.messaging().find_message(id);
            to_members(tx, conversation, msg::MessageDeleted{msg::MessageInfo::of(tombstone)});
            if (was_unread) announce_unread(tx, conversation.id, recipient);
            return tombstone;
        },
        out);
}

Result<MessagePageView> MessagingService::history(UserId viewer, ConversationId conversation,
                                                  std::optional<std::int64_t> before, int limit) {
    if (before && *before < 1)
        return Error::of(ErrorCode::invalid_field, "\"before\" must be a message number (1 or more).", "before");
    return store_.transact([&](Transaction& tx) -> Result<MessagePageView> {
                     const auto c = member_conversation(tx, viewer, conversation);
                     if (!c) return no_such_conversation();
                     MessagePageView page{*c, {}, false};
                     page.messages = tx.messaging().messages_before(c->id, before.value_or(c->last_number + 1),
                                                                    std::clamp(limit, 1, policy_.page_size));
                     page.has_more = !page.messages.empty() && page.messages.front().number > 1;
                     page.revision = c->last_revision;  // what the page was read at: the first changed_since
                     return page;
                 })
        .value;
}

Result<MessagePageView> MessagingService::after(UserId viewer, ConversationId conversation, std::int64_t after,
                                                int limit, std::optional<std::int64_t> changed_since) {
    if (after < 0)
        return Error::of(ErrorCode::invalid_field, "\"after\" must be a message number (0 for the first).", "after");
    if (changed_since && *changed_since < 0)
        return Error::of(ErrorCode::invalid_field, "\"changed_since\" must be a revision from an earlier page (0 or more).",
                         "changed_since");
    const int most = std::clamp(limit, 1, policy_.max_after);
    return store_.transact([&](Transaction& tx) -> Result<MessagePageView> {
                     const auto c = member_conversation(tx, viewer, conversation);
                     if (!c) return no_such_conversation();
                     MessagePageView page{*c, {}, false};
                     page.messages = tx.messaging().messages_after(c->id, after, most);
                     page.has_more = !page.messages.empty() && page.messages.back().number < c->last_number;
                     page.revision = c->last_revision;
                     if (changed_since) {
                         // Messages above `after` come whole in `messages`; only those up to it can hold news.
                         auto changes = changes_since(
                             tx.messaging().messages_changed_since(c->id, after, *changed_since, most + 1), most,
                             c->last_revision);
                         page.changed = std::move(changes.changed);
                         page.revision = changes.revision;
                         page.has_more = page.has_more || changes.more;
                     }
                     return page;
                 })
        .value;
}

Result<ReceiptView> MessagingService::mark(UserId viewer, ConversationId conversation, ReceiptKind kind,
                                           std::int64_t up_to, Effects& out) {
    return store_.transact(
        [&](Transaction& tx) -> Result<ReceiptView> {
            const auto c = member_conversation(tx, viewer, conversation);
            if (!c) return no_such_conversation();
            if (up_to < 1 || up_to > c->last_number)
                return Error::of(ErrorCode::invalid_field,
                                 "\"up_to\" must be the number of a message in this conversation (1 to " +
                                     std::to_string(c->last_number) + ").",
                                 "up_to");
            auto& messaging = tx.messaging();
            const Receipt before = messaging.find_receipt(c->id, viewer);
            const Receipt after =
                messaging.advance_receipt(c->id, viewer, up_to, kind == ReceiptKind::read ? up_to : 0);
            if (after.delivered_upto != before.delivered_upto || after.read_upto != before.read_upto)
                to_members(tx, *c, msg::ReceiptUpdated{c->id, msg::ReceiptInfo::of(after)});
            ReceiptView v{after, messaging.unread_in(c->id, viewer), messaging.unread_total(viewer)};
            if (after.read_upto != before.read_upto) {
                tx.effects().to_user(viewer, msg::UnreadChanged{c->id, v.unread, v.total_unread});
                if (v.unread == 0) conversation_read(tx, clock_.now(), viewer, c->id);  // its notification too
            }
            return v;
        },
        out);
}

Result<std::vector<SearchResult>> MessagingService::search(UserId viewer, const std::string& query, int limit) {
    if (auto e = check_query(query, policy_)) return *e;
    const std::vector<std::string> terms = search_terms(query);
    const auto found = store_.transact([&](Transaction& tx) {
                                 return tx.messaging().search_messages(
                                     viewer, terms, std::clamp(limit, 1, policy_.max_search_limit));
                             })
                           .value;
    std::vector<SearchResult> out;
    for (const Message& m : found) out.push_back({m, make_snippet(m.text, terms)});
    return out;
}

bool MessagingService::typing(UserId sender, ConversationId conversation, UserId other, Effects& out) {
    const Instant now = clock_.now();
    {
        std::lock_guard lock(typing_mutex_);
        // Forget senders who stopped long ago, so the map holds only those typing now: at most once per
        // interval, since with many people typing at once a scan on every call would cost O(typists).
        if (last_typing_.size() > 1024 && now - typing_pruned_at_ >= policy_.typing_interval) {
            std::erase_if(last_typing_, [&](const auto& entry) { return now - entry.second >= policy_.typing_interval; });
            typing_pruned_at_ = now;
        }
        auto [it, first] = last_typing_.try_emplace({sender, conversation}, now);
        if (!first) {
            if (now - it->second < policy_.typing_interval) return false;
            it->second = now;
        }
    }
    out.to_user(other, msg::TypingRelayed{conversation, sender});
    return true;
}

}  // namespace core
