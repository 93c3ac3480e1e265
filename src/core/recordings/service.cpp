#include "core/recordings/service.h"

#include "core/recordings/messages.h"

#include <algorithm>
#include <map>

#include "core/clinic/standing.h"
#include "core/crypto/link_token.h"
#include "core/crypto/random.h"
#include "core/crypto/sha256.h"

namespace core {

namespace {

bool is_party(const Appointment& a, UserId user) { return a.doctor_id == user || a.patient_id == user; }

Error not_found() { return Error::of(ErrorCode::not_found, "There is no such recording."); }

bool allowed_mime(const std::string& m) {
    return m.size() <= 100 && (m.starts_with("video/webm") || m.starts_with("video/mp4"));
}

std::int64_t ms_between(Instant a, Instant b) { return std::max<std::int64_t>(0, (b - a).count()); }

}  // namespace

struct RecordingService::Owned {
    CallRecording recording;
};

RecordingService::RecordingService(Store& store, const Clock& clock, CallService& calls, RecordingPolicy policy)
    : store_(store), clock_(clock), calls_(calls), policy_(std::move(policy)) {
    if (policy_.link_key.empty()) policy_.link_key = random_link_key();
}

// The uploader's own recording, or not_found (strangers) / forbidden (the patient).
Result<RecordingService::Owned> RecordingService::owned(UserId user, RecordingId id, Transaction& tx) {
    auto r = tx.recordings().find_recording(id);
    if (!r) return not_found();
    auto a = tx.clinic().find_appointment(r->appointment_id);
    if (!a || !is_party(*a, user)) return not_found();
    if (r->started_by != user) return Error::of(ErrorCode::forbidden, "Only the doctor who records the call uploads it.");
    return Owned{*r};
}

// While the room records, or within the grace after the last chunk once it stopped: what the browser
// recorded before the stop is still on its way.
bool RecordingService::may_upload(const CallRecording& r, Instant now, bool room_on) const {
    if (r.status != RecordingStatus::uploading) return false;
    return room_on || now - r.last_chunk_at <= policy_.upload_grace;
}

// Asked outside any store transaction: CallService locks rooms before the store, never after.
bool RecordingService::room_records(AppointmentId appointment) const {
    auto room = calls_.room(appointment);
    return room && room->recording.state == RecordingState::on;
}

void RecordingService::finalise(CallRecording& r, Instant now, std::optional<std::int64_t> duration_ms, Transaction& tx) {
    const std::int64_t wall = ms_between(r.started_at, r.chunks > 0 ? std::max(r.last_chunk_at, now) : now);
    r.duration_ms = std::clamp<std::int64_t>(duration_ms.value_or(ms_between(r.started_at, r.last_chunk_at)), 0, wall);
    r.status = r.bytes > 0 ? RecordingStatus::complete : RecordingStatus::failed;
    r.finished_at = now;
    tx.recordings().update_recording(r);
}

void RecordingService::announce(Transaction& tx, const CallRecording& r) {
    auto a = tx.clinic().find_appointment(r.appointment_id);
    if (!a) return;
    const msg::RecordingUpdated event{r.appointment_id, msg::RecordingInfo::of(r)};
    for (UserId u : {a->patient_id, a->doctor_id}) tx.effects().to_user(u, event);
}

std::optional<AppointmentId> RecordingService::appointment_of(RecordingId id) {
    {
        std::lock_guard lock(appointments_mutex_);
        if (auto it = appointment_of_.find(id); it != appointment_of_.end()) return it->second;
    }
    auto r = store_.transact([&](Transaction& tx) { return tx.recordings().find_recording(id); }).value;
    if (!r) return std::nullopt;
    std::lock_guard lock(appointments_mutex_);
    return appointment_of_[id] = r->appointment_id;
}

Result<CallRecording> RecordingService::start(UserId user, AppointmentId appointment, const std::string& mime_type, Effects& out) {
    const Instant now = clock_.now();
    // The room is asked first, outside the transaction (rooms before the store, never after).
    const bool on = room_records(appointment);
    auto r = store_.transact(
        [&](Transaction& tx) -> Result<CallRecording> {
            auto a = tx.clinic().find_appointment(appointment);
            if (!a || !is_party(*a, user)) return Error::of(ErrorCode::not_found, "There is no such appointment.");
            if (a->doctor_id != user) return Error::of(ErrorCode::forbidden, "Only the doctor records the call.");
            if (!on) return Error::of(ErrorCode::recording_not_active);
            if (!allowed_mime(mime_type))
                return Error::of(ErrorCode::invalid_field, "\"mime_type\" must be a video/webm or video/mp4 type.", "mime_type");
            CallRecording rec;
            rec.appointment_id = appointment;
            rec.started_by = user;
            rec.started_at = now;
            rec.last_chunk_at = now;
            rec.mime_type = mime_type;
            for (CallRecording& open : tx.recordings().recordings_of(appointment))
                if (open.status == RecordingStatus::uploading) finalise(open, now, std::nullopt, tx);
            rec.id = tx.recordings().insert_recording(rec);
            announce(tx, rec);
            return rec;
        },
        out);
    if (r) {
        std::lock_guard lock(appointments_mutex_);
        appointment_of_[r->id] = appointment;
    }
    return r;
}

Result<ChunkAccepted> RecordingService::append(UserId user, RecordingId id, std::int64_t seq, const std::string& bytes) {
    if (seq < 0) return Error::of(ErrorCode::invalid_field, "\"seq\" counts from 0.", "seq");
    if (bytes.empty()) return Error::of(ErrorCode::invalid_field, "\"data\" is empty.", "data");
    if (bytes.size() > policy_.max_chunk_bytes)
        return Error::of(ErrorCode::invalid_field,
                         "A chunk holds at most " + std::to_string(policy_.max_chunk_bytes) + " bytes; split it.", "data");
    const Instant now = clock_.now();
    const auto appointment = appointment_of(id);
    const bool room_on = appointment && room_records(*appointment);
    return store_.transact([&](Transaction& tx) -> Result<ChunkAccepted> {
                     auto o = owned(user, id, tx);
                     if (!o) return o.error();
                     CallRecording& r = o->recording;
                     ChunkAccepted out{seq, r.bytes, false};
                     if (seq < r.chunks) {  // a resend: stored already
                         out.duplicate = true;
                         return out;
                     }
                     if (!may_upload(r, now, room_on)) {
                         if (r.status == RecordingStatus::uploading) finalise(r, now, std::nullopt, tx);
                         return Error::of(ErrorCode::recording_not_active, "The recording has stopped; it was saved with what arrived.");
                     }
                     if (seq > r.chunks)
                         return Error::of(ErrorCode::recording_out_of_order,
                                          "Chunk " + std::to_string(seq) + " arrived, but " + std::to_string(r.chunks) +
                                              " is next; send the pieces in order.",
                                          "seq");
                     if (r.bytes + std::int64_t(bytes.size()) > policy_.max_recording_bytes) {
                         finalise(r, now, std::nullopt, tx);
                         return Error::of(ErrorCode::recording_too_large,
                                          "The recording reached its limit of " +
                                              std::to_string(policy_.max_recording_bytes / (1024 * 1024)) + " MB and was saved up to here.");
                     }
                     tx.recordings().insert_recording_chunk({id, seq, r.bytes, bytes});
                     r.bytes += std::int64_t(bytes.size());
                     r.chunks = seq + 1;
                     r.last_chunk_at = now;
                     tx.recordings().update_recording(r);
                     out.bytes = r.bytes;
                     return out;
                 })
        .value;
}

Result<CallRecording> RecordingService::finish(UserId user, RecordingId id, std::int64_t duration_ms, Effects& out) {
    const Instant now = clock_.now();
    return store_.transact(
        [&](Transaction& tx) -> Result<CallRecording> {
            auto o = owned(user, id, tx);
            if (!o) return o.error();
            CallRecording r = o->recording;
            if (r.status != RecordingStatus::uploading) return r;  // finishing again: unchanged
            finalise(r, now, std::max<std::int64_t>(0, duration_ms), tx);
            announce(tx, r);
            return r;
        },
        out);
}

Result<std::vector<RecordingView>> RecordingService::list(UserId viewer, AppointmentId appointment) {
    return store_.transact([&](Transaction& tx) -> Result<std::vector<RecordingView>> {
                     auto a = tx.clinic().find_appointment(appointment);
                     if (!a || !is_party(*a, viewer)) return Error::of(ErrorCode::not_found, "There is no such appointment.");
                     if (auto suspended = suspended_doctor(tx, viewer)) return *suspended;
                     std::map<UserId, std::string> names;
                     auto name_of = [&](UserId u) -> const std::string& {
                         auto it = names.find(u);
                         if (it == names.end()) {
                             auto user = tx.accounts().find_user(u);
                             it = names.emplace(u, user ? user->display_name : std::string()).first;
                         }
                         return it->second;
                     };
                     std::vector<RecordingView> out;
                     for (CallRecording& r : tx.recordings().recordings_of(appointment)) {
                         RecordingView v{r, name_of(r.started_by), {}};
                         for (RecordingAccess& x : tx.recordings().recording_accesses(r.id)) v.accesses.push_back({x, name_of(x.user_id)});
                         out.push_back(std::move(v));
                     }
                     return out;
                 })
        .value;
}

std::string RecordingService::sign(std::string_view payload) const { return sign_link(policy_.link_key, payload); }

Result<RecordingLink> RecordingService::link(UserId viewer, RecordingId id, RecordingAccessAction action, SessionId session) {
    auto found = store_.transact([&](Transaction& tx) -> Result<CallRecording> {
                           auto r = tx.recordings().find_recording(id);
                           auto a = r ? tx.clinic().find_appointment(r->appointment_id) : std::nullopt;
                           if (!a || !is_party(*a, viewer)) return not_found();
                           if (auto suspended = suspended_doctor(tx, viewer)) return *suspended;
                           return *r;
                       })
                     .value;
    if (!found) return found.error();
    const CallRecording& r = found.value();
    if (r.status != RecordingStatus::complete)
        return Error::of(ErrorCode::invalid_transition, r.status == RecordingStatus::uploading
                                                            ? "This recording is still being saved. Try again in a moment."
                                                            : "Nothing usable of this recording arrived.");
    RecordingLink out;
    out.recording = r;
    out.action = action;
    out.expires_at = clock_.now() + policy_.link_ttl;
    std::uint8_t nonce[12];
    secure_random_bytes(nonce, sizeof nonce);
    const std::string payload = std::to_string(id) + "." + std::to_string(viewer) + "." + std::to_string(session) + "." +
                                std::string(to_string(action)) +
                                "." + std::to_string(out.expires_at.time_since_epoch().count()) + "." +
                                base64url_encode(nonce, sizeof nonce);
    out.token = payload + "." + sign(payload);
    out.url = "/recordings/" + std::to_string(id) + "?token=" + out.token;
    return out;
}

Result<RecordingRedeemed> RecordingService::redeem(const std::string& token, RecordingId id, std::optional<UserId> as) {
    const Error invalid = Error::of(ErrorCode::forbidden, "This recording link is not valid. Open the recording again from the visit.");
    const auto parts = split_dots(token);
    if (token.size() > 300 || parts.size() != 7) return invalid;
    const std::string_view payload = std::string_view(token).substr(0, token.size() - parts[6].size() - 1);
    if (!constant_time_equal(sign(payload), parts[6])) return invalid;
    const auto rid = parse_decimal(parts[0]);
    const auto user = parse_decimal(parts[1]);
    const auto session = parse_decimal(parts[2]);
    const auto action = from_string<RecordingAccessAction>(parts[3]);
    const auto expires = parse_decimal(parts[4]);
    if (!rid || !user || !session || !action || !expires || *rid != id) return invalid;
    // Someone else's link, presented by a signed-in person: refused before anything is written, so the
    // owner's access log never names a play that was not theirs.
    if (as && *as != *user) return Error::of(ErrorCode::forbidden, "This recording link belongs to someone else.");
    const Instant now = clock_.now();
    if (now.time_since_epoch().count() > *expires)
        return Error::of(ErrorCode::forbidden, "This recording link has expired. Open the recording again from the visit.");
    return store_.transact([&](Transaction& tx) -> Result<RecordingRedeemed> {
                     auto r = tx.recordings().find_recording(id);
                     auto a = r ? tx.clinic().find_appointment(r->appointment_id) : std::nullopt;
                     if (!r || !a || !is_party(*a, *user)) return invalid;
                     // Bound to the session that opened it: signing out (or a password change, or
                     // expiry) ends the link with it.
                     if (*session != 0) {
                         auto s = tx.accounts().find_session(*session);
                         if (!s || s->user_id != *user || s->revoked_at)
                             return Error::of(ErrorCode::forbidden,
                                              "This recording link ended with the session that opened it. Open the recording again from the visit.");
                     }
                     if (auto suspended = suspended_doctor(tx, *user)) return *suspended;
                     const bool first_use = tx.recordings().insert_recording_access({0, id, *user, *action, now, std::string(parts[5])});
                     return RecordingRedeemed{*r, *user, *action, first_use};
                 })
        .value;
}

std::string RecordingService::read(RecordingId id, std::int64_t from, std::int64_t to) {
    if (to <= from) return {};
    return store_.transact([&](Transaction& tx) {
                     std::string out;
                     for (const RecordingChunk& c : tx.recordings().recording_chunks(id, from, to)) {
                         const std::int64_t begin = std::max(from, c.offset);
                         const std::int64_t end = std::min(to, c.offset + std::int64_t(c.data.size()));
                         if (begin < end) out.append(c.data, size_t(begin - c.offset), size_t(end - begin));
                     }
                     return out;
                 })
        .value;
}

int RecordingService::sweep() {
    const Instant now = clock_.now();
    const auto open = store_.transact([&](Transaction& tx) { return tx.recordings().recordings_with_status(RecordingStatus::uploading); }).value;
    if (open.empty()) return 0;
    std::map<AppointmentId, bool> on;  // asked before the transaction: rooms before the store
    for (const CallRecording& r : open)
        if (!on.count(r.appointment_id)) on[r.appointment_id] = room_records(r.appointment_id);
    return store_.transact([&](Transaction& tx) {
                     int n = 0;
                     for (const CallRecording& seen : open) {
                         auto r = tx.recordings().find_recording(seen.id);  // re-read: a chunk may have arrived meanwhile
                         if (!r || r->status != RecordingStatus::uploading) continue;
                         const auto quiet = now - r->last_chunk_at;
                         if (quiet > policy_.stale_after || (!on[r->appointment_id] && quiet > policy_.upload_grace)) {
                             finalise(*r, now, std::nullopt, tx);
                             ++n;
                         }
                     }
                     return n;
                 })
        .value;
}

}  // namespace core
