// MemoryStore's recordings: records, chunks and the access log (rules: core/recordings/repository.h).
#include <algorithm>
#include <limits>

#include "core/store/memory/repositories.h"

namespace core {

RecordingId MemoryRecordings::insert_recording(const CallRecording& r) {
    CallRecording copy = r;
    copy.id = d_.take_id();
    d_.recordings.emplace(copy.id, copy);
    return copy.id;
}

void MemoryRecordings::update_recording(const CallRecording& r) {
    CallRecording* stored = row(d_.recordings, r.id);
    if (!stored) return;
    // What an upload changes; appointment_id, started_by and started_at stay as inserted.
    stored->finished_at = r.finished_at;
    stored->mime_type = r.mime_type;
    stored->bytes = r.bytes;
    stored->chunks = r.chunks;
    stored->duration_ms = r.duration_ms;
    stored->status = r.status;
    stored->last_chunk_at = r.last_chunk_at;
}

std::optional<CallRecording> MemoryRecordings::find_recording(RecordingId id) {
    return find_row(d_.recordings, id);
}

std::vector<CallRecording> MemoryRecordings::recordings_of(AppointmentId appointment) {
    std::vector<CallRecording> out;
    for (const auto& [id, r] : d_.recordings)
        if (r.appointment_id == appointment) out.push_back(r);
    std::stable_sort(
        out.begin(), out.end(),  // by started_at, then id (the map's order)
        [](const CallRecording& x, const CallRecording& y) { return x.started_at < y.started_at; });
    return out;
}

std::vector<CallRecording> MemoryRecordings::recordings_with_status(RecordingStatus status) {
    std::vector<CallRecording> out;
    for (const auto& [id, r] : d_.recordings)
        if (r.status == status) out.push_back(r);
    return out;
}

void MemoryRecordings::insert_recording_chunk(const RecordingChunk& c) {
    const auto [it, inserted] =
        d_.recording_chunks.try_emplace({c.recording_id, c.seq}, std::make_shared<const RecordingChunk>(c));
    if (!inserted) throw UniqueViolation("call_recording_chunks.seq");
}

std::vector<RecordingChunk> MemoryRecordings::recording_chunks(RecordingId id, std::int64_t from,
                                                               std::int64_t to) {
    std::vector<RecordingChunk> out;
    const auto first = d_.recording_chunks.lower_bound({id, std::numeric_limits<std::int64_t>::min()});
    for (auto it = first; it != d_.recording_chunks.end() && it->first.first == id; ++it) {
        const RecordingChunk& c = *it->second;
        if (c.offset < to && c.offset + static_cast<std::int64_t>(c.data.size()) > from) out.push_back(c);
    }
    return out;
}

bool MemoryRecordings::insert_recording_access(const RecordingAccess& a) {
    if (!a.token_id.empty())
        for (const RecordingAccess& x : d_.recording_accesses)
            if (x.token_id == a.token_id) return false;
    RecordingAccess copy = a;
    copy.id = d_.take_id();
    d_.recording_accesses.push_back(std::move(copy));
    return true;
}

std::vector<RecordingAccess> MemoryRecordings::recording_accesses(RecordingId id) {
    std::vector<RecordingAccess> out;
    for (const RecordingAccess& a : d_.recording_accesses)
        if (a.recording_id == id) out.push_back(a);
    return out;
}

}  // namespace core
