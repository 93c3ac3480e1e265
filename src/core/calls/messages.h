// The call messages (docs/PROTOCOL.md, "Calls"): joining, admission, media flags, signaling relay,
// in-call chat, recording consent, the end and the call log, and the events of a room.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/calls/ice_servers.h"
#include "core/calls/model.h"
#include "core/protocol/protocol.h"

namespace core::msg {

using protocol::Empty;
using protocol::RequestType;

// --- objects ---------------------------------------------------------------------------------------

struct Participant {
    UserId user_id = 0;  // negative for guests
    std::string display_name;
    CallRole role = CallRole::patient;
    CallMemberState state = CallMemberState::waiting;
    bool audio = true, video = true, screen = false;

    static Participant of(const CallMember& m) { return {m.user_id, m.display_name, m.role, m.state, m.audio, m.video, m.screen}; }
    template <typename F>
    void fields(F& f) {
        f("user_id", user_id);
        f("display_name", display_name);
        f("role", role);
        f("state", state);
        f("audio", audio);
        f("video", video);
        f("screen", screen);
    }
};

struct RecordingConsent {
    RecordingState state = RecordingState::off;
    std::vector<UserId> consents;          // ascending
    std::optional<UserId> requested_by;    // while requested or on
    template <typename F>
    void fields(F& f) {
        f("state", state);
        f("consents", consents);
        f.optional("requested_by", requested_by);
    }
};

// A room as its members see it (the data of call.state).
struct CallInfo {
    AppointmentId appointment_id = 0;
    CallStatus status = CallStatus::open;
    std::vector<Participant> participants;  // in order of first joining
    RecordingConsent recording;

    static CallInfo of(const CallRoom& room);
    template <typename F>
    void fields(F& f) {
        f("appointment_id", appointment_id);
        f("status", status);
        f("participants", participants);
        f("recording", recording);
    }
};

struct ChatMessage {
    CallMessageId id = 0;
    UserId user_id = 0;
    std::string display_name;
    std::string text;
    Instant at{};
    template <typename F>
    void fields(F& f) {
        f("id", id);
        f("user_id", user_id);
        f("display_name", display_name);
        f("text", text);
        f("at", at);
    }
};

struct Stretch {
    Instant joined_at{};
    std::optional<Instant> left_at;  // null while still in the call
    template <typename F>
    void fields(F& f) {
        f("joined_at", joined_at);
        f("left_at", left_at);
    }
};

struct CallLogPerson {
    UserId user_id = 0;
    std::string display_name;
    CallRole role = CallRole::patient;
    std::int64_t total_seconds = 0;
    std::vector<Stretch> intervals;  // oldest first
    template <typename F>
    void fields(F& f) {
        f("user_id", user_id);
        f("display_name", display_name);
        f("role", role);
        f("total_seconds", total_seconds);
        f("intervals", intervals);
    }
};

struct CallLogInfo {
    CallStatus status = CallStatus::ended;  // open while a room is live
    std::optional<Instant> started_at;      // the first join, if anyone ever joined
    std::optional<Instant> ended_at;        // the last leave, once no room is live
    std::vector<CallLogPerson> participants;  // doctor first, then patient, then guests

