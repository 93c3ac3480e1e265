// Stable error codes ("offline" is produced by the client itself). The wire form is the snake_case name; codes are append-only so clients built
// against an older list keep understanding what they knew. Each one is documented in docs/PROTOCOL.md.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace core {

#define CORE_ERROR_CODES(X)                                                                   \
    X(bad_json, "The message is not valid JSON.")                                             \
    X(bad_message, "The message does not have the shape of a request.")                       \
    X(too_deep, "The message nests too deeply.")                                              \
    X(message_too_large, "The message is larger than the server accepts.")                    \
    X(unknown_type, "The server does not know this request type.")                            \
    X(invalid_field, "A field is missing or has the wrong type or value.")                    \
    X(hello_required, "Send hello before any other request.")                                 \
    X(protocol_mismatch, "The app and the server speak different protocol versions.")         \
    X(unauthenticated, "Sign in first.")                                                      \
    X(session_expired, "Your session has ended. Please sign in again.")                       \
    X(forbidden, "You are not allowed to do this.")                                           \
    X(not_found, "Not found.")                                                                \
    X(invalid_credentials, "The e-mail or password is not correct.")                          \
    X(account_locked, "Too many failed sign-ins. Try again later.")                           \
    X(email_taken, "An account with this e-mail already exists.")                             \
    X(weak_password, "The password is too weak.")                                            \
    X(overloaded, "The server is busy. Try again in a moment.")                               \
    X(internal, "Something went wrong on our side. Please try again.")                        \
    X(offline, "You are offline. The app reconnects by itself; try again in a moment.")       \
    X(slot_taken, "This time was just booked by someone else. Please choose another time.")   \
    X(slot_unavailable, "This time is not available. Please choose another time.")            \
    X(patient_busy, "You already have an appointment at this time.")                          \
    X(insufficient_credits, "You do not have enough credits. Buy credits to book this visit.") \
    X(invalid_transition, "This appointment cannot change that way any more.")                \
    X(payment_declined, "The payment was declined.")                                          \
    X(doctor_unavailable, "This doctor is not taking bookings at the moment.")                \
    X(call_not_open, "The video call of this visit is not open.")                             \
    X(recording_not_active, "The call is not being recorded: everyone in it must agree first.") \
    X(recording_out_of_order, "A piece of the recording is missing; send the pieces in order.") \
    X(recording_too_large, "The recording is larger than the server keeps.")                  \
    X(invite_invalid, "This invitation link is not valid.")                                    \
    X(call_full, "The call is full.")                                                        \
    X(rate_limited, "Too many attempts. Try again in a moment.")                       \
    X(attachment_too_large, "Files up to 10 MB can be sent.")                                 \
    X(attachment_unsupported, "You can send photos (JPEG, PNG, WebP) or PDF documents up to 10 MB.") \
    X(attachment_incomplete, "Part of the file is missing; send the pieces in order.")        \
    X(open_visits, "Cancel your upcoming visits, or let them take place, before deleting the account.")

enum class ErrorCode {
#define CORE_X(name, text) name,
    CORE_ERROR_CODES(CORE_X)
#undef CORE_X
};

std::string_view to_string(ErrorCode code);
std::optional<ErrorCode> error_code_from_string(std::string_view name);
std::string_view default_message(ErrorCode code);

// An error a person can read: a stable code, a sentence, and the field it is about (if any).
struct Error {
    ErrorCode code = ErrorCode::internal;
    std::string message;
    std::string field;        // e.g. "email"; empty when the error is about the whole request
    int retry_after_s = 0;    // for account_locked / rate_limited / overloaded; 0 when not applicable

    static Error of(ErrorCode code, std::string message = {}, std::string field = {});
};

// A value or an Error: what every service call returns.
template <typename T>
class Result {
public:
    Result(T value) : v_(std::move(value)) {}
    Result(Error error) : v_(std::move(error)) {}
    bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }
    T& value() { return std::get<0>(v_); }
    const T& value() const { return std::get<0>(v_); }
    T& operator*() { return value(); }
    const T& operator*() const { return value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    const Error& error() const { return std::get<1>(v_); }

private:
    std::variant<T, Error> v_;
};

struct Done {};  // the value of a Result that carries nothing but success

}  // namespace core
