// Messaging, both sides: the conversations list and its unread counts (from the server, so every tab
// agrees), the open thread with its history in pages of 50, live messages, edits and deletions, typing
// and receipts, the outbox, the search, and the screen's URL (#/messages, #/messages/<id>).
//
// Nothing lost, nothing doubled: every message written gets a fresh client_message_id, goes into the
// outbox at once (shown as "sending…", saved to the tab's storage) and is sent, and sent again after
// every reconnect or reload, until a reply or its own message.created names that id. Messages merge by
// number; after a reconnect every loaded thread asks messages_after its last number, with changed_since
// its revision, so edits and deletions made while it was away replace the copies it shows.
#pragma once
#include "app/module.h"

namespace app {

class MessagingModule final : public FeatureModule<MessagingAction> {
public:
    explicit MessagingModule(Context& ctx);

    void on_signed_in() override;
    void on_signed_out() override;
    void on_tab(Tab tab) override;
    void tick(double now_ms) override;
    std::string route() const override;
    void follow(const std::string& route) override;

private:
    void apply(const MessagingAction& action) override;
    bool has_messages() const;  // patients and doctors

    // the list and the threads
    void load_conversations();
    void open(std::int64_t conversation_id);
    void message_with(std::int64_t user_id);
    void close();
    void load_newest(std::int64_t conversation_id, std::function<void()> then = nullptr);
    void resync(std::int64_t conversation_id);  // messages_after the last number (and changes), until no more
    void load_older(std::int64_t conversation_id, std::function<void()> then = nullptr);
    void load_until(std::int64_t conversation_id, std::int64_t number, int pages_left);
    void take_page(core::msg::MessagePage& page);

    // writing
    void composer_edited(std::int64_t conversation_id);
    void send_typing(std::int64_t conversation_id, double now_ms);
    void send_draft(std::int64_t conversation_id);
    void flush_outbox();
    void send(OutgoingMessage& m);
    void acknowledged(const std::string& client_message_id);
    void save_outbox();
    void start_edit(std::int64_t conversation_id, std::int64_t message_id);
    void submit_edit(std::int64_t conversation_id);
    void confirm_delete(std::int64_t conversation_id);

    // what arrives
    void on_message(const core::msg::MessageInfo& m, bool created);
    void receipt(std::int64_t conversation_id, core::ReceiptKind kind, std::int64_t up_to);
    void seen(std::int64_t conversation_id, std::int64_t up_to);
    void deliver_newest(const core::msg::ConversationInfo& c);

    // search
    void search();
    void open_hit(std::int64_t conversation_id, std::int64_t number);

    bool outbox_loaded_ = false;
};

}  // namespace app
