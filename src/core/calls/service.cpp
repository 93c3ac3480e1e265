#include "core/calls/service.h"

#include <algorithm>

#include "core/accounts/validation.h"
#include "core/calls/messages.h"
#include "core/clinic/standing.h"
#include "core/notifications/service.h"
#include "core/protocol/protocol.h"
#include "core/time/format.h"

namespace core {

using namespace std::chrono;

// --- model -----------------------------------------------------------------------------------------
const CallMember* CallRoom::member(UserId user) const {
    for (const CallMember& m : members)
        if (m.user_id == user) return &m;
    return nullptr;
}
CallMember* CallRoom::member(UserId user) {
    for (CallMember& m : members)
        if (m.user_id == user) return &m;
    return nullptr;
}

bool is_guest_role(CallRole r) { return r == CallRole::colleague || r == CallRole::interpreter || r == CallRole::family; }

std::string role_label(CallRole r) { return r == CallRole::family ? "family member" : std::string(to_string(r)); }

// --- service ---------------------------------------------------------------------------------------
struct CallService::Access {
    Appointment appointment;
    User user;  // a guest: id, display name and time zone from the invitation
    CallRole role;
};

namespace {

Error no_such_appointment() { return Error::of(ErrorCode::not_found, "This appointment does not exist."); }
Error join_first() { return Error::of(ErrorCode::forbidden, "Join the call first."); }
Error invite_withdrawn() { return Error::of(ErrorCode::invite_invalid, "The doctor withdrew this invitation."); }
Error guests_see_no_records() {
    return Error::of(ErrorCode::forbidden, "Only the patient and the doctor can read the records of this visit.");
}

bool is_open_status(AppointmentStatus s) { return s == AppointmentStatus::confirmed || s == AppointmentStatus::in_progress; }
bool in_call(const CallMember* m) { return m && m->state == CallMemberState::in_call; }
bool is_present(const CallMember* m) { return m && m->state != CallMemberState::left; }

std::string amount(Duration d) {
    const auto m = duration_cast<minutes>(d).count();
    if (m >= 60 && m % 60 == 0) return std::to_string(m / 60) + (m == 60 ? " hour" : " hours");
    return std::to_string(m) + (m == 1 ? " minute" : " minutes");
}

// The name shown for a chat author: an account's display name, or the name a guest gave.
std::string name_of(Transaction& tx, UserId id) {
    if (is_guest(id)) {
        auto inv = tx.invitations().find_call_invite(invite_of_guest(id));
        return inv ? inv->guest_name : std::string();
    }
    auto u = tx.accounts().find_user(id);
    return u ? u->display_name : std::string();
}

// One person's line in the call log: every stretch they were in the call, and the total.
CallLogEntry log_entry(UserId who, std::string name, CallRole role, const std::vector<CallParticipation>& stretches, Instant now) {
    CallLogEntry e{who, std::move(name), role, 0, {}};
    Duration total{};
    for (const CallParticipation& p : stretches) {
        if (p.user_id != who) continue;
        e.intervals.push_back(p);
        total += p.left_at.value_or(std::max(now, p.joined_at)) - p.joined_at;
    }
    e.total_seconds = duration_cast<seconds>(total).count();
    return e;
}

}  // namespace

// Why the call of a visit that is not confirmed or in progress cannot be joined.
Error call_not_open_because(AppointmentStatus s) {
    std::string why;
    switch (s) {
        case AppointmentStatus::requested: why = "The doctor has not confirmed this visit yet, so its video call is not open."; break;
        case AppointmentStatus::declined: why = "This visit was declined, so it has no video call."; break;
        case AppointmentStatus::expired: why = "This request expired before the doctor answered, so it has no video call."; break;
        case AppointmentStatus::cancelled: why = "This visit was cancelled, so its video call is closed."; break;
        case AppointmentStatus::completed: why = "This visit is completed, so its video call is closed."; break;
        case AppointmentStatus::no_show: why = "This visit was marked as missed, so its video call is closed."; break;
        default: why = "The video call of this visit is not open."; break;
    }
    return Error::of(ErrorCode::call_not_open, why);
}

CallService::CallService(Store& store, const Clock& clock, ClinicService& clinic, CallPolicy policy)
    : store_(store), clock_(clock), clinic_(clinic), policy_(policy) {}

Result<CallService::Access> CallService::access(Transaction& tx, UserId user, AppointmentId id) {
    if (is_guest(user)) {
        auto inv = tx.invitations().find_call_invite(invite_of_guest(user));
        if (!inv || inv->appointment_id != id || !inv->claimed_at) return no_such_appointment();
        if (inv->revoked_at) return invite_withdrawn();
        auto a = tx.clinic().find_appointment(id);
        if (!a) return no_such_appointment();
        User u;
        u.id = user;
        u.display_name = inv->guest_name;
        u.time_zone = inv->guest_time_zone.empty() ? "UTC" : inv->guest_time_zone;
        return Access{*a, u, inv->role};
    }
    auto a = tx.clinic().find_appointment(id);
    if (!a || (a->patient_id != user && a->doctor_id != user)) return no_such_appointment();
    auto u = tx.accounts().find_user(user);
    if (!u) return no_such_appointment();
    if (a->doctor_id == user)
        if (auto suspended = suspended_doctor(tx, user)) return *suspended;
    return Access{*a, *u, a->doctor_id == user ? CallRole::doctor : CallRole::patient};
}

Result<CallService::Access> CallService::access(UserId user, AppointmentId id) {
    return store_.transact([&](Transaction& tx) { return access(tx, user, id); }).value;
}

Error CallService::refusal(UserId user, AppointmentId id) {
    auto a = access(user, id);
    return a ? join_first() : a.error();
}

bool CallService::all_left(const CallRoom& room) const {
    return std::all_of(room.members.begin(), room.members.end(),
                       [](const CallMember& m) { return m.state == CallMemberState::left; });
}

size_t CallService::in_call_count(const CallRoom& room) const {
    // A reconnecting member keeps their place: they come back without a second admission.
    return size_t(std::count_if(room.members.begin(), room.members.end(), [](const CallMember& m) {
        return m.state == CallMemberState::in_call || m.state == CallMemberState::reconnecting;
    }));
}

void CallService::enter_call(Transaction& tx, CallRoom& room, CallMember& m, Instant now) {
    m.participation = tx.calls().insert_call_participation({0, room.appointment_id, m.user_id, now, std::nullopt});
    m.state = CallMemberState::in_call;
    m.since = now;
    // Someone in the call who has not consented to the recording: it stops until asked again.
    if (room.recording.state != RecordingState::off && !room.recording.consents.count(m.user_id)) room.recording = {};
}

void CallService::leave_call(Transaction& tx, CallMember& m, CallMemberState to, Instant now) {
    if (m.participation) tx.calls().end_call_participation(*m.participation, now);
    m.participation.reset();
    m.state = to;
    m.since = now;
}

void CallService::end_room(Transaction& tx, CallRoom& room, Instant now) {
    for (CallMember& m : room.members) leave_call(tx, m, CallMemberState::left, now);
    room.status = CallStatus::ended;
    room.ended_at = now;
    room.recording = {};
}

void CallService::keep(const CallRoom& room) {
    if (room.status == CallStatus::ended) {
        rooms_.erase(room.appointment_id);
        std::erase_if(signal_buckets_, [&](const auto& kv) { return kv.first.first == room.appointment_id; });
    } else {
        rooms_[room.appointment_id] = room;
    }
}

void CallService::announce(const CallRoom& room, bool waiting_changed, Effects& out) const {
    const msg::CallStateChanged state{msg::CallInfo::of(room)};
    for (const CallMember& m : room.members) out.to_user(m.user_id, state);
    // The doctor's schedule shows "Patient waiting" even away from the call screen.
    if (!waiting_changed) return;
    msg::WaitingChanged waiting{{room.appointment_id, {}}};
    if (room.status == CallStatus::open)
        for (const CallMember& m : room.members)
            if (m.state == CallMemberState::waiting) waiting.waiting.push_back(msg::Participant::of(m));
    out.to_user(room.doctor_id, waiting);
}

// The doctor hears about someone in the waiting room even away from the call screen: a stored
// notification (notification.created live, and in the list after a reload).
void CallService::notify_waiting(Transaction& tx, const Appointment& a, const CallMember& m) {
    auto doctor = tx.accounts().find_user(a.doctor_id);
    if (!doctor) return;
    const bool patient = m.role == CallRole::patient;
    notify(tx, clock_.now(), a.doctor_id, "call.waiting", patient ? "Patient waiting" : "Guest waiting",
           m.display_name + (patient ? "" : " (" + role_label(m.role) + ")") +
               " is in the waiting room of the video visit at " + format_with_zone(a.starts_at, doctor->time_zone) + ".",
           a.id);
}

Result<CallJoined> CallService::join(UserId user, AppointmentId id, Effects& out) {
    std::lock_guard lock(mutex_);
    const Instant now = clock_.now();
    bool waiting_changed = false;
    auto done = store_.transact([&](Transaction& tx) -> Result<CallJoined> {
        waiting_changed = false;
        auto acc = access(tx, user, id);
        if (!acc) return acc.error();
        const Appointment& a = acc->appointment;
        auto it = rooms_.find(id);
        const CallMember* existing = it == rooms_.end() ? nullptr : it->second.member(user);
        if (!is_open_status(a.status)) return call_not_open_because(a.status);
        // Someone already in the room (waiting, in the call, reconnecting) may come back whatever the
        // time; everybody else only inside the join window.
        const JoinPolicy& join = clinic_.policy().join;
        if (!is_present(existing) && !can_join(a, join, now)) {
            const JoinWindow w = join_window(a, join);
            const std::string& zone = acc->user.time_zone;
            if (now < w.opens_at)
                return Error::of(ErrorCode::call_not_open, "The video call opens at " + format_with_zone(w.opens_at, zone) + " (" +
                                                               amount(join.opens_before) + " before the start).");
            return Error::of(ErrorCode::call_not_open, "The video call of this visit closed at " + format_with_zone(w.closes_at, zone) +
                                                           " (" + amount(join.closes_after) + " after the start).");
        }
        if (acc->role == CallRole::doctor && a.status == AppointmentStatus::confirmed)
            (void)clinic_.act_in(tx, user, id, AppointmentAction::start, "");  // refused only if it changed meanwhile

        CallRoom room;
        if (it != rooms_.end()) {
            room = it->second;
        } else {
            room.appointment_id = id;
            room.doctor_id = a.doctor_id;
            room.patient_id = a.patient_id;
            room.opened_at = now;
            // Stretches a previous server process never ended (it stopped mid-call): their end is unknown.
            for (const CallParticipation& p : tx.calls().call_participations(id))
                if (!p.left_at) tx.calls().end_call_participation(p.id, p.joined_at);
        }
        CallMember* m = room.member(user);
        if (!m) {
            CallMember fresh;
            fresh.user_id = user;
            fresh.display_name = acc->user.display_name;
            fresh.role = acc->role;
            fresh.state = CallMemberState::left;
            room.members.push_back(fresh);
            m = &room.members.back();
        }
        switch (m->state) {
            case CallMemberState::in_call:
            case CallMemberState::waiting: break;  // a second join (reload, another tab): same place
            case CallMemberState::reconnecting: enter_call(tx, room, *m, now); break;  // no second admission
            case CallMemberState::left:
                if (m->role == CallRole::doctor) {
                    enter_call(tx, room, *m, now);
                } else {
                    m->state = CallMemberState::waiting;
                    m->since = now;
                    notify_waiting(tx, a, *m);
                    waiting_changed = true;
                }
                break;
        }
        m->link = next_link_ + 1;
        return CallJoined{room, m->link};
    });
    if (!done.value) return done.value;
    next_link_ = done.value->link;
    keep(done.value->room);
    announce(done.value->room, waiting_changed, out);
    out.append(std::move(done.effects));
    return done.value;
}

Result<Done> CallService::admit(UserId host, AppointmentId id, UserId who, Effects& out) {
    std::lock_guard lock(mutex_);
    auto it = rooms_.find(id);
    const CallMember* h = it == rooms_.end() ? nullptr : it->second.member(host);
    if (!in_call(h)) return refusal(host, id);
    if (h->role != CallRole::doctor) return Error::of(ErrorCode::forbidden, "Only the doctor can let people into the call.");
    const CallMember* m = it->second.member(who);
    if (in_call(m)) return Done{};
    if (!m || m->state != CallMemberState::waiting)
        return Error::of(ErrorCode::invalid_field, "This person is not waiting to join the call.", "user_id");
    if (in_call_count(it->second) >= policy_.max_in_call)
        return Error::of(ErrorCode::call_full, "The call is full: at most " + std::to_string(policy_.max_in_call) +
                                                   " people can be in it. Someone has to leave before " + m->display_name + " can join.");
    // Every attempt starts from the live room: a retried transaction redoes all of it.
    const CallRoom room = store_.transact(
        [&](Transaction& tx) {
            CallRoom r = it->second;
            enter_call(tx, r, *r.member(who), clock_.now());
            return r;
        },
        out);
    keep(room);
    announce(room, /*waiting_changed=*/true, out);
    return Done{};
}

Result<Done> CallService::leave(UserId user, AppointmentId id, Effects& out) {
    std::lock_guard lock(mutex_);
    auto it = rooms_.find(id);
    const CallMember* m = it == rooms_.end() ? nullptr : it->second.member(user);
    if (!is_present(m)) {
        auto acc = access(user, id);
        if (!acc) return acc.error();
        return Done{};  // not in the call: nothing to leave
    }
    const bool was_waiting = m->state == CallMemberState::waiting;
    const CallRoom room = store_.transact(
        [&](Transaction& tx) {
            CallRoom r = it->second;  // each attempt from the live room (a retry ends the stretch again)
            const Instant now = clock_.now();
            leave_call(tx, *r.member(user), CallMemberState::left, now);
            if (all_left(r)) end_room(tx, r, now);
            return r;
        },
        out);
    keep(room);
    announce(room, was_waiting, out);
    return Done{};
}

Result<Done> CallService::set_media(UserId user, AppointmentId id, bool audio, bool video, bool screen, Effects& out) {
    std::lock_guard lock(mutex_);
    auto it = rooms_.find(id);
    CallMember* m = it == rooms_.end() ? nullptr : it->second.member(user);
    if (!is_present(m)) return refusal(user, id);
    if (m->audio == audio && m->video == video && m->screen == screen) return Done{};
    m->audio = audio;
    m->video = video;
    m->screen = screen;
    announce(it->second, false, out);
    return Done{};
}

Result<Done> CallService::relay_signal(UserId from, AppointmentId id, UserId to, SignalKind kind, const protocol::json& data,
                                       Effects& out) {
    std::lock_guard lock(mutex_);
    auto it = rooms_.find(id);
    if (it != rooms_.end() && from != to && in_call(it->second.member(from)) && in_call(it->second.member(to))) {
        // The sender bears its own excess: refused here, before anything is queued for the receiver.
        const CallPolicy::SignalLimit& limit = kind == SignalKind::candidate ? policy_.candidate_limit : policy_.offer_limit;
        const size_t bytes = data.dump(-1, ' ', false, protocol::json::error_handler_t::replace).size();
        if (bytes > limit.max_bytes)
            return Error::of(ErrorCode::invalid_field,
                             "A " + std::string(to_string(kind)) + " signal holds at most " + std::to_string(limit.max_bytes / 1024) +
                                 " KiB (this one has " + std::to_string(bytes) + " bytes).",
                             "data");
        const Instant now = clock_.now();
        auto [b, fresh] = signal_buckets_.try_emplace({id, from});
        if (fresh)
            for (size_t k = 0; k < b->second.size(); ++k)
                b->second[k] = TokenBucket(k == size_t(SignalKind::candidate) ? policy_.candidate_limit.rate : policy_.offer_limit.rate, now);
        if (auto wait = b->second[size_t(kind)].take(now)) {
            Error e = Error::of(ErrorCode::rate_limited, "Too many " + std::string(to_string(kind)) +
                                                             " signals at once. Wait a moment before sending more.");
            e.retry_after_s = retry_after_seconds(*wait);
            return e;
        }
        out.to_user(to, msg::SignalRelayed{id, from, kind, data});
        return Done{};
    }
    auto acc = access(from, id);
    if (!acc) return acc.error();
    return Error::of(ErrorCode::forbidden, "Signaling goes only between people who are in the call together.");
}

Result<ChatEntry> CallService::chat(UserId user, AppointmentId id, const std::string& text, Effects& out) {
    std::lock_guard lock(mutex_);
    auto it = rooms_.find(id);
    const CallMember* m = it == rooms_.end() ? nullptr : it->second.member(user);
    if (!in_call(m)) {
        auto acc = access(user, id);
        if (!acc) return acc.error();
        if (m && m->state == CallMemberState::waiting) return Error::of(ErrorCode::forbidden, "You can write once the doctor has let you in.");
        return join_first();
    }
    if (!protocol::is_valid_utf8(text)) return Error::of(ErrorCode::invalid_field, "The message contains invalid characters.", "text");
    if (trim(text).empty()) return Error::of(ErrorCode::invalid_field, "Write a message first.", "text");
    if (utf8_length(text) > policy_.max_chat_chars)
        return Error::of(ErrorCode::invalid_field,
                         "The message is too long (at most " + std::to_string(policy_.max_chat_chars) + " characters).", "text");
    ChatEntry entry{{0, id, user, text, clock_.now()}, m->display_name};
    entry.message.id = store_.transact([&](Transaction& tx) { return tx.calls().insert_call_message(entry.message); }).value;
    const msg::ChatReceived event{id, {entry.message.id, user, entry.display_name, text, entry.message.at}};
    for (const CallMember& x : it->second.members)
        if (x.state == CallMemberState::in_call || x.state == CallMemberState::reconnecting) out.to_user(x.user_id, event);
    return entry;
}

Result<std::vector<ChatEntry>> CallService::messages(UserId viewer, AppointmentId id) {
    return store_.transact([&](Transaction& tx) -> Result<std::vector<ChatEntry>> {
                     auto acc = access(tx, viewer, id);
                     if (!acc) return acc.error();
                     if (is_guest(viewer)) return guests_see_no_records();
                     std::vector<ChatEntry> list;
                     std::map<UserId, std::string> names;
                     for (CallMessage& m : tx.calls().call_messages(id, policy_.max_history_messages)) {
                         auto name = names.find(m.user_id);
                         if (name == names.end()) name = names.emplace(m.user_id, name_of(tx, m.user_id)).first;
                         list.push_back({std::move(m), name->second});
                     }
                     return list;
                 })
        .value;
}

Result<Done> CallService::recording(UserId user, AppointmentId id, RecordingAction action, Effects& out) {
    std::lock_guard lock(mutex_);
    auto it = rooms_.find(id);
    const CallMember* m = it == rooms_.end() ? nullptr : it->second.member(user);
    if (!in_call(m)) return refusal(user, id);
    CallRoom& room = it->second;
    Recording& r = room.recording;
    const Recording before = r;
    switch (action) {
        case RecordingAction::request:
            if (m->role != CallRole::doctor) return Error::of(ErrorCode::forbidden, "Only the doctor can ask to record the call.");
            if (r.state == RecordingState::off) r = {RecordingState::requested, {user}, user};  // asking is consenting
            break;
        case RecordingAction::consent:
            if (r.state == RecordingState::off) return Error::of(ErrorCode::invalid_transition, "Nobody has asked to record this call.");
            r.consents.insert(user);
            break;
        case RecordingAction::decline:
        case RecordingAction::stop: r = {}; break;
    }
    if (r.state == RecordingState::requested &&
        std::all_of(room.members.begin(), room.members.end(), [&](const CallMember& x) {
            return x.state != CallMemberState::in_call || r.consents.count(x.user_id);
        }))
        r.state = RecordingState::on;
    if (r.state != before.state || r.consents != before.consents) announce(room, false, out);
    return Done{};
}

Result<Done> CallService::end(UserId host, AppointmentId id, Effects& out) {
    std::lock_guard lock(mutex_);
    std::optional<CallRoom> ended;
    bool someone_waited = false;
    auto done = store_.transact([&](Transaction& tx) -> Result<Done> {
        ended.reset();
        auto acc = access(tx, host, id);
        if (!acc) return acc.error();
        if (acc->role != CallRole::doctor) return Error::of(ErrorCode::forbidden, "Only the doctor can end the call for everyone.");
        if (auto it = rooms_.find(id); it != rooms_.end()) {
            ended = it->second;
            someone_waited = std::any_of(ended->members.begin(), ended->members.end(),
                                         [](const CallMember& m) { return m.state == CallMemberState::waiting; });
            end_room(tx, *ended, clock_.now());
        }
        // Completing is refused before the start (or once the visit is closed): then the call just ends.
        (void)clinic_.act_in(tx, host, id, AppointmentAction::complete, "");
        return Done{};
    });
    if (ended) {
        keep(*ended);
        announce(*ended, someone_waited, out);
    }
    out.append(std::move(done.effects));
    return done.value;
}

Result<CallLog> CallService::log(UserId viewer, AppointmentId id) {
    bool live = false;
    {
        std::lock_guard lock(mutex_);
        live = rooms_.count(id) > 0;
    }
    const Instant now = clock_.now();
    return store_.transact([&](Transaction& tx) -> Result<CallLog> {
                     auto acc = access(tx, viewer, id);
                     if (!acc) return acc.error();
                     if (is_guest(viewer)) return guests_see_no_records();
                     const Appointment& a = acc->appointment;
                     const std::vector<CallParticipation> stretches = tx.calls().call_participations(id);
                     CallLog out;
                     out.status = live ? CallStatus::open : CallStatus::ended;
                     for (UserId u : {a.doctor_id, a.patient_id}) {
                         auto user = tx.accounts().find_user(u);
                         CallLogEntry e = log_entry(u, user ? user->display_name : std::string(),
                                                    u == a.doctor_id ? CallRole::doctor : CallRole::patient, stretches, now);
                         if (!e.intervals.empty()) out.participants.push_back(std::move(e));
                     }
                     // Guests after the doctor and the patient, in the order they first joined.
                     std::vector<UserId> guests;
                     for (const CallParticipation& p : stretches)
                         if (is_guest(p.user_id) && std::find(guests.begin(), guests.end(), p.user_id) == guests.end())
                             guests.push_back(p.user_id);
                     for (UserId g : guests) {
                         auto inv = tx.invitations().find_call_invite(invite_of_guest(g));
                         out.participants.push_back(log_entry(g, inv ? inv->guest_name : std::string(),
                                                              inv ? inv->role : CallRole::colleague, stretches, now));
                     }
                     for (const CallParticipation& p : stretches) {
                         if (!out.started_at || p.joined_at < *out.started_at) out.started_at = p.joined_at;
                         if (out.status == CallStatus::ended && p.left_at && (!out.ended_at || *p.left_at > *out.ended_at))
                             out.ended_at = p.left_at;
                     }
                     return out;
                 })
        .value;
}

void CallService::disconnected(UserId user, AppointmentId id, std::uint64_t link, Effects& out, Duration unheard_for) {
    std::lock_guard lock(mutex_);
    auto it = rooms_.find(id);
    const CallMember* m = it == rooms_.end() ? nullptr : it->second.member(user);
    if (!m || m->link != link) return;  // left already, or joined again over another connection
    if (m->state != CallMemberState::in_call && m->state != CallMemberState::waiting) return;
    const bool was_waiting = m->state == CallMemberState::waiting;
    const CallRoom room = store_.transact(
        [&](Transaction& tx) {
            CallRoom r = it->second;  // each attempt from the live room (a retry ends the stretch again)
            const Instant now = clock_.now();
            CallMember& gone = *r.member(user);
            const Instant last_heard = std::max(gone.since, now - unheard_for);
            leave_call(tx, gone, was_waiting ? CallMemberState::left : CallMemberState::reconnecting, last_heard);
            if (all_left(r)) end_room(tx, r, now);
            return r;
        },
        out);
    keep(room);
    announce(room, was_waiting, out);
}

// A visit the doctor started whose call ended without anyone closing it (both dropped, or the patient
// left and the doctor vanished) would keep the patient's credits in escrow for ever: once its join
// window has closed it is closed here, and the doctor paid once. A room still live (somebody in the
// call after the window) keeps it open until the room ends.
void CallService::close_abandoned_visits(Transaction& tx, const std::vector<SweepChange>& ended_now, Instant now) {
    const Duration after = clinic_.policy().join.closes_after;
    for (const Appointment& a : tx.clinic().appointments_starting(now - days(30), now - after + milliseconds(1),
                                                                  {AppointmentStatus::in_progress})) {
        const auto live = rooms_.find(a.id);
        const bool ending = std::any_of(ended_now.begin(), ended_now.end(), [&](const SweepChange& c) {
            return c.room.appointment_id == a.id && c.room.status == CallStatus::ended;
        });
        if (live != rooms_.end() && !ending) continue;
        const auto stretches = tx.calls().call_participations(a.id);
        const bool attended = std::any_of(stretches.begin(), stretches.end(),
                                          [&](const CallParticipation& p) { return p.user_id == a.patient_id; });
        (void)clinic_.close_abandoned_in(tx, a, attended);  // refused only when the window is still open
    }
}

void CallService::sweep(Effects& out) {
    std::lock_guard lock(mutex_);
    const Instant now = clock_.now();
    auto done = store_.transact([&](Transaction& tx) {
        std::vector<SweepChange> changes;
        for (const auto& [id, live] : rooms_) {
            CallRoom room = live;
            bool changed = false;
            for (CallMember& m : room.members)
                if (m.state == CallMemberState::reconnecting && now - m.since >= policy_.reconnect_grace) {
                    leave_call(tx, m, CallMemberState::left, now);
                    changed = true;
                }
            const auto a = tx.clinic().find_appointment(id);
            const bool nobody_in_call = std::none_of(room.members.begin(), room.members.end(), [](const CallMember& m) {
                return m.state == CallMemberState::in_call || m.state == CallMemberState::reconnecting;
            });
            const bool over = !a || !is_open_status(a->status) ||
                              (nobody_in_call && now >= join_window(*a, clinic_.policy().join).closes_at);
            if (over || all_left(room)) {
                const bool someone_waited = std::any_of(room.members.begin(), room.members.end(),
                                                        [](const CallMember& m) { return m.state == CallMemberState::waiting; });
                end_room(tx, room, now);
                changes.push_back({room, someone_waited});
            } else if (changed) {
                changes.push_back({room, false});
            }
        }
        close_abandoned_visits(tx, changes, now);
        return changes;
    });
    for (const SweepChange& c : done.value) {
        keep(c.room);
        announce(c.room, c.waiting_changed, out);
    }
    out.append(std::move(done.effects));
}

std::vector<CallRoom> CallService::waiting_rooms(UserId doctor) const {
    std::lock_guard lock(mutex_);
    std::vector<CallRoom> out;
    for (const auto& [id, room] : rooms_)
        if (room.doctor_id == doctor &&
            std::any_of(room.members.begin(), room.members.end(), [](const CallMember& m) { return m.state == CallMemberState::waiting; }))
            out.push_back(room);
    return out;
}

std::optional<CallRoom> CallService::room(AppointmentId id) const {
    std::lock_guard lock(mutex_);
    auto it = rooms_.find(id);
    if (it == rooms_.end()) return std::nullopt;
    return it->second;
}

bool CallService::present(AppointmentId id, UserId member) const {
    std::lock_guard lock(mutex_);
    auto it = rooms_.find(id);
    return it != rooms_.end() && is_present(it->second.member(member));
}

Result<Done> CallService::remove(AppointmentId id, UserId member, const std::function<Result<Done>(Transaction&)>& first,
                                 Effects& out) {
    std::lock_guard lock(mutex_);  // rooms before the store, as everywhere
    std::optional<CallRoom> changed;
    bool was_waiting = false;
    auto done = store_.transact([&](Transaction& tx) -> Result<Done> {
        changed.reset();
        auto r = first(tx);
        if (!r) return r;
        auto it = rooms_.find(id);
        const CallMember* m = it == rooms_.end() ? nullptr : it->second.member(member);
        if (!is_present(m)) return r;
        was_waiting = m->state == CallMemberState::waiting;
        CallRoom room = it->second;  // each attempt from the live room (a retry ends the stretch again)
        const Instant now = clock_.now();
        leave_call(tx, *room.member(member), CallMemberState::left, now);
        if (all_left(room)) end_room(tx, room, now);
        changed = std::move(room);
        return r;
    });
    if (changed) {
        keep(*changed);
        announce(*changed, was_waiting, out);
    }
    out.append(std::move(done.effects));
    return done.value;
}

}  // namespace core
