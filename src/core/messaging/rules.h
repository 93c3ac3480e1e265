// The messaging rules that need no store: what a message's text may be, what a client's message id
// may be, who forms a pair, and who may edit or delete a message. The service (service.cpp) applies
// them inside its transactions; tests/unit/core/messaging.test.cpp holds them to what is written here.
#pragma once
#include <optional>
#include <string_view>
#include <vector>

#include "core/accounts/model.h"
#include "core/errors.h"
#include "core/messaging/model.h"

namespace core {

// A message's text: valid UTF-8, not empty or only white space (Unicode spaces and line breaks
// included), at most policy.max_text_chars code points. The error names the field `field`.
std::optional<Error> check_message_text(std::string_view text, const MessagingPolicy& policy,
                                        const char* field = "text");

// The sender's own id for a message: 1 to 64 ASCII letters, digits, '-', '_', '.' or ':' (a UUID fits).
std::optional<Error> check_client_message_id(std::string_view id);

// True when the text holds nothing but white space (or nothing at all). Call with valid UTF-8.
bool is_blank(std::string_view text);

// The conversation two people would have: the patient and the doctor, in that order. Empty when they
// are not one patient and one doctor (two patients, a doctor and themselves, anyone with a staff role):
// such people never have a conversation.
struct Pair {
    UserId patient = 0;
    UserId doctor = 0;
};
std::optional<Pair> pair_of(const User& a, const User& b);

// Why a member may not change a message; nullopt when they may.
//   edit:   only the author, not after deletion, within policy.edit_window of sending;
//   delete: only the author, at any time, once (a second delete is refused as well).
std::optional<Error> may_edit(const Message& m, UserId editor, Instant now, const MessagingPolicy& policy);
std::optional<Error> may_delete(const Message& m, UserId actor);

// What a reader coming back learns of the changes since its revision, from what the store found:
// `found` is up to limit + 1 changed messages by ascending revision (messages_changed_since with
// limit + 1). At most `limit` are kept; when more were found, the reader is up to date only as far as
// the last one kept (its revision) and asks again from there (more); otherwise as far as the
// conversation's newest revision.
struct ChangesSince {
    std::vector<Message> changed;  // by ascending revision
    std::int64_t revision = 0;     // the reader's next changed_since
    bool more = false;
};
ChangesSince changes_since(std::vector<Message> found, int limit, std::int64_t conversation_revision);

// The one answer for a conversation (or message) a person may not see, whether it exists or not.
Error no_such_conversation();
Error no_such_message();

}  // namespace core
