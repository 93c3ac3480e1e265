// Video consultations: one call room per appointment, its doctor as host, its patient (and up to two
// invited guests, core/invitations) admitted from a waiting room. Rooms live in memory (the media
// flows browser to browser; the server only relays signaling between admitted members); what must
// outlive a room is stored: each stretch of time a person spent in the call (the call log) and the
// in-call chat.
//
// Authorization first, always: someone who is not the appointment's patient or doctor (or one of its
// guests) gets not_found and learns nothing about the call; the right person outside the join window,
// or for a visit that is not confirmed, gets call_not_open with the reason, and no member information.
//
// One operation, one transaction: a join reads the visit, starts it (the doctor) and records the
// stretch in one transaction; the room changes in memory only after it committed (a retried
// transaction leaves the room as it was). Events (call.state to every member, call.waiting to the
// doctor, call.signal, call.chat, notifications) reach `out` after the commit.
//
// Threading: every method may be called from any thread; rooms are guarded by one mutex, held across
// the store transaction of one operation (rooms -> store, never the other way round).
#pragma once
#include <array>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/calls/model.h"
#include "core/clinic/service.h"
#include "core/effects.h"
#include "core/errors.h"
#include "core/limits/token_bucket.h"
#include "core/protocol/protocol.h"
#include "core/store/store.h"

namespace core {

struct CallPolicy {
    Duration reconnect_grace = std::chrono::seconds(45);  // a dropped member keeps their slot this long
    size_t max_chat_chars = 2000;
    int max_history_messages = 500;  // call_messages returns at most the newest this many
    size_t max_in_call = 4;          // doctor + patient + two invited people (a browser mesh; an SFU later)
    // What one member may relay (call_signal), per kind: the largest `data` (its JSON text) and how
    // often. Beyond either, the sender's request is refused (invalid_field / rate_limited) and nothing
    // reaches the other side, so a member cannot fill another's send queue. Worst case for a receiver
    // that stops reading for 3 s: 10 x 32 KiB + 100 x 2 KiB in bursts + 3 s of refill ~ 0.75 MiB, under
    // the server's 1 MiB per-connection queue.
    struct SignalLimit {
        size_t max_bytes = 32 * 1024;
        Rate rate{10, std::chrono::seconds(1)};
    };
    SignalLimit offer_limit{};                                          // offer, answer and restart
    SignalLimit candidate_limit{2 * 1024, {100, std::chrono::milliseconds(50)}};  // ICE candidates
};

struct CallJoined {
    CallRoom room;
    std::uint64_t link = 0;  // names this join; disconnected() with an older link changes nothing
};

struct ChatEntry {
    CallMessage message;
    std::string display_name;
};

// Why the call of a visit in this status (not confirmed or in progress) cannot be joined: call_not_open
// with a sentence a person understands.
Error call_not_open_because(AppointmentStatus status);

class CallService {
public:
    CallService(Store& store, const Clock& clock, ClinicService& clinic, CallPolicy policy = {});

    // The doctor enters in_call at once (and the visit moves to in_progress); the patient and guests
    // wait to be admitted, or return straight to in_call when rejoining from reconnecting.
    Result<CallJoined> join(UserId user, AppointmentId id, Effects& out);
    Result<Done> admit(UserId host, AppointmentId id, UserId who, Effects& out);
    Result<Done> leave(UserId user, AppointmentId id, Effects& out);
    Result<Done> set_media(UserId user, AppointmentId id, bool audio, bool video, bool screen, Effects& out);
    // Passes a signaling message from `from` to `to` (call.signal) when both are in_call in the room.
    Result<Done> relay_signal(UserId from, AppointmentId id, UserId to, SignalKind kind, const protocol::json& data,
                              Effects& out);
    // Stores the message and sends call.chat to the members in the call (the sender's other tabs too).
    Result<ChatEntry> chat(UserId user, AppointmentId id, const std::string& text, Effects& out);
    Result<std::vector<ChatEntry>> messages(UserId viewer, AppointmentId id);
    Result<Done> recording(UserId user, AppointmentId id, RecordingAction action, Effects& out);
    // The host ends the call for everyone and completes the visit (when it has started).
    Result<Done> end(UserId host, AppointmentId id, Effects& out);
    Result<CallLog> log(UserId viewer, AppointmentId id);

    // The connection that joined with `link` is gone: in_call -> reconnecting, waiting -> left. A
    // connection dropped for silence went quiet `unheard_for` earlier: the stretch in the call ends,
    // and the reconnect grace starts, at that moment (never before the member entered).
    void disconnected(UserId user, AppointmentId id, std::uint64_t link, Effects& out, Duration unheard_for = {});
    // Time-driven: reconnecting members past the grace leave; rooms whose members all left, whose
    // visit is over, or whose window closed with nobody in the call end (their log is finalised); a
    // visit in progress with no live room whose window has closed is closed by the system (completed,
    // or no_show when the patient was never in the call), so its escrow is paid out once.
    void sweep(Effects& out);

    std::optional<CallRoom> room(AppointmentId id) const;  // the live room, if any
    // The doctor's live rooms with somebody in the waiting room (for the schedule after a reload).
    std::vector<CallRoom> waiting_rooms(UserId doctor) const;
    // Whether `member` is in the room (waiting, in the call or reconnecting).
    bool present(AppointmentId id, UserId member) const;
    // Runs `first` (the caller's part of the operation, e.g. revoking an invitation) and, when it
    // succeeds, takes `member` out of the room at once (a revoked guest gets call.state with state
    // left), both in one transaction.
    Result<Done> remove(AppointmentId id, UserId member, const std::function<Result<Done>(Transaction&)>& first,
                        Effects& out);

    const CallPolicy& policy() const { return policy_; }
    const ClinicPolicy& clinic_policy() const { return clinic_.policy(); }
    Instant now() const { return clock_.now(); }

private:
    struct Access;
    Result<Access> access(Transaction& tx, UserId user, AppointmentId id);
    Result<Access> access(UserId user, AppointmentId id);  // in a transaction of its own
    Error refusal(UserId user, AppointmentId id);  // not_found for strangers, else "join first"
    size_t in_call_count(const CallRoom& room) const;
    void enter_call(Transaction& tx, CallRoom& room, CallMember& m, Instant now);
    void leave_call(Transaction& tx, CallMember& m, CallMemberState to, Instant now);
    void end_room(Transaction& tx, CallRoom& room, Instant now);
    bool all_left(const CallRoom& room) const;
    void notify_waiting(Transaction& tx, const Appointment& a, const CallMember& m);
    // call.state to every member of the room, and call.waiting to the doctor when its waiting room changed.
    void announce(const CallRoom& room, bool waiting_changed, Effects& out) const;
    // Writes `room` back (or erases it once ended) after its transaction committed.
    void keep(const CallRoom& room);
    struct SweepChange {
        CallRoom room;
        bool waiting_changed = false;
    };
    void close_abandoned_visits(Transaction& tx, const std::vector<SweepChange>& ended_now, Instant now);

    Store& store_;
    const Clock& clock_;
    ClinicService& clinic_;
    CallPolicy policy_;
    mutable std::mutex mutex_;
    std::map<AppointmentId, CallRoom> rooms_;
    std::uint64_t next_link_ = 0;
    // call_signal budgets per (room, sender), one bucket per kind; dropped with the room.
    std::map<std::pair<AppointmentId, UserId>, std::array<TokenBucket, 4>> signal_buckets_;
};

}  // namespace core
