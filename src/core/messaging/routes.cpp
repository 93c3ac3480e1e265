// The messaging requests: who may send each, and how it is answered. The rules are in service.cpp.
#include "core/messaging/routes.h"

#include <algorithm>

#include "core/messaging/messages.h"

namespace core {
namespace {

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
    msg::MessagePage out{v.conversation.id, {}, v.has_more, v.conversation.last_number};
    for (const Message& m : v.messages) out.messages.push_back(msg::MessageInfo::of(m));
    return out;
}

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
    });
    routes.add<msg::SendMessage>(Who::signed_in, [&messaging](RequestContext& c, msg::SendMessage& in)
                                                     -> Result<msg::MessageReply> {
        auto posted = messaging.send(c.auth().user.id, in.conversation_id, in.client_message_id, in.text,
                                     in.appointment_id, c.effects());
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
    });
    routes.add<msg::MessagesAfter>(Who::signed_in, [&messaging](RequestContext& c, msg::MessagesAfter& in)
                                                       -> Result<msg::MessagePage> {
        auto page = messaging.after(c.auth().user.id, in.conversation_id, in.after, in.limit);
        if (!page) return page.error();
        remember(c, page->conversation);
        return page_of(*page);
    });
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
    });
    // Answered from memory on the connection's own thread: the conversation must be one this connection
    // opened or read (ConnectionState::conversations); any other id is not_found, like a stranger's.
    routes.add<msg::Typing>(Who::signed_in, [&messaging](RequestContext& c, msg::Typing& in) -> Result<msg::TypingReply> {
        const auto* link = link_of(c, in.conversation_id);
        if (!link) return Error::of(ErrorCode::not_found, "This conversation does not exist.");
        return msg::TypingReply{messaging.typing(link->member, link->conversation, link->other, c.effects())};
    }, Work::memory);
}

}  // namespace core
