// Call recordings: the doctor's browser records the call (both people, composited) once everyone in it
// has consented (CallService::recording turns the room's recording `on`), and uploads the bytes as
// numbered chunks. The recording is kept with the visit; its patient and its doctor list it, play it and
// download it through short-lived signed links, and every play or download is written to its access log.
//
// Rules, in the order they are checked:
//   * someone who is not the appointment's patient or doctor gets not_found for everything;
//   * only the host doctor starts a recording and uploads to it, and only while the room records (`on`);
//     after the room stops recording (stop, decline, someone leaves or joins without consent, the call
//     ends) the chunks recorded before still arrive for `upload_grace` after the last one, then the
//     recording is finalised (finish, or the sweep);
//   * chunks come in order: a repeated seq is accepted again and changes nothing (a resend after a lost
//     reply), a gap is refused (recording_out_of_order, with the expected seq in the message);
//   * a chunk holds at most max_chunk_bytes, a recording at most max_recording_bytes
//     (recording_too_large: the recording is finalised with what it has);
//   * links name the viewer, the viewer's session, the recording, the action and an expiry, signed with
//     HMAC-SHA256; a link dies with its session (sign-out, password change, expiry) or after link_ttl.
//
// Threading: every method may be called from any thread (the store serializes transactions).
// Each operation is one transaction; its events reach `out` after the commit.
#pragma once
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/calls/service.h"
#include "core/effects.h"
#include "core/errors.h"
#include "core/recordings/model.h"
#include "core/store/store.h"

namespace core {

struct RecordingPolicy {
    size_t max_chunk_bytes = 40 * 1024;                      // raw; base64 + JSON stays under the 64 KiB frame
    std::int64_t max_recording_bytes = 256LL * 1024 * 1024;  // about 45 min of the 640x360 composite
    Duration upload_grace = std::chrono::seconds(15);        // late chunks after recording stopped
    Duration stale_after = std::chrono::seconds(60);         // no chunk for this long: the recorder is gone
    Duration link_ttl = std::chrono::minutes(15);            // a player keeps seeking with one link
    size_t max_read_bytes = 40 * 1024;                       // recording_data answers (same frame rule)
    std::string link_key;                                    // HMAC key; empty = 32 random bytes per process
};

struct ChunkAccepted {
    std::int64_t seq = 0;
    std::int64_t bytes = 0;   // the recording's size after this chunk
    bool duplicate = false;   // this seq was stored before; nothing changed
};

struct RecordingAccessView {
    RecordingAccess access;
    std::string display_name;
};

struct RecordingView {
    CallRecording recording;
    std::string started_by_name;
    std::vector<RecordingAccessView> accesses;  // oldest first
};

struct RecordingLink {
    CallRecording recording;
    RecordingAccessAction action = RecordingAccessAction::play;
    std::string token;
    std::string url;  // "/recordings/<id>?token=<token>", relative to the server
    Instant expires_at{};
};

struct RecordingRedeemed {
    CallRecording recording;
    UserId user = 0;
    RecordingAccessAction action = RecordingAccessAction::play;
    bool first_use = false;  // this use wrote the access log row
};

class RecordingService {
public:
    RecordingService(Store& store, const Clock& clock, CallService& calls, RecordingPolicy policy = {});

    // A new recording of the room's current recording stretch. Any earlier upload of the appointment
    // still open is finalised first: one recording uploads at a time.
    // The visit's patient and doctor get recording.updated through `out`.
    Result<CallRecording> start(UserId user, AppointmentId appointment, const std::string& mime_type, Effects& out);
    Result<ChunkAccepted> append(UserId user, RecordingId id, std::int64_t seq, const std::string& bytes);
    // The uploader says it has sent everything. duration_ms is what the recorder measured (clamped to
    // the wall time since start). Finishing twice returns the same recording.
    Result<CallRecording> finish(UserId user, RecordingId id, std::int64_t duration_ms, Effects& out);
    // The appointment's recordings with their access logs, for its patient and doctor.
    Result<std::vector<RecordingView>> list(UserId viewer, AppointmentId appointment);
    // A signed link to play or download a complete recording, bound to the viewer's `session` (the
    // protocol always passes it; 0 binds to no session, for tools and tests): the link works only while
    // that session is live, and at most policy().link_ttl.
    Result<RecordingLink> link(UserId viewer, RecordingId id, RecordingAccessAction action, SessionId session = 0);
    // Checks a link's token for recording `id` and writes the access (once per link). forbidden with a
    // sentence saying why (expired, not valid, its session ended) otherwise. `as`: the person presenting
    // it, when known (recording_data over a signed-in connection); a link of someone else is refused
    // before the access log is touched.
    Result<RecordingRedeemed> redeem(const std::string& token, RecordingId id, std::optional<UserId> as = std::nullopt);
    // Bytes [from, to) of the recording (clamped to its size).
    std::string read(RecordingId id, std::int64_t from, std::int64_t to);
    // Finalises uploads whose recorder went quiet. Returns how many.
    int sweep();

    const RecordingPolicy& policy() const { return policy_; }

private:
    struct Owned;
    Result<Owned> owned(UserId user, RecordingId id, Transaction& tx);
    bool may_upload(const CallRecording& r, Instant now, bool room_on) const;
    bool room_records(AppointmentId appointment) const;
    void finalise(CallRecording& r, Instant now, std::optional<std::int64_t> duration_ms, Transaction& tx);
    // recording.updated to the visit's patient and doctor.
    void announce(Transaction& tx, const CallRecording& r);
    std::string sign(std::string_view payload) const;
    // Which visit a recording belongs to (never changes, so it is remembered).
    std::optional<AppointmentId> appointment_of(RecordingId id);

    Store& store_;
    const Clock& clock_;
    CallService& calls_;
    RecordingPolicy policy_;
    std::mutex appointments_mutex_;
    std::map<RecordingId, AppointmentId> appointment_of_;
};

}  // namespace core
