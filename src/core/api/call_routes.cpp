// Call requests: join, admit, leave, media flags, signaling relay, in-call chat, recording consent,
// end, call log. The rules live in CallService; this file reads fields and turns effects into events.
#include <algorithm>
#include <set>

#include "core/api/route_context.h"
#include "core/api/wire.h"

namespace core::api_detail {
namespace {

using protocol::json;
using protocol::RequestType;

Result<bool> require_bool(const json& d, const char* field) {
    auto it = d.find(field);
    if (it == d.end() || !it->is_boolean())
        return Error::of(ErrorCode::invalid_field, std::string("\"") + field + "\" must be true or false.", field);
    return it->get<bool>();
}

Result<RecordingAction> recording_action_from(const std::string& s) {
    static const std::pair<const char*, RecordingAction> kActions[] = {{"request", RecordingAction::request},
                                                                       {"consent", RecordingAction::consent},
                                                                       {"decline", RecordingAction::decline},
                                                                       {"stop", RecordingAction::stop}};
    for (const auto& [name, action] : kActions)
        if (s == name) return action;
    return Error::of(ErrorCode::invalid_field, "Choose request, consent, decline or stop.", "action");
}

bool is_signal_kind(const std::string& kind) {
    return kind == "offer" || kind == "answer" || kind == "candidate" || kind == "restart";
}

void forget_link(ConnectionState& connection, AppointmentId id) {
    std::erase_if(connection.calls, [&](const ConnectionState::CallLink& l) { return l.appointment == id; });
}

}  // namespace

void deliver_call_effects(ClinicService& clinic, const CallEffects& fx, std::vector<Delivery>& out) {
    std::set<AppointmentId> seen;
    for (auto it = fx.rooms.rbegin(); it != fx.rooms.rend(); ++it) {  // latest state wins
        if (!seen.insert(it->appointment_id).second) continue;
        const json state = wire::call_state(*it);
        for (const CallMember& m : it->members)
            out.push_back({Audience{Audience::Kind::user, m.user_id}, {protocol::events::kCallState, state}});
        // The doctor's schedule shows "Patient waiting" even away from the call screen.
        if (fx.waiting_changed.count(it->appointment_id))
            out.push_back({Audience{Audience::Kind::user, it->doctor_id}, {protocol::events::kCallWaiting, wire::call_waiting(*it)}});
    }
    deliver_clinic_effects(clinic, fx.clinic, out);
}

bool handle_calls(Context& c, CallService& calls, ClinicService& clinic, IceServerProvider& ice, const Authenticated& auth) {
    return handle_call_request(c, calls, clinic, ice, auth.user.id);
}

bool handle_call_request(Context& c, CallService& calls, ClinicService& clinic, IceServerProvider& ice, UserId me) {
    const json& d = c.request.data;
    switch (c.request.type) {
        case RequestType::call_join:
        case RequestType::call_admit:
        case RequestType::call_leave:
        case RequestType::call_media:
        case RequestType::call_signal:
        case RequestType::call_chat:
        case RequestType::call_messages:
        case RequestType::call_recording:
        case RequestType::call_end:
        case RequestType::call_log: break;
        default: return false;
    }
    auto id = protocol::require_int(d, "appointment_id");
    if (fail_if(c, id)) return true;
    const AppointmentId appointment = id.value();
    CallEffects fx;
    switch (c.request.type) {
        case RequestType::call_join: {
            auto joined = calls.join(me, appointment, fx);
            if (fail_if(c, joined)) break;
            forget_link(c.connection, appointment);
            c.connection.calls.push_back({appointment, me, joined->link});
            reply_ok(c, {{"call", wire::call_state(joined->room)}, {"you", me}, {"ice_servers", ice.ice_servers(me)}});
            break;
        }
        case RequestType::call_admit: {
            auto who = protocol::require_int(d, "user_id");
            if (fail_if(c, who)) break;
            auto r = calls.admit(me, appointment, who.value(), fx);
            if (fail_if(c, r)) break;
            reply_ok(c, json::object());
            break;
        }
        case RequestType::call_leave: {
            auto r = calls.leave(me, appointment, fx);
            if (fail_if(c, r)) break;
            forget_link(c.connection, appointment);
            reply_ok(c, json::object());
            break;
        }
        case RequestType::call_media: {
            auto audio = require_bool(d, "audio");
            if (fail_if(c, audio)) break;
            auto video = require_bool(d, "video");
            if (fail_if(c, video)) break;
            auto screen = require_bool(d, "screen");
            if (fail_if(c, screen)) break;
            auto r = calls.set_media(me, appointment, audio.value(), video.value(), screen.value(), fx);
            if (fail_if(c, r)) break;
            reply_ok(c, json::object());
            break;
        }
        case RequestType::call_signal: {
            auto to = protocol::require_int(d, "to_user_id");
            if (fail_if(c, to)) break;
            auto kind = protocol::require_string(d, "kind");
            if (fail_if(c, kind)) break;
            if (!is_signal_kind(kind.value())) {
                reply_error(c, Error::of(ErrorCode::invalid_field, "\"kind\" is offer, answer, candidate or restart.", "kind"));
                break;
            }
            auto data = d.find("data");
            if (data == d.end() || !data->is_object()) {
                reply_error(c, Error::of(ErrorCode::invalid_field, "\"data\" must be an object.", "data"));
                break;
            }
            auto r = calls.check_signal(me, appointment, to.value());
            if (fail_if(c, r)) break;
            c.outcome.deliveries.push_back({Audience{Audience::Kind::user, to.value()},
                                            {protocol::events::kCallSignal,
                                             {{"appointment_id", appointment}, {"from_user_id", me}, {"kind", kind.value()}, {"data", *data}}}});
            reply_ok(c, json::object());
            break;
        }
        case RequestType::call_chat: {
            auto text = protocol::require_string(d, "text");
            if (fail_if(c, text)) break;
            auto posted = calls.chat(me, appointment, text.value());
            if (fail_if(c, posted)) break;
            const json message = wire::call_message(posted->message, posted->display_name);
            for (UserId u : posted->recipients)
                c.outcome.deliveries.push_back({Audience{Audience::Kind::user, u},
                                                {protocol::events::kCallChat, {{"appointment_id", appointment}, {"message", message}}}});
            reply_ok(c, {{"message", message}});
            break;
        }
        case RequestType::call_messages: {
            auto list = calls.messages(me, appointment);
            if (fail_if(c, list)) break;
            json out = json::array();
            for (const ChatEntry& e : list.value()) out.push_back(wire::call_message(e.message, e.display_name));
            reply_ok(c, {{"messages", out}});
            break;
        }
        case RequestType::call_recording: {
            auto name = protocol::require_string(d, "action");
            if (fail_if(c, name)) break;
            auto action = recording_action_from(name.value());
            if (fail_if(c, action)) break;
            auto r = calls.recording(me, appointment, action.value(), fx);
            if (fail_if(c, r)) break;
            reply_ok(c, json::object());
            break;
        }
        case RequestType::call_end: {
            auto r = calls.end(me, appointment, fx);
            if (fail_if(c, r)) break;
            forget_link(c.connection, appointment);
            reply_ok(c, json::object());
            break;
        }
        case RequestType::call_log: {
            auto log = calls.log(me, appointment);
            if (fail_if(c, log)) break;
            reply_ok(c, wire::call_log(log.value()));
            break;
        }
        default: break;
    }
    deliver_call_effects(clinic, fx, c.outcome.deliveries);
    return true;
}

}  // namespace core::api_detail