    static CallLogInfo of(const CallLog& log);
    template <typename F>
    void fields(F& f) {
        f("status", status);
        f.optional("started_at", started_at);
        f.optional("ended_at", ended_at);
        f("participants", participants);
    }
};

struct WaitingRoom {
    AppointmentId appointment_id = 0;
    std::vector<Participant> waiting;  // empty once nobody waits or the room ended
    template <typename F>
    void fields(F& f) {
        f("appointment_id", appointment_id);
        f("waiting", waiting);
    }
};

// --- replies ---------------------------------------------------------------------------------------

struct CallJoined {
    CallInfo call;
    UserId you = 0;
    std::vector<IceServer> ice_servers;
    template <typename F>
    void fields(F& f) {
        f("call", call);
        f("you", you);
        f("ice_servers", ice_servers);
    }
};

struct ChatPosted {
    ChatMessage message;
    template <typename F>
    void fields(F& f) {
        f("message", message);
    }
};

struct ChatHistory {
    std::vector<ChatMessage> messages;  // oldest first
    template <typename F>
    void fields(F& f) {
        f("messages", messages);
    }
};

struct WaitingRooms {
    std::vector<WaitingRoom> rooms;
    template <typename F>
    void fields(F& f) {
        f("rooms", rooms);
    }
};

// --- requests --------------------------------------------------------------------------------------

// Every call request names its appointment.
struct CallRequest {
    AppointmentId appointment_id = 0;
    template <typename F>
    void fields(F& f) {
        f("appointment_id", appointment_id);
    }
};

struct JoinCall : CallRequest {
    static constexpr RequestType type = RequestType::call_join;
    using Reply = CallJoined;
};

struct AdmitToCall {
    static constexpr RequestType type = RequestType::call_admit;
    using Reply = Empty;
    AppointmentId appointment_id = 0;
    UserId user_id = 0;
    template <typename F>
    void fields(F& f) {
        f("appointment_id", appointment_id);
        f("user_id", user_id);
    }
};

struct LeaveCall : CallRequest {
    static constexpr RequestType type = RequestType::call_leave;
    using Reply = Empty;
};

struct SetCallMedia {
    static constexpr RequestType type = RequestType::call_media;
    using Reply = Empty;
    AppointmentId appointment_id = 0;
    bool audio = true, video = true, screen = false;
    template <typename F>
    void fields(F& f) {
        f("appointment_id", appointment_id);
        f("audio", audio);
        f("video", video);
        f("screen", screen);
    }
};

struct SendSignal {
    static constexpr RequestType type = RequestType::call_signal;
    using Reply = Empty;
    AppointmentId appointment_id = 0;
    UserId to_user_id = 0;
    SignalKind kind = SignalKind::offer;
    protocol::json data = protocol::json::object();  // passed to the other side as it is
    template <typename F>
    void fields(F& f) {
        f("appointment_id", appointment_id);
        f("to_user_id", to_user_id);
        f("kind", kind, "\"kind\" is offer, answer, candidate or restart.");
        f("data", data);
    }
};

struct SendChat {
    static constexpr RequestType type = RequestType::call_chat;
    using Reply = ChatPosted;
    AppointmentId appointment_id = 0;
    std::string text;
    template <typename F>
    void fields(F& f) {
        f("appointment_id", appointment_id);
        f("text", text);
    }
};

struct ReadChat : CallRequest {
    static constexpr RequestType type = RequestType::call_messages;
    using Reply = ChatHistory;
};

struct ChangeRecording {
    static constexpr RequestType type = RequestType::call_recording;
    using Reply = Empty;
    AppointmentId appointment_id = 0;
    RecordingAction action = RecordingAction::request;
    template <typename F>
    void fields(F& f) {
        f("appointment_id", appointment_id);
        f("action", action, "Choose request, consent, decline or stop.");
    }
};

struct EndCall : CallRequest {
    static constexpr RequestType type = RequestType::call_end;
    using Reply = Empty;
};

struct ReadCallLog : CallRequest {
    static constexpr RequestType type = RequestType::call_log;
    using Reply = CallLogInfo;
};

struct ListWaitingRooms : Empty {
    static constexpr RequestType type = RequestType::call_waiting;
    using Reply = WaitingRooms;
};

// --- events ----------------------------------------------------------------------------------------

// To every member of the room (waiting ones too) on every change.
struct CallStateChanged : CallInfo {
    static constexpr std::string_view name = "call.state";
};

struct SignalRelayed {
    static constexpr std::string_view name = "call.signal";
    AppointmentId appointment_id = 0;
    UserId from_user_id = 0;
    SignalKind kind = SignalKind::offer;
    protocol::json data = protocol::json::object();
    template <typename F>
    void fields(F& f) {
        f("appointment_id", appointment_id);
        f("from_user_id", from_user_id);
        f("kind", kind);
        f("data", data);
    }
};

// To the members in the call (the sender's other tabs too).
struct ChatReceived {
    static constexpr std::string_view name = "call.chat";
    AppointmentId appointment_id = 0;
    ChatMessage message;
    template <typename F>
    void fields(F& f) {
        f("appointment_id", appointment_id);
        f("message", message);
    }
};

// To the appointment's doctor whenever the waiting room of the call changes.
struct WaitingChanged : WaitingRoom {
    static constexpr std::string_view name = "call.waiting";
};

}  // namespace core::msg
