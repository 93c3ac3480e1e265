// A person's own data, whole (docs/PROTOCOL.md, "Your data"): what export_my_data answers, for the
// person to download as one JSON file. Written once, read and written by the server and the client.
#pragma once
#include <string>
#include <vector>

#include "core/accounts/messages.h"
#include "core/clinic/messages.h"
#include "core/credits/messages.h"
#include "core/messaging/messages.h"
#include "core/notifications/messages.h"

namespace core::msg {

// One conversation with every message in it, oldest first (deleted ones as their tombstones).
struct ConversationExport {
    ConversationInfo conversation;
    std::vector<MessageInfo> messages;
    template <typename F>
    void fields(F& f) {
        f("conversation", conversation);
        f("messages", messages);
    }
};

struct MyData {
    Instant exported_at{};
    UserInfo account;
    std::vector<AppointmentInfo> appointments;  // every visit, by start time, with the notes the person may read
    WalletInfo wallet;                          // balances and the ledger lines the wallet shows
    std::vector<ConversationExport> conversations;
    std::vector<NotificationInfo> notifications;  // the newest, newest first
    template <typename F>
    void fields(F& f) {
        f("exported_at", exported_at);
        f("account", account);
        f("appointments", appointments);
        f("wallet", wallet);
        f("conversations", conversations);
        f("notifications", notifications);
    }
};

struct ExportMyData : Empty {
    static constexpr RequestType type = RequestType::export_my_data;
    using Reply = MyData;
};

}  // namespace core::msg
