// Video consultations: one call room per appointment, its doctor as host, its patient admitted from a
// waiting room. Rooms live in memory (the media flows browser to browser; the server only relays
// signaling between admitted members); what must outlive a room is stored: each stretch of time a
// person spent in the call (the call log) and the in-call chat.
//
// Authorization first, always: someone who is not the appointment's patient or doctor gets not_found
// and learns nothing about the call; the right person outside the join window, or for a visit that is
// not confirmed, gets call_not_open with the reason, and no member information.
//
// Threading: every method may be called from any thread; rooms are guarded by one mutex, held across
// the store transactions of one operation (rooms -> store, never the other way round).
#pragma once
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/calls/model.h"
#include "core/clinic/clinic_service.h"
#include "core/errors.h"
#include "core/store/store.h"

namespace core {

struct CallPolicy {
    Duration reconnect_grace = std::chrono::seconds(45);  // a dropped member keeps their slot this long
    size_t max_chat_chars = 2000;
    int max_history_messages = 500;  // call_messages returns at most the newest this many
};

// What the people in a call must hear about.
struct CallEffects {
    std::vector<CallRoom> rooms;  // changed rooms (latest snapshot last): every member gets call.state
    ClinicEffects clinic;         // the visit started (doctor joined) or completed (call_end)
};

enum class RecordingAction { request, consent, decline, stop };

struct CallJoined {
    CallRoom room;
    std::uint64_t link = 0;  // names this join; disconnected() with an older link changes nothing
};

struct ChatPosted {
    CallMessage message;
    std::string display_name;
    std::vector<UserId> recipients;  // members in the call (the sender included)
};

struct ChatEntry {
    CallMessage message;
    std::string display_name;
};

class CallService {
public:
    CallService(Store& store, const Clock& clock, ClinicService& clinic, CallPolicy policy = {});

    // The doctor enters in_call at once (and the visit moves to in_progress); the patient waits to be
    // admitted, or returns straight to in_call when rejoining from reconnecting.
    Result<CallJoined> join(UserId user, AppointmentId id, CallEffects& fx);
    Result<Done> admit(UserId host, AppointmentId id, UserId who, CallEffects& fx);
    Result<Done> leave(UserId user, AppointmentId id, CallEffects& fx);
    Result<Done> set_media(UserId user, AppointmentId id, bool audio, bool video, bool screen, CallEffects& fx);
    // Whether a signaling message may pass from `from` to `to`: both in_call in the same room.
    Result<Done> check_signal(UserId from, AppointmentId id, UserId to);
    Result<ChatPosted> chat(UserId user, AppointmentId id, const std::string& text);
    Result<std::vector<ChatEntry>> messages(UserId viewer, AppointmentId id);
    Result<Done> recording(UserId user, AppointmentId id, RecordingAction action, CallEffects& fx);
    // The host ends the call for everyone and completes the visit (when it has started).
    Result<Done> end(UserId host, AppointmentId id, CallEffects& fx);
    Result<CallLog> log(UserId viewer, AppointmentId id);

    // The connection that joined with `link` is gone: in_call -> reconnecting, waiting -> left.
    void disconnected(UserId user, AppointmentId id, std::uint64_t link, CallEffects& fx);
    // Time-driven: reconnecting members past the grace leave; rooms whose members all left, whose
    // visit is over, or whose window closed with nobody in the call end (their log is finalised).
    void sweep(CallEffects& fx);

    std::optional<CallRoom> room(AppointmentId id) const;  // the live room, if any
    const CallPolicy& policy() const { return policy_; }

private:
    struct Access;
    Result<Access> access(UserId user, AppointmentId id);
    Error refusal(UserId user, AppointmentId id);  // not_found for strangers, else "join first"
    void enter_call(CallRoom& room, CallMember& m, Instant now);
    void leave_call(CallMember& m, CallMemberState to, Instant now);
    void end_room(std::map<AppointmentId, CallRoom>::iterator it, Instant now, CallEffects& fx);
    bool all_left(const CallRoom& room) const;

    Store& store_;
    const Clock& clock_;
    ClinicService& clinic_;
    CallPolicy policy_;
    mutable std::mutex mutex_;
    std::map<AppointmentId, CallRoom> rooms_;
    std::uint64_t next_link_ = 0;
};

}  // namespace core
