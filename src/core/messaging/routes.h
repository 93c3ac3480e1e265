// Registers the messaging requests (open_conversation, list_conversations, send_message, edit_message,
// delete_message, conversation_history, messages_after, message_receipt, search_messages, typing).
#pragma once
#include "core/api/routes.h"
#include "core/messaging/service.h"

namespace core {

void add_messaging_routes(Routes& routes, MessagingService& messaging);

}  // namespace core
