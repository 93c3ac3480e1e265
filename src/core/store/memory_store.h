// An in-memory Store for the offline demo and for unit tests. Transactions are serialized by a mutex
// and rolled back by restoring a copy of the data taken when they began.
#pragma once
#include <map>
#include <memory>
#include <mutex>

#include "core/store/store.h"

namespace core {

class MemoryStore final : public Store {
public:
    void transact(const std::function<void(Repository&)>& work) override;

    struct Data {
        std::map<UserId, User> users;
        std::map<SessionId, Session> sessions;
        struct Attempt {
            std::string email;
            Instant at;
            bool succeeded;
        };
        std::vector<Attempt> attempts;
        std::map<UserId, DoctorProfile> doctor_profiles;
        std::map<UserId, Availability> availability;
        std::map<AppointmentId, Appointment> appointments;
        std::vector<AppointmentChange> appointment_changes;
        std::vector<LedgerEntry> ledger;
        std::map<PurchaseId, Purchase> purchases;
        std::map<NotificationId, Notification> notifications;
        std::map<std::int64_t, CallParticipation> call_participations;
        std::map<CallMessageId, CallMessage> call_messages;
        std::map<RecordingId, CallRecording> recordings;
        // Chunk bytes are shared, never changed: the copy a transaction starts with stays cheap.
        std::map<std::pair<RecordingId, std::int64_t>, std::shared_ptr<const RecordingChunk>> recording_chunks;
        std::vector<RecordingAccess> recording_accesses;
        std::map<InviteId, CallInvite> call_invites;
        std::int64_t next_id = 1;
    };

private:
    std::mutex mutex_;
    Data data_;
};

}  // namespace core
