// JSON shapes of domain objects on the wire (see docs/PROTOCOL.md). Secrets never appear here:
// password hashes never, licence numbers only when the caller may see them (the service clears them),
// clinical notes only in the doctor's copy of an appointment.
#pragma once
#include <nlohmann/json.hpp>

#include "core/accounts/user.h"
#include "core/calls/call_service.h"
#include "core/clinic/clinic_service.h"

namespace core::wire {

using json = nlohmann::json;

json user(const User& u);
json doctor_profile(const DoctorProfile& p);
json doctor_listing(const DoctorListing& d);
json slot(const Slot& s);
json availability(const Availability& a);
Result<Availability> availability_from(const json& j);
Result<DoctorProfileInput> profile_input_from(const json& j);
Result<CardDetails> card_from(const json& j);
json appointment(const AppointmentView& v, const JoinPolicy& join, bool with_history);
json wallet(const Wallet& w);
json purchase(const Purchase& p);
json notification(const Notification& n);
json packages(bool test_mode);
json specialties();
// call.state data: {appointment_id, status, participants: [...], recording: {state, consents, requested_by?}}
json call_state(const CallRoom& room);
json call_message(const CallMessage& m, const std::string& display_name);
json call_log(const CallLog& log);
// One participant of call.state: {user_id, display_name, role, state, audio, video, screen}.
json call_member(const CallMember& m);
// call.waiting data: {appointment_id, waiting: [participant]} (empty once nobody waits or the room ended).
json call_waiting(const CallRoom& room);
// An invitation as the doctor sees it (never the token): {id, appointment_id, role, name, state:
// "open"|"joined"|"revoked"|"expired", created_at, expires_at, guest_name?, guest_user_id?, revoked_at?}.
json call_invite(const CallInvite& invite, Instant now);

}  // namespace core::wire
