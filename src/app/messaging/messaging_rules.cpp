// The messaging slice's rules (state.h): merge by number, the list's last message, the outbox's
// stored form, fresh client message ids.
#include <algorithm>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "app/messaging/state.h"
#include "core/crypto/random.h"
#include "core/time/clock.h"

namespace app {

namespace msg = core::msg;
using json = nlohmann::json;

void merge_message(Thread& thread, const msg::MessageInfo& m) { thread.messages.insert_or_assign(m.number, m); }

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

std::string outbox_to_text(std::int64_t user_id, const std::vector<OutgoingMessage>& outbox) {
    json items = json::array();
    for (const OutgoingMessage& o : outbox) {
        json item{{"conversation_id", o.conversation_id},
                  {"client_message_id", o.client_message_id},
                  {"text", o.text},
                  {"written_at", core::format_iso8601(o.written_at)}};
        if (o.appointment_id) item["appointment_id"] = *o.appointment_id;
        items.push_back(std::move(item));
    }
    return json{{"user_id", user_id}, {"messages", std::move(items)}}.dump();
}

std::vector<OutgoingMessage> outbox_from_text(std::int64_t user_id, const std::string& text) {
    std::vector<OutgoingMessage> out;
    const json j = json::parse(text, nullptr, false);
    if (!j.is_object() || j.value("user_id", std::int64_t{0}) != user_id || !j.contains("messages") || !j["messages"].is_array())
        return out;
    for (const json& item : j["messages"]) {
        if (!item.is_object() || !item.contains("conversation_id") || !item.contains("client_message_id") || !item.contains("text"))
            continue;
        OutgoingMessage o;
        o.conversation_id = item.value("conversation_id", std::int64_t{0});
        o.client_message_id = item.value("client_message_id", std::string());
        o.text = item.value("text", std::string());
        if (auto t = core::parse_iso8601(item.value("written_at", std::string()))) o.written_at = *t;
        if (item.contains("appointment_id") && item["appointment_id"].is_number_integer())
            o.appointment_id = item["appointment_id"].get<std::int64_t>();
        if (o.conversation_id > 0 && !o.client_message_id.empty()) out.push_back(std::move(o));
    }
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
