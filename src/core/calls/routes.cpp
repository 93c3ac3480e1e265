// The call requests: who may send each, and how it is answered. The rules are in service.cpp; a guest
// connection reaches only its own call (any other appointment is "not found").
#include "core/calls/routes.h"

#include "core/calls/messages.h"

namespace core {
namespace {

// The caller of a call request: the signed-in user, or the guest of this connection, who may only
// name their own appointment.
Result<UserId> member(RequestContext& c, AppointmentId appointment) {
    if (c.connection.guest && c.connection.guest->appointment != appointment)
        return Error::of(ErrorCode::not_found, "This appointment does not exist.");
    return c.caller();
}

void forget_link(ConnectionState& connection, AppointmentId id) {
    std::erase_if(connection.calls, [&](const ConnectionState::CallLink& l) { return l.appointment == id; });
}

Result<msg::Empty> done(Result<Done> r) {
    if (!r) return r.error();
    return msg::Empty{};
}

}  // namespace

void add_call_routes(Routes& routes, CallService& calls, IceServerProvider& ice) {
    routes.add<msg::JoinCall>(Who::call_member, [&calls, &ice](RequestContext& c, msg::JoinCall& in) -> Result<msg::CallJoined> {
        auto me = member(c, in.appointment_id);
        if (!me) return me.error();
        auto joined = calls.join(*me, in.appointment_id, c.effects());
        if (!joined) return joined.error();
        forget_link(c.connection, in.appointment_id);
        c.connection.calls.push_back({in.appointment_id, *me, joined->link});
        return msg::CallJoined{msg::CallInfo::of(joined->room), *me, ice.ice_servers(*me)};
    });
    routes.add<msg::AdmitToCall>(Who::signed_in, [&calls](RequestContext& c, msg::AdmitToCall& in) {
        return done(calls.admit(c.auth().user.id, in.appointment_id, in.user_id, c.effects()));
    });
    routes.add<msg::LeaveCall>(Who::call_member, [&calls](RequestContext& c, msg::LeaveCall& in) -> Result<msg::Empty> {
        auto me = member(c, in.appointment_id);
        if (!me) return me.error();
        auto r = calls.leave(*me, in.appointment_id, c.effects());
        if (r) forget_link(c.connection, in.appointment_id);
        return done(r);
    });
    routes.add<msg::SetCallMedia>(Who::call_member, [&calls](RequestContext& c, msg::SetCallMedia& in) -> Result<msg::Empty> {
        auto me = member(c, in.appointment_id);
        if (!me) return me.error();
        return done(calls.set_media(*me, in.appointment_id, in.audio, in.video, in.screen, c.effects()));
    });
    routes.add<msg::SendSignal>(Who::call_member, [&calls](RequestContext& c, msg::SendSignal& in) -> Result<msg::Empty> {
        auto me = member(c, in.appointment_id);
        if (!me) return me.error();
        return done(calls.relay_signal(*me, in.appointment_id, in.to_user_id, in.kind, in.data, c.effects()));
    });
    routes.add<msg::SendChat>(Who::call_member, [&calls](RequestContext& c, msg::SendChat& in) -> Result<msg::ChatPosted> {
        auto me = member(c, in.appointment_id);
        if (!me) return me.error();
        auto posted = calls.chat(*me, in.appointment_id, in.text, c.effects());
        if (!posted) return posted.error();
        const CallMessage& m = posted->message;
        return msg::ChatPosted{{m.id, m.user_id, posted->display_name, m.text, m.at}};
    });
    routes.add<msg::ReadChat>(Who::signed_in, [&calls](RequestContext& c, msg::ReadChat& in) -> Result<msg::ChatHistory> {
        auto list = calls.messages(c.auth().user.id, in.appointment_id);
        if (!list) return list.error();
        msg::ChatHistory out;
        for (const ChatEntry& e : list.value())
            out.messages.push_back({e.message.id, e.message.user_id, e.display_name, e.message.text, e.message.at});
        return out;
    });
    routes.add<msg::ChangeRecording>(Who::call_member, [&calls](RequestContext& c, msg::ChangeRecording& in) -> Result<msg::Empty> {
        auto me = member(c, in.appointment_id);
        if (!me) return me.error();
        return done(calls.recording(*me, in.appointment_id, in.action, c.effects()));
    });
    routes.add<msg::EndCall>(Who::signed_in, [&calls](RequestContext& c, msg::EndCall& in) -> Result<msg::Empty> {
        auto r = calls.end(c.auth().user.id, in.appointment_id, c.effects());
        if (r) forget_link(c.connection, in.appointment_id);
        return done(r);
    });
    routes.add<msg::ReadCallLog>(Who::signed_in, [&calls](RequestContext& c, msg::ReadCallLog& in) -> Result<msg::CallLogInfo> {
        auto log = calls.log(c.auth().user.id, in.appointment_id);
        if (!log) return log.error();
        return msg::CallLogInfo::of(log.value());
    });
    routes.add<msg::ListWaitingRooms>(Who::signed_in, [&calls](RequestContext& c, msg::ListWaitingRooms&) -> Result<msg::WaitingRooms> {
        msg::WaitingRooms out;
        for (const CallRoom& room : calls.waiting_rooms(c.auth().user.id)) {
            msg::WaitingRoom r{room.appointment_id, {}};
            for (const CallMember& m : room.members)
                if (m.state == CallMemberState::waiting) r.waiting.push_back(msg::Participant::of(m));
            out.rooms.push_back(std::move(r));
        }
        return out;
    });
    routes.add_timer("calls.sweep", [&calls](Effects& out) { calls.sweep(out); });
    // A dropped connection: its calls go to `reconnecting` (a waiting member leaves).
    routes.on_disconnect([&calls](ConnectionState& connection, Effects& out) {
        for (const ConnectionState::CallLink& l : std::exchange(connection.calls, {})) calls.disconnected(l.user, l.appointment, l.link, out, connection.unheard_for);
    });
}

}  // namespace core
