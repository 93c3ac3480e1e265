// The wire protocol, defined once and linked by the server, the web client and the offline demo.
// Text frames of JSON:
//   request   {"id":17,"type":"sign_in","data":{...}}
//   response  {"id":17,"ok":true,"data":{...}}  |  {"id":17,"ok":false,"error":{"code","message","field"?}}
//   event     {"event":"session.ended","data":{...}}        (server push, no id)
// Every type, field and error code is documented in docs/PROTOCOL.md. The lists are append-only;
// kVersion changes only when an existing message changes meaning.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include <nlohmann/json.hpp>

#include "core/errors.h"
#include "core/protocol/codec.h"
#include "core/time/clock.h"

namespace core::protocol {

using json = nlohmann::json;

inline constexpr int kVersion = 1;
inline constexpr int kMaxDepth = 32;                // deeper JSON is refused before parsing
inline constexpr size_t kMaxMessageBytes = 64 * 1024;  // the server's default frame limit

#define CORE_REQUEST_TYPES(X)   \
    X(hello)                    \
    X(sign_up)                  \
    X(sign_in)                  \
    X(resume_session)           \
    X(sign_out)                 \
    X(change_password)          \
    X(me)                       \
    X(create_staff_account)     \
    X(list_accounts)            \
    X(list_specialties)         \
    X(find_doctors)             \
    X(get_doctor)               \
    X(get_slots)                \
    X(update_doctor_profile)    \
    X(get_availability)         \
    X(set_availability)         \
    X(verification_queue)       \
    X(decide_verification)      \
    X(book)                     \
    X(appointment_action)       \
    X(reschedule)               \
    X(write_notes)              \
    X(get_appointment)          \
    X(list_appointments)        \
    X(appointment_ics)          \
    X(list_packages)            \
    X(buy_credits)              \
    X(get_wallet)               \
    X(list_notifications)       \
    X(mark_notification_read)   \
    X(call_join)                \
    X(call_admit)               \
    X(call_leave)               \
    X(call_media)               \
    X(call_signal)              \
    X(call_chat)                \
    X(call_messages)            \
    X(call_recording)           \
    X(call_end)                 \
    X(call_log)                 \
    X(recording_start)          \
    X(recording_chunk)          \
    X(recording_finish)         \
    X(recordings_list)          \
    X(recording_access)         \
    X(recording_data)           \
    X(call_invite_create)       \
    X(call_invites)             \
    X(call_invite_revoke)       \
    X(invite_info)              \
    X(invite_join)              \
    X(call_waiting)             \
    X(open_conversation)        \
    X(list_conversations)       \
    X(send_message)             \
    X(edit_message)             \
    X(delete_message)           \
    X(conversation_history)     \
    X(messages_after)           \
    X(message_receipt)          \
    X(search_messages)          \
    X(typing)                   \
    X(mark_all_notifications_read) \
    X(get_notification_prefs)   \
    X(set_notification_prefs)   \
    X(set_away)                 \
    X(presence_of)              \
    X(presence_settings)        \
    X(set_presence_settings)    \
    X(attachment_begin)         \
    X(attachment_chunk)         \
    X(attachment_link)          \
    X(attachment_data)          \
    X(update_profile)           \
    X(change_email)             \
    X(delete_account)           \
    X(export_my_data)

enum class RequestType {
#define CORE_X(name) name,
    CORE_REQUEST_TYPES(CORE_X)
#undef CORE_X
};
inline constexpr std::size_t kRequestTypeCount = 0
#define CORE_X(name) +1
    CORE_REQUEST_TYPES(CORE_X)
#undef CORE_X
    ;
std::string_view to_string(RequestType t);
std::optional<RequestType> request_type_from_string(std::string_view s);

// Event names ("noun.verb") are declared by the typed event structs of each domain's messages.h
// (`static constexpr std::string_view name`), next to their fields.

struct Request {
    std::int64_t id = 0;
    RequestType type = RequestType::hello;
    json data = json::object();
};

struct Response {
    std::optional<std::int64_t> id;  // empty when the request's id could not be read
    bool ok = false;
    json data = json::object();
    Error error;
};

struct Event {
    std::string name;
    json data = json::object();
};

// Server side: text -> Request. On failure the Error says why, and `id` (if it could be read) is set
// so the answer can name the request it refuses.
struct DecodeFailure {
    Error error;
    std::optional<std::int64_t> id;
};
std::variant<Request, DecodeFailure> decode_request(std::string_view text);

std::string encode_request(const Request& r);
// A typed request (a struct with `type` and fields()) as a frame.
template <typename T>
std::string encode_request(std::int64_t id, const T& request) {
    return encode_request(Request{id, T::type, encode(request)});
}
std::string encode_ok(std::int64_t id, const json& data);
// A typed reply written straight to text: {"id":…,"ok":true,"data":{…}}.
template <Fields T>
std::string encode_ok(std::int64_t id, const T& data) {
    std::string out = "{\"id\":";
    detail::write_text(out, id);
    out += ",\"ok\":true,\"data\":";
    encode_text(out, data);
    out += '}';
    return out;
}
std::string encode_error(std::optional<std::int64_t> id, const Error& e);
std::string encode_event(const Event& e);

// A typed event (a struct with `name` and fields()).
template <typename E>
Event make_event(const E& event) {
    return Event{std::string(E::name), encode(event)};
}

// Client side: text -> Response or Event.
std::variant<Response, Event, Error> decode_server_message(std::string_view text);

// True when `text` nests objects/arrays deeper than `max_depth` (strings are skipped correctly).
bool nests_deeper_than(std::string_view text, int max_depth);
// True when `text` is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
bool is_valid_utf8(std::string_view text);

}  // namespace core::protocol
