// The recording requests: start, chunk, finish (the host doctor's browser uploading), list, access (a
// signed link for the HTTP endpoint) and data (the same bytes over the protocol, for the offline demo,
// which has no HTTP server). The rules are in service.cpp.
#include "core/recordings/routes.h"

#include "core/crypto/base64.h"
#include "core/recordings/messages.h"

namespace core {
namespace {

msg::ListedRecording listed(const RecordingView& v) {
    msg::ListedRecording out;
    static_cast<msg::RecordingInfo&>(out) = msg::RecordingInfo::of(v.recording);
    out.started_by_name = v.started_by_name;
    for (const RecordingAccessView& a : v.accesses)
        out.accesses.push_back({a.access.user_id, a.display_name, a.access.action, a.access.at});
    return out;
}

Result<msg::RecordingReply> recording_reply(Result<CallRecording> r) {
    if (!r) return r.error();
    return msg::RecordingReply{msg::RecordingInfo::of(r.value())};
}

}  // namespace

void add_recording_routes(Routes& routes, RecordingService& recordings) {
    routes.add<msg::StartRecording>(Who::signed_in, [&recordings](RequestContext& c, msg::StartRecording& in) {
        return recording_reply(recordings.start(c.auth().user.id, in.appointment_id, in.mime_type, c.effects()));
    });
    routes.add<msg::UploadChunk>(Who::signed_in, [&recordings](RequestContext& c, msg::UploadChunk& in) -> Result<msg::ChunkStored> {
        auto bytes = base64_decode(in.data);
        if (!bytes) return Error::of(ErrorCode::invalid_field, "\"data\" must be base64.", "data");
        auto r = recordings.append(c.auth().user.id, in.recording_id, in.seq, *bytes);
        if (!r) return r.error();
        return msg::ChunkStored{r->seq, r->bytes, r->duplicate};
    });
    routes.add<msg::FinishRecording>(Who::signed_in, [&recordings](RequestContext& c, msg::FinishRecording& in) {
        return recording_reply(recordings.finish(c.auth().user.id, in.recording_id, in.duration_ms, c.effects()));
    });
    routes.add<msg::ListRecordings>(Who::signed_in, [&recordings](RequestContext& c, msg::ListRecordings& in) -> Result<msg::RecordingList> {
        auto r = recordings.list(c.auth().user.id, in.appointment_id);
        if (!r) return r.error();
        msg::RecordingList out{in.appointment_id, {}};
        for (const RecordingView& v : r.value()) out.recordings.push_back(listed(v));
        return out;
    });
    routes.add<msg::OpenRecording>(Who::signed_in, [&recordings](RequestContext& c, msg::OpenRecording& in) -> Result<msg::RecordingLinkInfo> {
        auto r = recordings.link(c.auth().user.id, in.recording_id, in.action, c.auth().session.id);
        if (!r) return r.error();
        return msg::RecordingLinkInfo{msg::RecordingInfo::of(r->recording), r->action, r->token, r->url, r->expires_at};
    });
    // Bytes by token over the protocol: the token is checked (and the access logged once) on every read.
    routes.add<msg::ReadRecording>(Who::signed_in, [&recordings](RequestContext& c, msg::ReadRecording& in) -> Result<msg::RecordingBytes> {
        if (in.offset < 0) return Error::of(ErrorCode::invalid_field, "\"offset\" counts from 0.", "offset");
        auto r = recordings.redeem(in.token, in.recording_id, c.auth().user.id);  // someone else's link: refused, nothing logged
        if (!r) return r.error();
        const std::int64_t total = r->recording.bytes;
        const std::int64_t end = std::min<std::int64_t>(total, in.offset + std::int64_t(recordings.policy().max_read_bytes));
        const std::string bytes = recordings.read(in.recording_id, in.offset, end);
        return msg::RecordingBytes{in.offset, base64_encode(bytes), total, r->recording.mime_type,
                                   in.offset + std::int64_t(bytes.size()) >= total};
    });
    routes.add_timer("recordings.sweep", [&recordings](Effects&) { recordings.sweep(); });  // finalises uploads gone quiet
}

}  // namespace core
