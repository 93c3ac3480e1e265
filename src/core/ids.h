// The ids of stored things, in one place so that domains can name each other's records without
// depending on each other's models. All are database row ids (positive), except guests in a call:
// a guest's UserId is the negative id of their invitation (core/invitations/model.h).
#pragma once
#include <cstdint>

namespace core {

using UserId = std::int64_t;
using SessionId = std::int64_t;
using AppointmentId = std::int64_t;
using PurchaseId = std::int64_t;
using NotificationId = std::int64_t;
using CallMessageId = std::int64_t;
using InviteId = std::int64_t;
using RecordingId = std::int64_t;
using ConversationId = std::int64_t;
using MessageId = std::int64_t;

// Guests in a call have no account: their id is the negative id of their invitation, so it never
// clashes with a user id, stays the same when they reconnect, and names them in the log and chat.
inline UserId guest_user_id(InviteId invite) { return -invite; }
inline bool is_guest(UserId id) { return id < 0; }
inline InviteId invite_of_guest(UserId guest) { return -guest; }

}  // namespace core
