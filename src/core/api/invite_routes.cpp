// Invitations to a video visit and the guests they admit. The doctor creates, lists and revokes
// invitations (call_invite_create, call_invites, call_invite_revoke) and asks which of their rooms
// have someone waiting (call_waiting). A person opening an invitation link, with no account, reads
// what it is for (invite_info) and enters as a guest (invite_join); from then on the connection is a
// guest connection that can only take part in that one call. The rules live in CallService.
#include "core/api/route_context.h"
#include "core/api/wire.h"

namespace core::api_detail {
namespace {

using protocol::json;
using protocol::RequestType;

// What a guest may see of the visit: whose it is and when. Never the patient.
json visit_for_guest(const InviteInfo& info, const JoinPolicy& join) {
    const JoinWindow w = join_window(info.appointment, join);
    return {{"appointment_id", info.appointment.id},
            {"doctor_name", info.doctor_name},
            {"starts_at", format_iso8601(info.appointment.starts_at)},
            {"ends_at", format_iso8601(info.appointment.ends_at)},
            {"join_opens_at", format_iso8601(w.opens_at)},
            {"join_closes_at", format_iso8601(w.closes_at)}};
}

json invite_for_guest(const CallInvite& i) { return {{"role", to_string(i.role)}, {"name", i.name}}; }

// Requests a guest connection may send; everything else is refused.
bool guest_may_send(RequestType t) {
    switch (t) {
        case RequestType::call_join:
        case RequestType::call_leave:
        case RequestType::call_media:
        case RequestType::call_signal:
        case RequestType::call_chat:
        case RequestType::call_recording: return true;
        default: return false;
    }
}

}  // namespace

void handle_invite_entry(Context& c, CallService& calls, ClinicService& clinic) {
    const json& d = c.request.data;
    auto token = protocol::require_string(d, "token");
    if (fail_if(c, token)) return;
    if (c.request.type == RequestType::invite_info) {
        auto info = calls.invite_info(token.value());
        if (fail_if(c, info)) return;
        return reply_ok(c, {{"invite", invite_for_guest(info->invite)}, {"visit", visit_for_guest(info.value(), clinic.policy().join)}});
    }
    if (c.connection.session)
        return reply_error(c, Error::of(ErrorCode::forbidden,
                                        "You are signed in here. Open the invitation in a new private window, or sign out first."));
    auto name = protocol::require_string(d, "display_name");
    if (fail_if(c, name)) return;
    auto entry = calls.enter_as_guest(token.value(), name.value(), protocol::optional_string(d, "guest_key").value_or(""),
                                      protocol::optional_string(d, "time_zone").value_or("UTC"));
    if (fail_if(c, entry)) return;
    c.connection.guest = ConnectionState::GuestLink{entry->guest, entry->info.appointment.id};
    c.outcome.guest_bound = entry->guest;
    reply_ok(c, {{"you", entry->guest},
                 {"display_name", entry->info.invite.guest_name},
                 {"guest_key", entry->guest_key},
                 {"invite", invite_for_guest(entry->info.invite)},
                 {"visit", visit_for_guest(entry->info, clinic.policy().join)}});
}

void handle_guest(Context& c, CallService& calls, ClinicService& clinic, IceServerProvider& ice) {
    const ConnectionState::GuestLink g = *c.connection.guest;
    if (!guest_may_send(c.request.type))
        return reply_error(c, Error::of(ErrorCode::forbidden, "As a guest you can only take part in the video visit you were invited to."));
    auto id = protocol::require_int(c.request.data, "appointment_id");
    if (id.ok() && id.value() != g.appointment)
        return reply_error(c, Error::of(ErrorCode::not_found, "This appointment does not exist."));
    handle_call_request(c, calls, clinic, ice, g.id);
}

bool handle_invites(Context& c, CallService& calls, ClinicService& clinic, const Authenticated& auth) {
    const json& d = c.request.data;
    const UserId me = auth.user.id;
    switch (c.request.type) {
        case RequestType::call_waiting: {
            json rooms = json::array();
            for (const CallRoom& r : calls.waiting_rooms(me)) rooms.push_back(wire::call_waiting(r));
            reply_ok(c, {{"rooms", rooms}});
            return true;
        }
        case RequestType::call_invite_create:
        case RequestType::call_invites:
        case RequestType::call_invite_revoke: break;
        default: return false;
    }
    auto id = protocol::require_int(d, "appointment_id");
    if (fail_if(c, id)) return true;
    const AppointmentId appointment = id.value();
    CallEffects fx;
    switch (c.request.type) {
        case RequestType::call_invite_create: {
            auto role_text = protocol::require_string(d, "role");
            if (fail_if(c, role_text)) break;
            const auto role = guest_role_from_string(role_text.value());
            if (!role) {
                reply_error(c, Error::of(ErrorCode::invalid_field, "Choose colleague, interpreter or family.", "role"));
                break;
            }
            auto made = calls.create_invite(me, appointment, *role, protocol::optional_string(d, "name").value_or(""));
            if (fail_if(c, made)) break;
            reply_ok(c, {{"invite", wire::call_invite(made->invite, made->invite.created_at)},
                         {"token", made->token},
                         {"path", "/?invite=" + made->token}});
            break;
        }
        case RequestType::call_invites: {
            auto list = calls.invites(me, appointment);
            if (fail_if(c, list)) break;
            const Instant now = calls.now();
            json out = json::array();
            for (const CallInvite& i : list.value()) out.push_back(wire::call_invite(i, now));
            reply_ok(c, {{"invites", out}});
            break;
        }
        case RequestType::call_invite_revoke: {
            auto invite = protocol::require_int(d, "invite_id");
            if (fail_if(c, invite)) break;
            auto r = calls.revoke_invite(me, appointment, invite.value(), fx);
            if (fail_if(c, r)) break;
            reply_ok(c, json::object());
            break;
        }
        default: break;
    }
    deliver_call_effects(clinic, fx, c.outcome.deliveries);
    return true;
}

}  // namespace core::api_detail
