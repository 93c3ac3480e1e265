#include "core/calls/call_service.h"

#include <algorithm>

#include "core/accounts/validation.h"
#include "core/crypto/random.h"
#include "core/crypto/sha256.h"
#include "core/protocol/protocol.h"
#include "core/time/format.h"

namespace core {

using namespace std::chrono;

// --- model -----------------------------------------------------------------------------------------
std::string_view to_string(CallRole r) {
    switch (r) {
        case CallRole::doctor: return "doctor";
        case CallRole::patient: return "patient";
        case CallRole::colleague: return "colleague";
        case CallRole::interpreter: return "interpreter";
        case CallRole::family: return "family";
    }
    return "patient";
}
std::optional<CallRole> guest_role_from_string(std::string_view s) {
    if (s == "colleague") return CallRole::colleague;
    if (s == "interpreter") return CallRole::interpreter;
    if (s == "family") return CallRole::family;
    return std::nullopt;
}
std::string_view to_string(CallMemberState s) {
    switch (s) {
        case CallMemberState::waiting: return "waiting";
        case CallMemberState::in_call: return "in_call";
        case CallMemberState::reconnecting: return "reconnecting";
        case CallMemberState::left: return "left";
    }
    return "left";
}
std::string_view to_string(CallStatus s) { return s == CallStatus::open ? "open" : "ended"; }
std::string_view to_string(RecordingState s) {
    switch (s) {
        case RecordingState::off: return "off";
        case RecordingState::requested: return "requested";
        case RecordingState::on: return "on";
    }
    return "off";
}

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

// --- service ---------------------------------------------------------------------------------------
struct CallService::Access {
    Appointment appointment;
    User user;
    CallRole role;
};

namespace {

Error no_such_appointment() { return Error::of(ErrorCode::not_found, "This appointment does not exist."); }
Error join_first() { return Error::of(ErrorCode::forbidden, "Join the call first."); }

bool is_open_status(AppointmentStatus s) { return s == AppointmentStatus::confirmed || s == AppointmentStatus::in_progress; }

std::string amount(Duration d) {
    const auto m = duration_cast<minutes>(d).count();
    if (m >= 60 && m % 60 == 0) return std::to_string(m / 60) + (m == 60 ? " hour" : " hours");
    return std::to_string(m) + (m == 1 ? " minute" : " minutes");
}

// Why the call of a visit that is not confirmed or in progress cannot be joined.
Error not_open_because(AppointmentStatus s) {
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

bool in_call(const CallMember* m) { return m && m->state == CallMemberState::in_call; }
bool present(const CallMember* m) { return m && m->state != CallMemberState::left; }

Error guests_see_no_records() {
    return Error::of(ErrorCode::forbidden, "Only the patient and the doctor can read the records of this visit.");
}

// The name shown for a chat author: an account's display name, or the name a guest gave.
std::string name_of(Repository& repo, UserId id) {
    if (is_guest(id)) {
        auto inv = repo.find_call_invite(invite_of_guest(id));
        return inv ? inv->guest_name : std::string();
    }
    auto u = repo.find_user(id);
    return u ? u->display_name : std::string();
}

// Guests in the call log: after the doctor and the patient, in the order they first joined.
void append_guests_to_log(const std::vector<CallParticipation>& stretches, const std::map<UserId, CallInvite>& guests,
                          Instant now, CallLog& out) {
    std::vector<UserId> order;
    for (const CallParticipation& p : stretches)
        if (is_guest(p.user_id) && std::find(order.begin(), order.end(), p.user_id) == order.end()) order.push_back(p.user_id);
    for (UserId g : order) {
        CallLogEntry e;
        e.user_id = g;
        auto inv = guests.find(g);
        if (inv != guests.end()) {
            e.display_name = inv->second.guest_name;
            e.role = inv->second.role;
        }
        Duration total{};
        for (const CallParticipation& p : stretches) {
            if (p.user_id != g) continue;
            e.intervals.push_back(p);
            total += p.left_at.value_or(std::max(now, p.joined_at)) - p.joined_at;
        }
        e.total_seconds = duration_cast<seconds>(total).count();
        out.participants.push_back(std::move(e));
    }
}

std::string role_label(CallRole r) {
    switch (r) {
        case CallRole::colleague: return "colleague";
        case CallRole::interpreter: return "interpreter";
        case CallRole::family: return "family member";
        default: return std::string(to_string(r));
    }
}

Error invite_not_valid() {
    return Error::of(ErrorCode::invite_invalid,
                     "This invitation link is not valid. Check that you opened the whole link, or ask the doctor for a new one.");
}
Error invite_withdrawn() { return Error::of(ErrorCode::invite_invalid, "The doctor withdrew this invitation."); }
Error invite_expired() {
    return Error::of(ErrorCode::invite_invalid, "This invitation has expired: the video call of this visit is closed.");
}
Error only_the_doctor_invites() { return Error::of(ErrorCode::forbidden, "Only the doctor can invite people to the call."); }

}  // namespace

CallService::CallService(Store& store, const Clock& clock, ClinicService& clinic, CallPolicy policy)
    : store_(store), clock_(clock), clinic_(clinic), policy_(policy) {}

Result<CallService::Access> CallService::access(UserId user, AppointmentId id) {
    if (is_guest(user)) return guest_access(user, id);
    std::optional<Access> out;
    store_.transact([&](Repository& repo) {
        auto a = repo.find_appointment(id);
        if (!a || (a->patient_id != user && a->doctor_id != user)) return;
        auto u = repo.find_user(user);
        if (!u) return;
        out = Access{*a, *u, a->doctor_id == user ? CallRole::doctor : CallRole::patient};
    });
    if (!out) return no_such_appointment();
    return std::move(*out);
}

Error CallService::refusal(UserId user, AppointmentId id) {
    auto a = access(user, id);
    return a ? join_first() : a.error();
}

bool CallService::all_left(const CallRoom& room) const {
    return std::all_of(room.members.begin(), room.members.end(),
                       [](const CallMember& m) { return m.state == CallMemberState::left; });
}

void CallService::enter_call(CallRoom& room, CallMember& m, Instant now) {
    CallParticipation p;
    p.appointment_id = room.appointment_id;
    p.user_id = m.user_id;
    p.joined_at = now;
    std::int64_t id = 0;
    store_.transact([&](Repository& repo) { id = repo.insert_call_participation(p); });
    m.participation = id;
    m.state = CallMemberState::in_call;
    m.since = now;
    // Someone in the call who has not consented to the recording: it stops until asked again.
    if (room.recording.state != RecordingState::off && !room.recording.consents.count(m.user_id)) room.recording = {};
}

void CallService::leave_call(CallMember& m, CallMemberState to, Instant now) {
    if (m.participation) {
        const std::int64_t id = *m.participation;
        store_.transact([&](Repository& repo) { repo.end_call_participation(id, now); });
        m.participation.reset();
    }
    m.state = to;
    m.since = now;
}

void CallService::end_room(std::map<AppointmentId, CallRoom>::iterator it, Instant now, CallEffects& fx) {
    CallRoom& room = it->second;
    std::vector<std::int64_t> open;
    for (CallMember& m : room.members) {
        if (m.state == CallMemberState::waiting) fx.waiting_changed.insert(room.appointment_id);
        if (m.participation) open.push_back(*m.participation);
        m.participation.reset();
        m.state = CallMemberState::left;
    }
    if (!open.empty())
        store_.transact([&](Repository& repo) {
            for (std::int64_t id : open) repo.end_call_participation(id, now);
        });
    room.status = CallStatus::ended;
    room.ended_at = now;
    room.recording = {};
    fx.rooms.push_back(room);
    rooms_.erase(it);
}

Result<CallJoined> CallService::join(UserId user, AppointmentId id, CallEffects& fx) {
    std::lock_guard lock(mutex_);
    const Instant now = clock_.now();
    auto acc = access(user, id);
    if (!acc) return acc.error();
    const Appointment& a = acc->appointment;
    auto it = rooms_.find(id);
    CallMember* existing = it == rooms_.end() ? nullptr : it->second.member(user);
    if (!is_open_status(a.status)) return not_open_because(a.status);
    // Someone already in the room (waiting, in the call, reconnecting) may come back whatever the
    // time; everybody else only inside the join window.
    if (!present(existing) && !can_join(a, clinic_.policy().join, now)) {
        const JoinWindow w = join_window(a, clinic_.policy().join);
        const std::string& zone = acc->user.time_zone;
        if (now < w.opens_at)
            return Error::of(ErrorCode::call_not_open, "The video call opens at " + format_with_zone(w.opens_at, zone) + " (" +
                                                           amount(clinic_.policy().join.opens_before) + " before the start).");
        return Error::of(ErrorCode::call_not_open, "The video call of this visit closed at " + format_with_zone(w.closes_at, zone) +
                                                       " (" + amount(clinic_.policy().join.closes_after) + " after the start).");
    }
    if (acc->role == CallRole::doctor && a.status == AppointmentStatus::confirmed)
        (void)clinic_.act(user, id, AppointmentAction::start, "", fx.clinic);  // refused only if it changed meanwhile

    if (it == rooms_.end()) {
        CallRoom room;
        room.appointment_id = id;
        room.doctor_id = a.doctor_id;
        room.patient_id = a.patient_id;
        room.opened_at = now;
        // Stretches a previous server process never ended (it stopped mid-call): their end is unknown.
        store_.transact([&](Repository& repo) {
            for (const CallParticipation& p : repo.call_participations(id))
                if (!p.left_at) repo.end_call_participation(p.id, p.joined_at);
        });
        it = rooms_.emplace(id, std::move(room)).first;
    }
    CallRoom& room = it->second;
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
        case CallMemberState::reconnecting: enter_call(room, *m, now); break;  // no second admission
        case CallMemberState::left:
            if (m->role == CallRole::doctor) enter_call(room, *m, now);
            else {
                m->state = CallMemberState::waiting;
                m->since = now;
                notify_waiting(a, *m, fx);
                fx.waiting_changed.insert(id);
            }
            break;
    }
    m->link = ++next_link_;
    fx.rooms.push_back(room);
    return CallJoined{room, m->link};
}

Result<Done> CallService::admit(UserId host, AppointmentId id, UserId who, CallEffects& fx) {
    std::lock_guard lock(mutex_);
    auto it = rooms_.find(id);
    const CallMember* h = it == rooms_.end() ? nullptr : it->second.member(host);
    if (!in_call(h)) return refusal(host, id);
    if (h->role != CallRole::doctor) return Error::of(ErrorCode::forbidden, "Only the doctor can let people into the call.");
    CallMember* m = it->second.member(who);
    if (in_call(m)) return Done{};
    if (!m || m->state != CallMemberState::waiting)
        return Error::of(ErrorCode::invalid_field, "This person is not waiting to join the call.", "user_id");
    if (in_call_count(it->second) >= policy_.max_in_call)
        return Error::of(ErrorCode::call_full, "The call is full: at most " + std::to_string(policy_.max_in_call) +
                                                   " people can be in it. Someone has to leave before " + m->display_name + " can join.");
    enter_call(it->second, *m, clock_.now());
    fx.waiting_changed.insert(id);
    fx.rooms.push_back(it->second);
    return Done{};
}

Result<Done> CallService::leave(UserId user, AppointmentId id, CallEffects& fx) {
    std::lock_guard lock(mutex_);
    auto it = rooms_.find(id);
    CallMember* m = it == rooms_.end() ? nullptr : it->second.member(user);
    if (!present(m)) {
        auto acc = access(user, id);
        if (!acc) return acc.error();
        return Done{};  // not in the call: nothing to leave
    }
    const Instant now = clock_.now();
    if (m->state == CallMemberState::waiting) fx.waiting_changed.insert(id);
    leave_call(*m, CallMemberState::left, now);
    if (all_left(it->second)) end_room(it, now, fx);
    else fx.rooms.push_back(it->second);
    return Done{};
}

Result<Done> CallService::set_media(UserId user, AppointmentId id, bool audio, bool video, bool screen, CallEffects& fx) {
    std::lock_guard lock(mutex_);
    auto it = rooms_.find(id);
    CallMember* m = it == rooms_.end() ? nullptr : it->second.member(user);
    if (!present(m)) return refusal(user, id);
    if (m->audio == audio && m->video == video && m->screen == screen) return Done{};
    m->audio = audio;
    m->video = video;
    m->screen = screen;
    fx.rooms.push_back(it->second);
    return Done{};
}

Result<Done> CallService::check_signal(UserId from, AppointmentId id, UserId to) {
    std::lock_guard lock(mutex_);
    auto it = rooms_.find(id);
    if (it != rooms_.end() && from != to && in_call(it->second.member(from)) && in_call(it->second.member(to))) return Done{};
    auto acc = access(from, id);
    if (!acc) return acc.error();
    return Error::of(ErrorCode::forbidden, "Signaling goes only between people who are in the call together.");
}

Result<ChatPosted> CallService::chat(UserId user, AppointmentId id, const std::string& text) {
    std::lock_guard lock(mutex_);
    auto it = rooms_.find(id);
    const CallMember* m = it == rooms_.end() ? nullptr : it->second.member(user);
    if (!in_call(m)) {
        auto acc = access(user, id);
        if (!acc) return acc.error();
        if (m && m->state == CallMemberState::waiting)
            return Error::of(ErrorCode::forbidden, "You can write once the doctor has let you in.");
        return join_first();
    }
    if (!protocol::is_valid_utf8(text)) return Error::of(ErrorCode::invalid_field, "The message contains invalid characters.", "text");
    if (trim(text).empty()) return Error::of(ErrorCode::invalid_field, "Write a message first.", "text");
    if (utf8_length(text) > policy_.max_chat_chars)
        return Error::of(ErrorCode::invalid_field,
                         "The message is too long (at most " + std::to_string(policy_.max_chat_chars) + " characters).", "text");
    ChatPosted out;
    out.message.appointment_id = id;
    out.message.user_id = user;
    out.message.text = text;
    out.message.at = clock_.now();
    store_.transact([&](Repository& repo) { out.message.id = repo.insert_call_message(out.message); });
    out.display_name = m->display_name;
    for (const CallMember& x : it->second.members)
        if (x.state == CallMemberState::in_call || x.state == CallMemberState::reconnecting) out.recipients.push_back(x.user_id);
    return out;
}

Result<std::vector<ChatEntry>> CallService::messages(UserId viewer, AppointmentId id) {
    auto acc = access(viewer, id);
    if (!acc) return acc.error();
    if (is_guest(viewer)) return guests_see_no_records();
    std::vector<ChatEntry> out;
    store_.transact([&](Repository& repo) {
        std::map<UserId, std::string> names;
        for (CallMessage& m : repo.call_messages(id, policy_.max_history_messages)) {
            auto name = names.find(m.user_id);
            if (name == names.end()) name = names.emplace(m.user_id, name_of(repo, m.user_id)).first;
            out.push_back({std::move(m), name->second});
        }
    });
    return out;
}

Result<Done> CallService::recording(UserId user, AppointmentId id, RecordingAction action, CallEffects& fx) {
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
            if (r.state == RecordingState::off)
                return Error::of(ErrorCode::invalid_transition, "Nobody has asked to record this call.");
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
    if (r.state != before.state || r.consents != before.consents) fx.rooms.push_back(room);
    return Done{};
}

Result<Done> CallService::end(UserId host, AppointmentId id, CallEffects& fx) {
    std::lock_guard lock(mutex_);
    auto acc = access(host, id);
    if (!acc) return acc.error();
    if (acc->role != CallRole::doctor) return Error::of(ErrorCode::forbidden, "Only the doctor can end the call for everyone.");
    if (auto it = rooms_.find(id); it != rooms_.end()) end_room(it, clock_.now(), fx);
    // Completing is refused before the start (or once the visit is closed): then the call just ends.
    (void)clinic_.act(host, id, AppointmentAction::complete, "", fx.clinic);
    return Done{};
}

Result<CallLog> CallService::log(UserId viewer, AppointmentId id) {
    auto acc = access(viewer, id);
    if (!acc) return acc.error();
    if (is_guest(viewer)) return guests_see_no_records();
    std::vector<CallParticipation> stretches;
    std::map<UserId, User> users;
    std::map<UserId, CallInvite> guests;  // invited people who were in the call
    store_.transact([&](Repository& repo) {
        stretches = repo.call_participations(id);
        for (UserId u : {acc->appointment.doctor_id, acc->appointment.patient_id})
            if (auto found = repo.find_user(u)) users[u] = *found;
        for (const CallParticipation& p : stretches)
            if (is_guest(p.user_id) && !guests.count(p.user_id))
                if (auto inv = repo.find_call_invite(invite_of_guest(p.user_id))) guests[p.user_id] = *inv;
    });
    CallLog out;
    {
        std::lock_guard lock(mutex_);
        if (rooms_.count(id)) out.status = CallStatus::open;
    }
    const Instant now = clock_.now();
    for (UserId u : {acc->appointment.doctor_id, acc->appointment.patient_id}) {
        CallLogEntry e;
        e.user_id = u;
        e.display_name = users.count(u) ? users[u].display_name : std::string();
        e.role = u == acc->appointment.doctor_id ? CallRole::doctor : CallRole::patient;
        Duration total{};
        for (const CallParticipation& p : stretches) {
            if (p.user_id != u) continue;
            e.intervals.push_back(p);
            total += p.left_at.value_or(std::max(now, p.joined_at)) - p.joined_at;
        }
        if (e.intervals.empty()) continue;
        e.total_seconds = duration_cast<seconds>(total).count();
        out.participants.push_back(std::move(e));
    }
    append_guests_to_log(stretches, guests, now, out);
    for (const CallParticipation& p : stretches) {
        if (!out.started_at || p.joined_at < *out.started_at) out.started_at = p.joined_at;
        if (out.status == CallStatus::ended && p.left_at && (!out.ended_at || *p.left_at > *out.ended_at)) out.ended_at = p.left_at;
    }
    return out;
}

void CallService::disconnected(UserId user, AppointmentId id, std::uint64_t link, CallEffects& fx) {
    std::lock_guard lock(mutex_);
    auto it = rooms_.find(id);
    CallMember* m = it == rooms_.end() ? nullptr : it->second.member(user);
    if (!m || m->link != link) return;  // left already, or joined again over another connection
    const Instant now = clock_.now();
    if (m->state == CallMemberState::in_call) leave_call(*m, CallMemberState::reconnecting, now);
    else if (m->state == CallMemberState::waiting) {
        leave_call(*m, CallMemberState::left, now);
        fx.waiting_changed.insert(id);
    }
    else return;
    if (all_left(it->second)) end_room(it, now, fx);
    else fx.rooms.push_back(it->second);
}

void CallService::sweep(CallEffects& fx) {
    std::lock_guard lock(mutex_);
    if (rooms_.empty()) return;
    const Instant now = clock_.now();
    std::map<AppointmentId, std::optional<Appointment>> appointments;
    store_.transact([&](Repository& repo) {
        for (const auto& [id, room] : rooms_) appointments[id] = repo.find_appointment(id);
    });
    for (auto it = rooms_.begin(); it != rooms_.end();) {
        auto next = std::next(it);
        CallRoom& room = it->second;
        bool changed = false;
        for (CallMember& m : room.members)
            if (m.state == CallMemberState::reconnecting && now - m.since >= policy_.reconnect_grace) {
                leave_call(m, CallMemberState::left, now);
                changed = true;
            }
        const auto& a = appointments[room.appointment_id];
        const bool nobody_in_call = std::none_of(room.members.begin(), room.members.end(), [](const CallMember& m) {
            return m.state == CallMemberState::in_call || m.state == CallMemberState::reconnecting;
        });
        const bool over = !a || !is_open_status(a->status) ||
                          (nobody_in_call && now >= join_window(*a, clinic_.policy().join).closes_at);
        if (over || all_left(room)) end_room(it, now, fx);
        else if (changed) fx.rooms.push_back(room);
        it = next;
    }
}

size_t CallService::in_call_count(const CallRoom& room) const {
    // A reconnecting member keeps their place: they come back without a second admission.
    return size_t(std::count_if(room.members.begin(), room.members.end(), [](const CallMember& m) {
        return m.state == CallMemberState::in_call || m.state == CallMemberState::reconnecting;
    }));
}

// The doctor hears about someone in the waiting room even away from the call screen: a stored
// notification (notification.created live, and in the list after a reload).
void CallService::notify_waiting(const Appointment& a, const CallMember& m, CallEffects& fx) {
    store_.transact([&](Repository& repo) {
        auto doctor = repo.find_user(a.doctor_id);
        if (!doctor) return;
        Notification n;
        n.user_id = a.doctor_id;
        n.kind = "call.waiting";
        n.title = m.role == CallRole::patient ? "Patient waiting" : "Guest waiting";
        n.body = m.display_name + (m.role == CallRole::patient ? "" : " (" + role_label(m.role) + ")") +
                 " is in the waiting room of the video visit at " + format_with_zone(a.starts_at, doctor->time_zone) + ".";
        n.appointment_id = a.id;
        n.created_at = clock_.now();
        n.id = repo.insert_notification(n);
        fx.clinic.notifications.push_back(n);
    });
}

Result<CallService::Access> CallService::guest_access(UserId guest, AppointmentId id) {
    std::optional<Access> out;
    bool withdrawn = false;
    store_.transact([&](Repository& repo) {
        auto inv = repo.find_call_invite(invite_of_guest(guest));
        if (!inv || inv->appointment_id != id || !inv->claimed_at) return;
        if (inv->revoked_at) {
            withdrawn = true;
            return;
        }
        auto a = repo.find_appointment(id);
        if (!a) return;
        User u;
        u.id = guest;
        u.display_name = inv->guest_name;
        u.time_zone = inv->guest_time_zone.empty() ? "UTC" : inv->guest_time_zone;
        out = Access{*a, u, inv->role};
    });
    if (withdrawn) return invite_withdrawn();
    if (!out) return no_such_appointment();
    return std::move(*out);
}

Result<InviteCreated> CallService::create_invite(UserId host, AppointmentId id, CallRole role, const std::string& name) {
    if (is_guest(host)) return only_the_doctor_invites();
    auto acc = access(host, id);
    if (!acc) return acc.error();
    if (acc->role != CallRole::doctor) return only_the_doctor_invites();
    if (role == CallRole::doctor || role == CallRole::patient)
        return Error::of(ErrorCode::invalid_field, "Invite a colleague, an interpreter or a family member.", "role");
    const std::string label = trim(name);
    if (!label.empty())
        if (auto bad = check_display_name(label)) return Error::of(ErrorCode::invalid_field, bad->message, "name");
    const Appointment& a = acc->appointment;
    if (!is_open_status(a.status)) return not_open_because(a.status);
    const Instant now = clock_.now();
    const JoinWindow w = join_window(a, clinic_.policy().join);
    if (now >= w.closes_at)
        return Error::of(ErrorCode::call_not_open, "The video call of this visit closed at " +
                                                       format_with_zone(w.closes_at, acc->user.time_zone) + ".");
    InviteCreated out;
    out.token = new_session_token();
    out.invite.appointment_id = id;
    out.invite.created_by = host;
    out.invite.role = role;
    out.invite.name = label;
    out.invite.token_hash = sha256_hex(out.token);
    out.invite.created_at = now;
    out.invite.expires_at = w.closes_at;
    std::optional<Error> refused;
    store_.transact([&](Repository& repo) {
        const auto all = repo.call_invites(id);
        const auto open = std::count_if(all.begin(), all.end(), [](const CallInvite& i) { return !i.revoked_at; });
        if (size_t(open) >= policy_.max_open_invites) {
            refused = Error::of(ErrorCode::forbidden, "This visit already has " + std::to_string(open) +
                                                          " open invitations. Withdraw one before inviting someone else.");
            return;
        }
        out.invite.id = repo.insert_call_invite(out.invite);
    });
    if (refused) return *refused;
    return out;
}

Result<std::vector<CallInvite>> CallService::invites(UserId host, AppointmentId id) {
    if (is_guest(host)) return only_the_doctor_invites();
    auto acc = access(host, id);
    if (!acc) return acc.error();
    if (acc->role != CallRole::doctor) return only_the_doctor_invites();
    std::vector<CallInvite> out;
    store_.transact([&](Repository& repo) { out = repo.call_invites(id); });
    return out;
}

Result<Done> CallService::revoke_invite(UserId host, AppointmentId id, InviteId invite, CallEffects& fx) {
    if (is_guest(host)) return only_the_doctor_invites();
    std::lock_guard lock(mutex_);
    auto acc = access(host, id);
    if (!acc) return acc.error();
    if (acc->role != CallRole::doctor) return only_the_doctor_invites();
    const Instant now = clock_.now();
    bool found = false;
    store_.transact([&](Repository& repo) {
        auto inv = repo.find_call_invite(invite);
        if (!inv || inv->appointment_id != id) return;
        found = true;
        repo.revoke_call_invite(invite, now);
    });
    if (!found) return Error::of(ErrorCode::invalid_field, "This visit has no such invitation.", "invite_id");
    // Whoever came in with it is out at once: waiting, in the call or reconnecting.
    auto it = rooms_.find(id);
    CallMember* m = it == rooms_.end() ? nullptr : it->second.member(guest_user_id(invite));
    if (present(m)) {
        if (m->state == CallMemberState::waiting) fx.waiting_changed.insert(id);
        leave_call(*m, CallMemberState::left, now);
        if (all_left(it->second)) end_room(it, now, fx);
        else fx.rooms.push_back(it->second);
    }
    return Done{};
}

Result<InviteInfo> CallService::valid_invite(const std::string& token) {
    if (token.empty() || token.size() > 200) return invite_not_valid();
    const std::string hash = sha256_hex(token);
    std::optional<InviteInfo> out;
    store_.transact([&](Repository& repo) {
        auto inv = repo.find_call_invite_by_token_hash(hash);
        if (!inv) return;
        auto a = repo.find_appointment(inv->appointment_id);
        auto doctor = a ? repo.find_user(a->doctor_id) : std::nullopt;
        if (!a || !doctor) return;
        out = InviteInfo{*inv, *a, doctor->display_name};
    });
    if (!out) return invite_not_valid();
    if (out->invite.revoked_at) return invite_withdrawn();
    // A guest already in the room may come back after the window closed, like everyone else.
    const CallMember* m = nullptr;
    if (auto it = rooms_.find(out->appointment.id); it != rooms_.end()) m = it->second.member(guest_user_id(out->invite.id));
    if (!present(m) && (!is_open_status(out->appointment.status) || clock_.now() >= out->invite.expires_at)) return invite_expired();
    return std::move(*out);
}

Result<InviteInfo> CallService::invite_info(const std::string& token) {
    std::lock_guard lock(mutex_);
    return valid_invite(token);
}

Result<GuestEntry> CallService::enter_as_guest(const std::string& token, const std::string& display_name,
                                               const std::string& guest_key, const std::string& time_zone) {
    std::lock_guard lock(mutex_);
    auto info = valid_invite(token);
    if (!info) return info.error();
    const std::string name = trim(display_name);
    if (auto bad = check_display_name(name)) return *bad;
    const std::string zone = time_zone.empty() ? "UTC" : time_zone;
    if (auto bad = check_time_zone(zone)) return *bad;
    GuestEntry out{guest_user_id(info->invite.id), guest_key, std::move(info.value())};
    CallInvite& inv = out.info.invite;
    if (inv.claimed_at) {
        // Only the browser that first opened the link comes back with it (a forwarded link does not).
        if (guest_key.empty() || !constant_time_equal(sha256_hex(guest_key), inv.guest_key_hash))
            return Error::of(ErrorCode::invite_invalid,
                             "Someone else already joined with this invitation. Ask the doctor for a new link.");
        return out;
    }
    out.guest_key = new_session_token();
    inv.claimed_at = clock_.now();
    inv.guest_name = name;
    inv.guest_key_hash = sha256_hex(out.guest_key);
    inv.guest_time_zone = zone;
    store_.transact([&](Repository& repo) {
        repo.claim_call_invite(inv.id, inv.guest_name, inv.guest_key_hash, inv.guest_time_zone, *inv.claimed_at);
    });
    return out;
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

}  // namespace core
