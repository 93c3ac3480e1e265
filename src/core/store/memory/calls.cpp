// MemoryStore's calls: the call log and the in-call chat (rules: core/calls/repository.h).
#include <algorithm>

#include "core/store/memory/repositories.h"

namespace core {

std::int64_t MemoryCalls::insert_call_participation(const CallParticipation& p) {
    CallParticipation copy = p;
    copy.id = d_.take_id();
    if (copy.left_at) copy.left_at = std::max(*copy.left_at, copy.joined_at);  // never a negative stretch
    d_.call_participations.emplace(copy.id, copy);
    return copy.id;
}

void MemoryCalls::end_call_participation(std::int64_t id, Instant left_at) {
    CallParticipation* p = row(d_.call_participations, id);
    if (p && !p->left_at) p->left_at = std::max(left_at, p->joined_at);  // the first leave stands
}

std::vector<CallParticipation> MemoryCalls::call_participations(AppointmentId appointment) {
    std::vector<CallParticipation> out;
    for (const auto& [id, p] : d_.call_participations)
        if (p.appointment_id == appointment) out.push_back(p);
    std::stable_sort(
        out.begin(), out.end(),  // by joined_at, then id (the map's order)
        [](const CallParticipation& x, const CallParticipation& y) { return x.joined_at < y.joined_at; });
    return out;
}

CallMessageId MemoryCalls::insert_call_message(const CallMessage& m) {
    CallMessage copy = m;
    copy.id = d_.take_id();
    d_.call_messages.emplace(copy.id, copy);
    return copy.id;
}

std::vector<CallMessage> MemoryCalls::call_messages(AppointmentId appointment, int limit) {
    std::vector<CallMessage> out;
    for (auto it = d_.call_messages.rbegin();
         it != d_.call_messages.rend() && static_cast<int>(out.size()) < limit; ++it)
        if (it->second.appointment_id == appointment) out.push_back(it->second);
    std::reverse(out.begin(), out.end());
    return out;
}

}  // namespace core
