// The messaging requests: who may send each, and how it is answered. The rules are in service.cpp.
#include "core/messaging/routes.h"

#include <algorithm>

#include "core/crypto/base64.h"
#include "core/messaging/messages.h"

namespace core {

msg::ConversationInfo conversation_info(const ConversationView& v) {
    msg::ConversationInfo out;
    out.id = v.conversation.id;
    out.with = {v.other.id, v.other.display_name, v.other.role};
    out.last_number = v.conversation.last_number;
    if (v.last_message) out.last_message = msg::MessageInfo::of(*v.last_message);
    out.unread = v.unread;
    out.mine = msg::ReceiptInfo::of(v.mine);
    out.theirs = msg::ReceiptInfo::of(v.theirs);
    return out;
}

msg::MessagePage page_of(const MessagePageView& v) {
    msg::MessagePage out{v.conversation.id, {}, v.has_more, v.conversation.last_number, {}, v.revision};
    for (const Message& m : v.messages) out.messages.push_back(msg::MessageInfo::of(m));
    for (const Message& m : v.changed) out.changed.push_back(msg::MessageInfo::of(m));
    return out;
}

namespace {

// This connection now knows the conversation: typing there is relayed from memory (ConnectionState).
void remember(RequestContext& c, const Conversation& conversation) {
    const UserId me = c.auth().user.id;
    auto& links = c.connection.conversations;
    std::erase_if(links, [&](const auto& l) { return l.conversation == conversation.id; });
    if (links.size() >= ConnectionState::kMaxConversationLinks) links.erase(links.begin());
    links.push_back({conversation.id, me, conversation.other(me)});
}

const ConnectionState::ConversationLink* link_of(const RequestContext& c, ConversationId conversation) {
    const auto& links = c.connection.conversations;
    auto it = std::find_if(links.begin(), links.end(), [&](const auto& l) {
        return l.conversation == conversation && l.member == c.auth().user.id;
    });
    return it == links.end() ? nullptr : &*it;
}

}  // namespace

void add_messaging_routes(Routes& routes, MessagingService& messaging) {
    routes.add<msg::OpenConversation>(Who::signed_in, [&messaging](RequestContext& c, msg::OpenConversation& in)
                                                          -> Result<msg::ConversationReply> {
        auto v = messaging.open(c.auth().user, in.user_id);
        if (!v) return v.error();
        remember(c, v->conversation);
        return msg::ConversationReply{conversation_info(*v)};
    });
    routes.add<msg::ListConversations>(Who::signed_in, [&messaging](RequestContext& c, msg::ListConversations& in)
                                                           -> Result<msg::ConversationList> {
        auto list = messaging.list(c.auth().user.id, in.limit);
        if (!list) return list.error();
        msg::ConversationList out;
        for (const ConversationView& v : list->conversations) out.conversations.push_back(conversation_info(v));
        out.total_unread = list->total_unread;
        return out;
    }, Work::scan);
    routes.add<msg::SendMessage>(Who::signed_in, [&messaging](RequestContext& c, msg::SendMessage& in)
                                                     -> Result<msg::MessageReply> {
        auto posted = messaging.send(c.auth().user.id, in.conversation_id, in.client_message_id, in.text,
                                     in.appointment_id, c.effects(), in.attachment_id);
        if (!posted) return posted.error();
        remember(c, posted->conversation);
        return msg::MessageReply{msg::MessageInfo::of(posted->message)};
    });
    routes.add<msg::EditMessage>(Who::signed_in, [&messaging](RequestContext& c, msg::EditMessage& in)
                                                     -> Result<msg::MessageReply> {
        auto m = messaging.edit(c.auth().user.id, in.message_id, in.text, c.effects());
        if (!m) return m.error();
        return msg::MessageReply{msg::MessageInfo::of(*m)};
    });
    routes.add<msg::DeleteMessage>(Who::signed_in, [&messaging](RequestContext& c, msg::DeleteMessage& in)
                                                       -> Result<msg::MessageReply> {
        auto m = messaging.remove(c.auth().user.id, in.message_id, c.effects());
        if (!m) return m.error();
        return msg::MessageReply{msg::MessageInfo::of(*m)};
    });
    routes.add<msg::ConversationHistory>(Who::signed_in, [&messaging](RequestContext& c, msg::ConversationHistory& in)
                                                             -> Result<msg::MessagePage> {
        auto page = messaging.history(c.auth().user.id, in.conversation_id, in.before, in.limit);
        if (!page) return page.error();
        remember(c, page->conversation);
        return page_of(*page);
    }, Work::scan);
    routes.add<msg::MessagesAfter>(Who::signed_in, [&messaging](RequestContext& c, msg::MessagesAfter& in)
                                                       -> Result<msg::MessagePage> {
        auto page = messaging.after(c.auth().user.id, in.conversation_id, in.after, in.limit, in.changed_since);
        if (!page) return page.error();
        remember(c, page->conversation);
        return page_of(*page);
    }, Work::scan);
    routes.add<msg::MessageReceipt>(Who::signed_in, [&messaging](RequestContext& c, msg::MessageReceipt& in)
                                                        -> Result<msg::ReceiptReply> {
        auto r = messaging.mark(c.auth().user.id, in.conversation_id, in.kind, in.up_to, c.effects());
        if (!r) return r.error();
        return msg::ReceiptReply{in.conversation_id, msg::ReceiptInfo::of(r->receipt), r->unread, r->total_unread};
    });
    routes.add<msg::SearchMessages>(Who::signed_in, [&messaging](RequestContext& c, msg::SearchMessages& in)
                                                        -> Result<msg::SearchResults> {
        auto found = messaging.search(c.auth().user.id, in.query, in.limit);
        if (!found) return found.error();
        msg::SearchResults out;
        for (const SearchResult& r : *found)
            out.hits.push_back({msg::MessageInfo::of(r.message), msg::SnippetInfo::of(r.snippet)});
        return out;
    }, Work::scan);
    // Answered from memory on the connection's own thread: the conversation must be one this connection
    // opened or read (ConnectionState::conversations); any other id is not_found, like a stranger's.
    routes.add<msg::Typing>(Who::signed_in, [&messaging](RequestContext& c, msg::Typing& in) -> Result<msg::TypingReply> {
        const auto* link = link_of(c, in.conversation_id);
        if (!link) return Error::of(ErrorCode::not_found, "This conversation does not exist.");
        return msg::TypingReply{messaging.typing(link->member, link->conversation, link->other, c.effects())};
    }, Work::memory);

    // --- attachments: upload (begin, chunks; send_message with attachment_id finishes it), links, bytes.
    routes.add<msg::BeginAttachment>(Who::signed_in, [&messaging](RequestContext& c, msg::BeginAttachment& in)
                                                         -> Result<msg::AttachmentUpload> {
        auto a = messaging.begin_upload(c.auth().user.id, in.conversation_id, in.name, in.size);
        if (!a) return a.error();
        return msg::AttachmentUpload{a->id, std::int64_t(messaging.policy().attachment_chunk_bytes), a->name};
    });
    routes.add<msg::SendAttachmentChunk>(Who::signed_in, [&messaging](RequestContext& c, msg::SendAttachmentChunk& in)
                                                         -> Result<msg::AttachmentChunkStored> {
        auto bytes = base64_decode(in.data);
        if (!bytes) return Error::of(ErrorCode::invalid_field, "\"data\" must be base64.", "data");
        auto r = messaging.append_upload(c.auth().user.id, in.attachment_id, in.seq, *bytes);
        if (!r) return r.error();
        return msg::AttachmentChunkStored{r->seq, r->bytes, r->duplicate};
    });
    routes.add<msg::OpenAttachment>(Who::signed_in, [&messaging](RequestContext& c, msg::OpenAttachment& in)
                                                        -> Result<msg::AttachmentLinkInfo> {
        auto l = messaging.attachment_link(c.auth().user.id, in.attachment_id);
        if (!l) return l.error();
        const Attachment& a = l->attachment;
        return msg::AttachmentLinkInfo{msg::AttachmentInfo::of({a.id, a.kind, a.name, a.bytes}), l->token, l->url, l->expires_at};
    });
    routes.add<msg::ReadAttachment>(Who::signed_in, [&messaging](RequestContext& c, msg::ReadAttachment& in)
                                                        -> Result<msg::AttachmentBytes> {
        if (in.offset < 0) return Error::of(ErrorCode::invalid_field, "\"offset\" counts from 0.", "offset");
        // Someone else's link is refused inside redeem_attachment, before the opening is logged.
        auto r = messaging.redeem_attachment(in.token, in.attachment_id, c.auth().user.id);
        if (!r) return r.error();
        const std::int64_t total = r->attachment.bytes;
        const std::int64_t end = std::min<std::int64_t>(total, in.offset + std::int64_t(messaging.policy().attachment_chunk_bytes));
        const std::string bytes = messaging.read_attachment(in.attachment_id, in.offset, end);
        return msg::AttachmentBytes{in.offset, base64_encode(bytes), total, std::string(mime_type_of(r->attachment.kind)),
                                    in.offset + std::int64_t(bytes.size()) >= total};
    });
    routes.add_timer("attachments.sweep", [&messaging](Effects&) { messaging.sweep_uploads(); });  // abandoned uploads
}

}  // namespace core
