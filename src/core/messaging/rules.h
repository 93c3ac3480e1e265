// The messaging rules that need no store: what a message's text may be, what a client's message id
// may be, who forms a pair, and who may edit or delete a message. The service (service.cpp) applies
// them inside its transactions; tests/unit/core/messaging.test.cpp holds them to what is written here.
#pragma once
#include <optional>
#include <string_view>

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

// The one answer for a conversation (or message) a person may not see, whether it exists or not.
Error no_such_conversation();
Error no_such_message();

}  // namespace core
