// Registers the messaging requests (open_conversation, list_conversations, send_message, edit_message,
// delete_message, conversation_history, messages_after, message_receipt, search_messages, typing).
#pragma once
#include "core/api/routes.h"
#include "core/messaging/messages.h"
#include "core/messaging/service.h"

namespace core {

void add_messaging_routes(Routes& routes, MessagingService& messaging);

// The wire form of a conversation and of a page of messages, as the viewer sees them.
msg::ConversationInfo conversation_info(const ConversationView& v);
msg::MessagePage page_of(const MessagePageView& v);

}  // namespace core
