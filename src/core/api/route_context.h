// Internal to src/core/api: what a route handler gets for one request.
#pragma once
#include "core/api/dispatcher.h"

namespace core::api_detail {

struct Context {
    ConnectionState& connection;
    DispatchOutcome& outcome;
    const protocol::Request& request;
};

inline void reply_ok(Context& c, const protocol::json& data) { c.outcome.reply = protocol::encode_ok(c.request.id, data); }
inline void reply_error(Context& c, const Error& e) { c.outcome.reply = protocol::encode_error(c.request.id, e); }

// Replies with the error when `r` failed: `if (fail_if(c, r)) return;`.
template <typename T>
bool fail_if(Context& c, const Result<T>& r) {
    if (r.ok()) return false;
    reply_error(c, r.error());
    return true;
}

// Clinic requests of a signed-in user. False when `type` is not a clinic request.
bool handle_clinic(Context& c, ClinicService& clinic, const Authenticated& auth);
// Turns what the clinic changed into events for the people concerned.
void deliver_clinic_effects(ClinicService& clinic, const ClinicEffects& fx, std::vector<Delivery>& out);

// Call requests of a signed-in user (call_routes.cpp). False when `type` is not a call request.
bool handle_calls(Context& c, CallService& calls, ClinicService& clinic, IceServerProvider& ice, const Authenticated& auth);
// call.state to every member of each changed room, plus the clinic's events.
void deliver_call_effects(ClinicService& clinic, const CallEffects& fx, std::vector<Delivery>& out);
// Call requests on behalf of `me` (a user, or a guest's negative id). False when not a call request.
bool handle_call_request(Context& c, CallService& calls, ClinicService& clinic, IceServerProvider& ice, UserId me);

// Invitations (invite_routes.cpp): the doctor's call_invite_create/call_invites/call_invite_revoke/
// call_waiting. False when `type` is none of them.
bool handle_invites(Context& c, CallService& calls, ClinicService& clinic, const Authenticated& auth);
// invite_info and invite_join: before any sign-in (the person opening a link has no account).
void handle_invite_entry(Context& c, CallService& calls, ClinicService& clinic);
// Every request of a guest connection: only the calls requests of its own call; the rest is refused.
void handle_guest(Context& c, CallService& calls, ClinicService& clinic, IceServerProvider& ice);

// Recording requests of a signed-in user (recording_routes.cpp). False when `type` is not one;
// `recordings` null = this dispatcher has none (the request is answered "not available").
bool handle_recordings(Context& c, RecordingService* recordings, const Authenticated& auth);

}  // namespace core::api_detail
