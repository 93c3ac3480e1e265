// The messaging slice's rules (state.h): merge by number, the list's last message, the outbox's
// stored form, fresh client message ids.
#include <algorithm>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "app/messaging/state.h"
#include "core/crypto/random.h"
#include "core/protocol/codec.h"
#include "core/time/clock.h"

namespace app {

namespace msg = core::msg;
using json = nlohmann::json;

void merge_message(Thread& thread, const msg::MessageInfo& m) { thread.messages.insert_or_assign(m.number, m); }

void merge_changed(Thread& thread, const msg::MessageInfo& m) {
    auto it = thread.messages.find(m.number);
    if (it != thread.messages.end()) it->second = m;
}

void note_last_message(MessagingState& s, const msg::MessageInfo& m) {
    auto it = std::find_if(s.conversations.begin(), s.conversations.end(),
                           [&](const msg::ConversationInfo& c) { return c.id == m.conversation_id; });
    if (it == s.conversations.end()) return;
    const bool newest = m.number >= it->last_number;
    if (!newest) return;
    it->last_number = m.number;
    it->last_message = m;
    std::rotate(s.conversations.begin(), it, it + 1);  // the most recently written first
}

bool their_typing(const Thread& thread, double now_ms) { return thread.their_typing_until_ms > now_ms; }

ListPreview list_preview(const MessagingState& s, const msg::ConversationInfo& c, std::int64_t viewer, double now_ms) {
    const auto thread = s.threads.find(c.id);
    if (thread != s.threads.end() && their_typing(thread->second, now_ms)) return {"typing…", true};
    if (!c.last_message) return {"No messages yet"};
    const msg::MessageInfo& m = *c.last_message;
    std::string out = m.sender_id == viewer ? "You: " : "";
    if (m.deleted) return {out + "Message deleted"};
    // A file says what it is before the words that came with it: "Photo: rash.jpg · It itches".
    const bool has_words = m.text.find_first_not_of(" \t\r\n") != std::string::npos;
    if (m.attachment) {
        out += m.attachment->kind == core::AttachmentKind::pdf ? "PDF: " : "Photo: ";
        out += m.attachment->name;
        if (has_words) out += " · ";
    }
    return {has_words ? out + m.text : out};
}

namespace {
// The outbox as the tab keeps it: whose it is, and the messages waiting for the server.
struct StoredOutbox {
    std::int64_t user_id = 0;
    std::vector<OutgoingMessage> messages;
    template <typename F>
    void fields(F& f) {
        f("user_id", user_id);
        f("messages", messages);
    }
};
}  // namespace

std::string outbox_to_text(std::int64_t user_id, const std::vector<OutgoingMessage>& outbox) {
    std::string text;
    core::protocol::encode_text(text, StoredOutbox{user_id, outbox});
    return text;
}

// Another user's outbox, or one this version cannot read, is not sent (an empty list).
std::vector<OutgoingMessage> outbox_from_text(std::int64_t user_id, const std::string& text) {
    const json j = json::parse(text, nullptr, false);
    auto stored = core::protocol::decode<StoredOutbox>(j);
    if (!stored || stored.value().user_id != user_id) return {};
    std::vector<OutgoingMessage> out;
    for (OutgoingMessage& o : stored.value().messages)
        if (o.conversation_id > 0 && !o.client_message_id.empty()) out.push_back(std::move(o));
    return out;
}

std::string new_client_message_id() {
    std::uint8_t bytes[16];
    core::secure_random_bytes(bytes, sizeof bytes);
    char out[40];
    int n = 0;
    n += std::snprintf(out, sizeof out, "m-");
    for (std::uint8_t b : bytes) n += std::snprintf(out + n, sizeof out - static_cast<size_t>(n), "%02x", b);
    return std::string(out, static_cast<size_t>(n));
}

}  // namespace app
