// MemoryStore's messaging: conversations, messages, receipts, the audit and search (rules:
// core/messaging/repository.h). Search walks every message of the user's conversations with the one
// matching rule of core/messaging/search.h; fine for the demo's and the tests' few thousand messages.
#include <algorithm>

#include "core/messaging/search.h"
#include "core/store/memory/repositories.h"

namespace core {
namespace {

// Messages of a conversation matching `pred`, ascending number (the map is walked by id, and ids grow
// with numbers within a conversation).
template <typename Pred>
std::vector<Message> select_messages(const MemoryData& d, ConversationId conversation, Pred pred) {
    std::vector<Message> out;
    for (const auto& [id, m] : d.messages)
        if (m.conversation_id == conversation && pred(m)) out.push_back(m);
    return out;
}

void keep_newest(std::vector<Message>& ascending, int limit) {
    if (static_cast<int>(ascending.size()) > limit)
        ascending.erase(ascending.begin(), ascending.end() - limit);
}

}  // namespace

// --- conversations
ConversationId MemoryMessaging::insert_conversation(const Conversation& conversation) {
    if (find_conversation_between(conversation.patient_id, conversation.doctor_id))
        throw UniqueViolation("conversations.pair");
    Conversation copy = conversation;
    copy.id = d_.take_id();
    copy.last_number = 0;
    copy.last_message_at.reset();
    copy.last_revision = 0;
    d_.conversations.emplace(copy.id, copy);
    for (UserId member : {copy.patient_id, copy.doctor_id})
        d_.receipts[{copy.id, member}] = Receipt{copy.id, member, 0, 0};
    return copy.id;
}

std::optional<Conversation> MemoryMessaging::find_conversation(ConversationId id) {
    return find_row(d_.conversations, id);
}

std::optional<Conversation> MemoryMessaging::find_conversation_between(UserId patient, UserId doctor) {
    for (const auto& [id, c] : d_.conversations)
        if (c.patient_id == patient && c.doctor_id == doctor) return c;
    return std::nullopt;
}

std::vector<Conversation> MemoryMessaging::conversations_of(UserId user, int limit) {
    std::vector<Conversation> out;
    for (const auto& [id, c] : d_.conversations)
        if (c.has_member(user) && c.last_number > 0) out.push_back(c);
    std::sort(out.begin(), out.end(), [](const Conversation& x, const Conversation& y) {
        return x.last_message_at != y.last_message_at ? x.last_message_at > y.last_message_at : x.id > y.id;
    });
    if (limit <= 0) return {};
    if (static_cast<int>(out.size()) > limit) out.resize(limit);
    return out;
}

// --- messages
Message MemoryMessaging::insert_message(const Message& message) {
    Conversation* conversation = row(d_.conversations, message.conversation_id);
    if (!conversation) throw std::logic_error("insert_message: no such conversation");
    if (find_message_by_client_id(message.conversation_id, message.sender_id, message.client_message_id))
        throw UniqueViolation("messages.client_message_id");
    Message copy = message;
    copy.id = d_.take_id();
    copy.number = conversation->last_number + 1;
    conversation->last_number = copy.number;
    copy.revision = ++conversation->last_revision;
    conversation->last_message_at = copy.created_at;
    d_.messages.emplace(copy.id, copy);
    return copy;
}

std::optional<Message> MemoryMessaging::find_message(MessageId id) {
    auto m = find_row(d_.messages, id);
    if (m) *m = with_attachment(std::move(*m));
    return m;
}

std::optional<Message> MemoryMessaging::find_message_by_client_id(ConversationId conversation, UserId sender,
                                                                   std::string_view client_message_id) {
    for (const auto& [id, m] : d_.messages)
        if (m.conversation_id == conversation && m.sender_id == sender && m.client_message_id == client_message_id)
            return with_attachment(m);
    return std::nullopt;
}

std::vector<Message> MemoryMessaging::messages_before(ConversationId conversation, std::int64_t before, int limit) {
    if (limit <= 0) return {};
    auto out = select_messages(d_, conversation, [&](const Message& m) { return m.number < before; });
    keep_newest(out, limit);
    return with_attachments(std::move(out));
}

std::vector<Message> MemoryMessaging::messages_after(ConversationId conversation, std::int64_t after, int limit) {
    if (limit <= 0) return {};
    auto out = select_messages(d_, conversation, [&](const Message& m) { return m.number > after; });
    if (static_cast<int>(out.size()) > limit) out.resize(limit);
    return with_attachments(std::move(out));
}

std::vector<Message> MemoryMessaging::messages_changed_since(ConversationId conversation, std::int64_t up_to,
                                                            std::int64_t since, int limit) {
    if (limit <= 0) return {};
    auto out = select_messages(d_, conversation, [&](const Message& m) { return m.number <= up_to && m.revision > since; });
    std::sort(out.begin(), out.end(), [](const Message& x, const Message& y) { return x.revision < y.revision; });
    if (static_cast<int>(out.size()) > limit) out.resize(limit);
    return with_attachments(std::move(out));
}

void MemoryMessaging::stamp_revision(Message& m) {
    if (Conversation* c = row(d_.conversations, m.conversation_id)) m.revision = ++c->last_revision;
}

void MemoryMessaging::edit_message(MessageId id, std::string_view text, UserId actor, Instant at) {
    Message* m = row(d_.messages, id);
    if (!m) return;
    d_.message_audit.push_back({d_.take_id(), id, MessageAuditAction::edited, m->text, actor, at});
    m->text = std::string(text);
    m->edited_at = at;
    stamp_revision(*m);
}

void MemoryMessaging::delete_message(MessageId id, UserId actor, Instant at) {
    Message* m = row(d_.messages, id);
    if (!m) return;
    d_.message_audit.push_back({d_.take_id(), id, MessageAuditAction::deleted, m->text, actor, at});
    m->text.clear();
    m->deleted_at = at;
    stamp_revision(*m);
}

std::vector<MessageAudit> MemoryMessaging::message_audit(MessageId id) {
    std::vector<MessageAudit> out;
    for (const MessageAudit& a : d_.message_audit)
        if (a.message_id == id) out.push_back(a);
    return out;
}

// --- receipts and unread counts
Receipt MemoryMessaging::find_receipt(ConversationId conversation, UserId user) {
    return find_row(d_.receipts, {conversation, user}).value_or(Receipt{conversation, user, 0, 0});
}

Receipt MemoryMessaging::advance_receipt(ConversationId conversation, UserId user, std::int64_t delivered,
                                         std::int64_t read) {
    Receipt& r = d_.receipts.try_emplace({conversation, user}, Receipt{conversation, user, 0, 0}).first->second;
    r.read_upto = std::max(r.read_upto, read);
    r.delivered_upto = std::max({r.delivered_upto, delivered, r.read_upto});
    return r;
}

int MemoryMessaging::unread_in(ConversationId conversation, UserId user) {
    const std::int64_t read = find_receipt(conversation, user).read_upto;
    int unread = 0;
    for (const auto& [id, m] : d_.messages)
        unread += m.conversation_id == conversation && m.number > read && m.sender_id != user && !m.deleted();
    return unread;
}

int MemoryMessaging::unread_total(UserId user) {
    int total = 0;
    for (const auto& [id, c] : d_.conversations)
        if (c.has_member(user)) total += unread_in(id, user);
    return total;
}

// --- search
std::vector<Message> MemoryMessaging::search_messages(UserId user, const std::vector<std::string>& terms, int limit) {
    std::vector<Message> out;
    for (auto it = d_.messages.rbegin(); it != d_.messages.rend() && static_cast<int>(out.size()) < limit; ++it) {
        const Message& m = it->second;
        const Conversation* c = row(d_.conversations, m.conversation_id);
        if (c && c->has_member(user) && !m.deleted() && matches_every_term(m.text, terms)) out.push_back(m);
    }
    return with_attachments(std::move(out));
}

// --- attachments
Message MemoryMessaging::with_attachment(Message m) const {
    m.attachment.reset();
    for (const auto& [id, a] : d_.attachments)
        if (a.status == AttachmentStatus::attached && a.message_id == m.id) m.attachment = AttachmentSummary{a.id, a.kind, a.name, a.bytes};
    return m;
}

std::vector<Message> MemoryMessaging::with_attachments(std::vector<Message> ms) const {
    for (Message& m : ms) m = with_attachment(std::move(m));
    return ms;
}

AttachmentId MemoryMessaging::insert_attachment(const Attachment& a) {
    Attachment copy = a;
    copy.id = d_.take_id();
    d_.attachments.emplace(copy.id, copy);
    return copy.id;
}

std::optional<Attachment> MemoryMessaging::find_attachment(AttachmentId id) { return find_row(d_.attachments, id); }

void MemoryMessaging::update_attachment(const Attachment& a) {
    Attachment* stored = row(d_.attachments, a.id);
    if (!stored) return;
    stored->bytes = a.bytes;
    stored->chunks = a.chunks;
    stored->status = a.status;
    stored->kind = a.kind;
    stored->message_id = a.message_id;
    stored->last_chunk_at = a.last_chunk_at;
}

void MemoryMessaging::insert_attachment_chunk(const AttachmentChunk& c) {
    const std::pair key{c.attachment_id, c.seq};
    if (d_.attachment_chunks.count(key)) throw UniqueViolation("attachment_chunks.seq");
    d_.attachment_chunks.emplace(key, std::make_shared<const AttachmentChunk>(c));
}

std::vector<AttachmentChunk> MemoryMessaging::attachment_chunks(AttachmentId id, std::int64_t from, std::int64_t to) {
    std::vector<AttachmentChunk> out;
    for (auto it = d_.attachment_chunks.lower_bound({id, 0}); it != d_.attachment_chunks.end() && it->first.first == id; ++it) {
        const AttachmentChunk& c = *it->second;
        if (c.offset < to && c.offset + std::int64_t(c.data.size()) > from) out.push_back(c);
    }
    return out;
}

void MemoryMessaging::delete_attachment_chunks(AttachmentId id) {
    std::erase_if(d_.attachment_chunks, [id](const auto& entry) { return entry.first.first == id; });
}

void MemoryMessaging::delete_upload(AttachmentId id) {
    const Attachment* a = row(d_.attachments, id);
    if (!a || a->status != AttachmentStatus::uploading) return;
    delete_attachment_chunks(id);
    std::erase_if(d_.attachment_accesses, [id](const AttachmentAccess& x) { return x.attachment_id == id; });
    d_.attachments.erase(id);
}

std::vector<Attachment> MemoryMessaging::uploads_idle_since(Instant before) {
    std::vector<Attachment> out;
    for (const auto& [id, a] : d_.attachments)
        if (a.status == AttachmentStatus::uploading && a.last_chunk_at < before) out.push_back(a);
    return out;
}

bool MemoryMessaging::insert_attachment_access(const AttachmentAccess& a) {
    if (!a.token_id.empty())
        for (const AttachmentAccess& x : d_.attachment_accesses)
            if (x.token_id == a.token_id) return false;
    AttachmentAccess copy = a;
    copy.id = d_.take_id();
    d_.attachment_accesses.push_back(copy);
    return true;
}

std::vector<AttachmentAccess> MemoryMessaging::attachment_accesses(AttachmentId id) {
    std::vector<AttachmentAccess> out;
    for (const AttachmentAccess& x : d_.attachment_accesses)
        if (x.attachment_id == id) out.push_back(x);
    return out;
}

}  // namespace core
