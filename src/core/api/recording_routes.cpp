// Recording requests: start, chunk, finish (the host doctor's browser uploading), list, access (a signed
// link for the HTTP endpoint) and data (the same bytes over the protocol, for the offline demo, which
// has no HTTP server). The rules live in RecordingService; this file reads fields and writes JSON.
#include "core/api/route_context.h"
#include "core/crypto/base64.h"

namespace core::api_detail {
namespace {

using protocol::json;
using protocol::RequestType;

json recording_json(const CallRecording& r) {
    json j = {{"id", r.id},
              {"appointment_id", r.appointment_id},
              {"started_by", r.started_by},
              {"started_at", format_iso8601(r.started_at)},
              {"mime_type", r.mime_type},
              {"bytes", r.bytes},
              {"duration_ms", r.duration_ms},
              {"status", to_string(r.status)}};
    if (r.finished_at) j["finished_at"] = format_iso8601(*r.finished_at);
    return j;
}

json view_json(const RecordingView& v) {
    json j = recording_json(v.recording);
    j["started_by_name"] = v.started_by_name;
    json accesses = json::array();
    for (const RecordingAccessView& a : v.accesses)
        accesses.push_back({{"user_id", a.access.user_id},
                            {"display_name", a.display_name},
                            {"action", to_string(a.access.action)},
                            {"at", format_iso8601(a.access.at)}});
    j["accesses"] = accesses;
    return j;
}

// The visit's patient and doctor hear that a recording began or was saved (their visit view refreshes).
void announce(Context& c, RecordingService& rs, const CallRecording& r) {
    const json data = {{"appointment_id", r.appointment_id}, {"recording", recording_json(r)}};
    for (UserId u : rs.audience(r.appointment_id))
        c.outcome.deliveries.push_back({Audience{Audience::Kind::user, u}, {protocol::events::kRecordingUpdated, data}});
}

void start(Context& c, RecordingService& rs, UserId me) {
    auto id = protocol::require_int(c.request.data, "appointment_id");
    if (fail_if(c, id)) return;
    auto mime = protocol::require_string(c.request.data, "mime_type");
    if (fail_if(c, mime)) return;
    auto r = rs.start(me, id.value(), mime.value());
    if (fail_if(c, r)) return;
    reply_ok(c, {{"recording", recording_json(r.value())}});
    announce(c, rs, r.value());
}

void chunk(Context& c, RecordingService& rs, UserId me) {
    auto id = protocol::require_int(c.request.data, "recording_id");
    if (fail_if(c, id)) return;
    auto seq = protocol::require_int(c.request.data, "seq");
    if (fail_if(c, seq)) return;
    auto text = protocol::require_string(c.request.data, "data");
    if (fail_if(c, text)) return;
    auto bytes = base64_decode(text.value());
    if (!bytes) return reply_error(c, Error::of(ErrorCode::invalid_field, "\"data\" must be base64.", "data"));
    auto r = rs.append(me, id.value(), seq.value(), *bytes);
    if (fail_if(c, r)) return;
    reply_ok(c, {{"seq", r->seq}, {"bytes", r->bytes}, {"duplicate", r->duplicate}});
}

void finish(Context& c, RecordingService& rs, UserId me) {
    auto id = protocol::require_int(c.request.data, "recording_id");
    if (fail_if(c, id)) return;
    auto duration = protocol::require_int(c.request.data, "duration_ms");
    if (fail_if(c, duration)) return;
    auto r = rs.finish(me, id.value(), duration.value());
    if (fail_if(c, r)) return;
    reply_ok(c, {{"recording", recording_json(r.value())}});
    announce(c, rs, r.value());
}

void list(Context& c, RecordingService& rs, UserId me) {
    auto id = protocol::require_int(c.request.data, "appointment_id");
    if (fail_if(c, id)) return;
    auto r = rs.list(me, id.value());
    if (fail_if(c, r)) return;
    json out = json::array();
    for (const RecordingView& v : r.value()) out.push_back(view_json(v));
    reply_ok(c, {{"appointment_id", id.value()}, {"recordings", out}});
}

void access(Context& c, RecordingService& rs, UserId me) {
    auto id = protocol::require_int(c.request.data, "recording_id");
    if (fail_if(c, id)) return;
    auto name = protocol::require_string(c.request.data, "action");
    if (fail_if(c, name)) return;
    auto action = recording_access_action_from_string(name.value());
    if (!action) return reply_error(c, Error::of(ErrorCode::invalid_field, "Choose play or download.", "action"));
    auto r = rs.link(me, id.value(), *action);
    if (fail_if(c, r)) return;
    reply_ok(c, {{"recording", recording_json(r->recording)},
                 {"action", to_string(r->action)},
                 {"token", r->token},
                 {"url", r->url},
                 {"expires_at", format_iso8601(r->expires_at)}});
}

// Bytes by token over the protocol: the token is checked (and the access logged once) on every read.
void data(Context& c, RecordingService& rs, UserId me) {
    auto id = protocol::require_int(c.request.data, "recording_id");
    if (fail_if(c, id)) return;
    auto token = protocol::require_string(c.request.data, "token");
    if (fail_if(c, token)) return;
    auto offset = protocol::require_int(c.request.data, "offset");
    if (fail_if(c, offset)) return;
    if (offset.value() < 0) return reply_error(c, Error::of(ErrorCode::invalid_field, "\"offset\" counts from 0.", "offset"));
    auto r = rs.redeem(token.value(), id.value());
    if (fail_if(c, r)) return;
    if (r->user != me) return reply_error(c, Error::of(ErrorCode::forbidden, "This recording link belongs to someone else."));
    const std::int64_t total = r->recording.bytes;
    const std::int64_t end = std::min<std::int64_t>(total, offset.value() + std::int64_t(rs.policy().max_read_bytes));
    const std::string bytes = rs.read(id.value(), offset.value(), end);
    reply_ok(c, {{"offset", offset.value()},
                 {"data", base64_encode(bytes)},
                 {"bytes", total},
                 {"mime_type", r->recording.mime_type},
                 {"done", offset.value() + std::int64_t(bytes.size()) >= total}});
}

}  // namespace

bool handle_recordings(Context& c, RecordingService* recordings, const Authenticated& auth) {
    using Handler = void (*)(Context&, RecordingService&, UserId);
    Handler h = nullptr;
    switch (c.request.type) {
        case RequestType::recording_start: h = start; break;
        case RequestType::recording_chunk: h = chunk; break;
        case RequestType::recording_finish: h = finish; break;
        case RequestType::recordings_list: h = list; break;
        case RequestType::recording_access: h = access; break;
        case RequestType::recording_data: h = data; break;
        default: return false;
    }
    if (!recordings) {
        reply_error(c, Error::of(ErrorCode::not_found, "Call recordings are not available here."));
        return true;
    }
    h(c, *recordings, auth.user.id);
    return true;
}

}  // namespace core::api_detail
