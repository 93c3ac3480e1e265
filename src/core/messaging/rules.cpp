#include "core/messaging/rules.h"

#include "core/accounts/validation.h"
#include "core/messaging/text.h"
#include "core/protocol/protocol.h"

namespace core {

bool is_blank(std::string_view utf8) {
    for (std::size_t i = 0; i < utf8.size();) {
        const text::CodePoint c = text::code_point_at(utf8, i);
        if (!text::is_space(c.value)) return false;
        i += c.bytes;
    }
    return true;
}

std::optional<Error> check_message_text(std::string_view text, const MessagingPolicy& policy, const char* field) {
    const auto bad = [field](std::string message) { return Error::of(ErrorCode::invalid_field, std::move(message), field); };
    // Checked first: the other two rules walk the text by code point.
    if (!protocol::is_valid_utf8(text)) return bad("The text of the message contains invalid characters (not UTF-8).");
    if (is_blank(text)) return bad("The text of the message is empty: write something first.");
    if (utf8_length(text) > policy.max_text_chars)
        return bad("The text of the message is too long (at most " + std::to_string(policy.max_text_chars) +
                   " characters).");
    return std::nullopt;
}

std::optional<Error> check_client_message_id(std::string_view id) {
    const auto allowed = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
               c == '.' || c == ':';
    };
    bool ok = !id.empty() && id.size() <= 64;
    for (char c : id) ok = ok && allowed(c);
    if (ok) return std::nullopt;
    return Error::of(ErrorCode::invalid_field,
                     "The client_message_id must be 1 to 64 letters, digits, '-', '_', '.' or ':'.", "client_message_id");
}

std::optional<Pair> pair_of(const User& a, const User& b) {
    if (a.role == Role::patient && b.role == Role::doctor) return Pair{a.id, b.id};
    if (a.role == Role::doctor && b.role == Role::patient) return Pair{b.id, a.id};
    return std::nullopt;
}

std::optional<Error> may_edit(const Message& m, UserId editor, Instant now, const MessagingPolicy& policy) {
    if (m.sender_id != editor) return Error::of(ErrorCode::forbidden, "Only the author can edit a message.");
    if (m.deleted()) return Error::of(ErrorCode::invalid_transition, "This message was deleted.");
    if (now - m.created_at > policy.edit_window)
        return Error::of(ErrorCode::invalid_transition, "A message can be edited only within " +
                                                            std::to_string(policy.edit_window.count()) +
                                                            " minutes of sending it.");
    return std::nullopt;
}

std::optional<Error> may_delete(const Message& m, UserId actor) {
    if (m.sender_id != actor) return Error::of(ErrorCode::forbidden, "Only the author can delete a message.");
    if (m.deleted()) return Error::of(ErrorCode::invalid_transition, "This message was already deleted.");
    return std::nullopt;
}

ChangesSince changes_since(std::vector<Message> found, int limit, std::int64_t conversation_revision) {
    ChangesSince out;
    out.more = limit >= 0 && found.size() > static_cast<std::size_t>(limit);
    if (out.more) found.resize(static_cast<std::size_t>(limit));
    // Cut short: the changes after the last one kept are still to come, so the reader may not skip them.
    out.revision = out.more ? (found.empty() ? 0 : found.back().revision) : conversation_revision;
    out.changed = std::move(found);
    return out;
}

Error no_such_conversation() { return Error::of(ErrorCode::not_found, "This conversation does not exist."); }

Error no_such_message() { return Error::of(ErrorCode::not_found, "This message does not exist."); }

}  // namespace core
