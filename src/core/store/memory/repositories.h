// Internal to MemoryStore: its tables (MemoryData) and one repository class per domain over them,
// each defined in memory/<domain>.cpp. A MemoryTransaction (memory_store.cpp) makes one of each per
// transaction; they hold a reference to the data and nothing else.
//
// Threading: only ever used inside MemoryStore::run_attempt, under the store's mutex.
//
// Invariants: every map is keyed by id, so iterating it is "by id"; append-only tables are vectors in
// insertion order, which is id order. Ids come from one counter (next_id), so they are positive and
// increase in every table. The rules each method keeps are written in src/core/<domain>/repository.h.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/store/store.h"

namespace core {

struct MemoryData {
    // --- accounts
    std::map<UserId, User> users;
    std::map<SessionId, Session> sessions;
    struct SignInAttempt {
        std::int64_t id = 0;
        std::string email;
        Instant at;
        bool succeeded = false;
    };
    std::vector<SignInAttempt> sign_in_attempts;
    // --- clinic
    std::map<UserId, DoctorProfile> doctor_profiles;
    std::map<UserId, Availability> availability;
    std::map<AppointmentId, Appointment> appointments;
    std::vector<AppointmentChange> appointment_changes;
    // --- credits
    std::vector<LedgerEntry> ledger;
    std::map<PurchaseId, Purchase> purchases;
    // --- notifications
    std::map<NotificationId, Notification> notifications;
    std::map<std::pair<UserId, NotificationCategory>, ChannelPrefs> notification_prefs;
    // --- calls
    std::map<std::int64_t, CallParticipation> call_participations;
    std::map<CallMessageId, CallMessage> call_messages;
    // --- invitations
    std::map<InviteId, CallInvite> call_invites;
    // --- recordings
    std::map<RecordingId, CallRecording> recordings;
    // Chunk bytes are shared, never changed: the copy a transaction starts with stays cheap.
    std::map<std::pair<RecordingId, std::int64_t>, std::shared_ptr<const RecordingChunk>> recording_chunks;
    std::vector<RecordingAccess> recording_accesses;
    // --- messaging
    std::map<ConversationId, Conversation> conversations;
    std::map<MessageId, Message> messages;
    std::map<std::pair<ConversationId, UserId>, Receipt> receipts;
    std::vector<MessageAudit> message_audit;
    std::map<AttachmentId, Attachment> attachments;
    std::map<std::pair<AttachmentId, std::int64_t>, std::shared_ptr<const AttachmentChunk>> attachment_chunks;
    std::vector<AttachmentAccess> attachment_accesses;
    // --- presence
    std::map<UserId, bool> presence_hidden;

    std::int64_t next_id = 1;
    std::int64_t take_id() { return next_id++; }
};

// The row with this key, copied out; empty when there is none.
template <typename Map>
std::optional<typename Map::mapped_type> find_row(const Map& rows, const typename Map::key_type& key) {
    auto it = rows.find(key);
    return it == rows.end() ? std::nullopt : std::optional<typename Map::mapped_type>(it->second);
}

// The row with this key, to change in place; null when there is none.
template <typename Map>
typename Map::mapped_type* row(Map& rows, const typename Map::key_type& key) {
    auto it = rows.find(key);
    return it == rows.end() ? nullptr : &it->second;
}

class MemoryAccounts final : public AccountsRepository {
public:
    explicit MemoryAccounts(MemoryData& d) : d_(d) {}

    std::optional<User> find_user(UserId id) override;
    std::optional<User> find_user_by_email(std::string_view normalized_email) override;
    UserId insert_user(const NewUser& user) override;
    void update_password(UserId id, std::string_view password_hash, Instant changed_at) override;
    void set_user_status(UserId id, AccountStatus status) override;
    void update_profile(UserId id, const Profile& profile) override;
    void update_email(UserId id, std::string_view normalized_email) override;
    void erase_personal_data(UserId id, Instant at) override;
    std::vector<User> list_users() override;
    std::int64_t count_users() override;

    SessionId insert_session(const Session& session) override;
    std::optional<Session> find_session(SessionId id) override;
    std::optional<Session> find_session_by_token_hash(std::string_view token_hash) override;
    void touch_session(SessionId id, Instant seen_at) override;
    void revoke_session(SessionId id, Instant at) override;
    std::vector<Session> live_sessions_of(UserId user) override;
    std::vector<Session> stale_sessions(Instant idle_cutoff, Instant absolute_cutoff) override;

    std::int64_t record_sign_in_attempt(std::string_view normalized_email, Instant at, bool succeeded) override;
    void mark_sign_in_succeeded(std::int64_t attempt_id) override;
    std::vector<Instant> failed_sign_ins_since(std::string_view normalized_email, Instant since) override;
    std::int64_t prune_sign_in_attempts(Instant before) override;

private:
    MemoryData& d_;
};

class MemoryClinic final : public ClinicRepository {
public:
    explicit MemoryClinic(MemoryData& d) : d_(d) {}

    void save_doctor_profile(const DoctorProfile& profile) override;
    std::optional<DoctorProfile> find_doctor_profile(UserId doctor) override;
    std::vector<DoctorProfile> list_doctor_profiles(std::optional<Verification> only) override;
    void save_availability(const Availability& availability) override;
    std::optional<Availability> find_availability(UserId doctor) override;

    AppointmentId insert_appointment(const Appointment& appointment) override;
    void update_appointment(const Appointment& appointment) override;
    std::optional<Appointment> find_appointment(AppointmentId id) override;
    std::vector<Appointment> active_appointments_overlapping(UserId user, bool as_doctor, Instant from,
                                                             Instant to) override;
    std::vector<Appointment> appointments_of(UserId user, bool as_doctor, Instant from, Instant to) override;
    std::vector<Appointment> appointments_starting(Instant from, Instant to,
                                                   const std::vector<AppointmentStatus>& statuses) override;
    bool has_visit_between(UserId doctor, UserId patient) override;
    std::vector<UserId> visit_partners(UserId user) override;
    void insert_appointment_change(const AppointmentChange& change) override;
    std::vector<AppointmentChange> appointment_changes(AppointmentId id) override;

private:
    MemoryData& d_;
};

class MemoryCredits final : public CreditsRepository {
public:
    explicit MemoryCredits(MemoryData& d) : d_(d) {}

    std::int64_t post_ledger(const std::vector<LedgerEntry>& entries) override;
    std::int64_t account_balance(std::string_view account) override;
    std::int64_t escrow_held_for(UserId patient) override;
    std::vector<LedgerEntry> ledger_entries(const std::vector<std::string>& accounts, int limit) override;
    std::int64_t ledger_total() override;

    std::optional<Purchase> find_purchase(UserId user, std::string_view idempotency_key) override;
    PurchaseId insert_purchase(const Purchase& purchase) override;
    void update_purchase(const Purchase& purchase) override;

private:
    MemoryData& d_;
};

class MemoryNotifications final : public NotificationsRepository {
public:
    explicit MemoryNotifications(MemoryData& d) : d_(d) {}

    NotificationId insert_notification(const Notification& n) override;
    std::vector<Notification> notifications_of(UserId user, int limit) override;
    bool mark_notification_read(UserId user, NotificationId id, Instant at) override;
    int unread_notifications(UserId user) override;
    std::optional<Notification> find_unread_about(UserId user, const NotificationSubject& subject) override;
    bool delete_notification(UserId user, NotificationId id) override;
    std::vector<NotificationId> mark_all_notifications_read(UserId user, Instant at) override;
    std::vector<NotificationId> mark_conversation_notifications_read(UserId user, ConversationId conversation,
                                                                     Instant at) override;
    std::vector<NotificationPref> notification_prefs(UserId user) override;
    void save_notification_pref(UserId user, const NotificationPref& pref) override;

private:
    MemoryData& d_;
};

class MemoryCalls final : public CallsRepository {
public:
    explicit MemoryCalls(MemoryData& d) : d_(d) {}

    std::int64_t insert_call_participation(const CallParticipation& p) override;
    void end_call_participation(std::int64_t id, Instant left_at) override;
    std::vector<CallParticipation> call_participations(AppointmentId appointment) override;
    CallMessageId insert_call_message(const CallMessage& m) override;
    std::vector<CallMessage> call_messages(AppointmentId appointment, int limit) override;

private:
    MemoryData& d_;
};

class MemoryInvitations final : public InvitationsRepository {
public:
    explicit MemoryInvitations(MemoryData& d) : d_(d) {}

    InviteId insert_call_invite(const CallInvite& invite) override;
    std::optional<CallInvite> find_call_invite(InviteId id) override;
    std::optional<CallInvite> find_call_invite_by_token_hash(std::string_view token_hash) override;
    std::vector<CallInvite> call_invites(AppointmentId appointment) override;
    void revoke_call_invite(InviteId id, Instant at) override;
    void claim_call_invite(InviteId id, std::string_view guest_name, std::string_view key_hash,
                           std::string_view time_zone, Instant at) override;

private:
    MemoryData& d_;
};

class MemoryRecordings final : public RecordingsRepository {
public:
    explicit MemoryRecordings(MemoryData& d) : d_(d) {}

    RecordingId insert_recording(const CallRecording& r) override;
    void update_recording(const CallRecording& r) override;
    std::optional<CallRecording> find_recording(RecordingId id) override;
    std::vector<CallRecording> recordings_of(AppointmentId appointment) override;
    std::vector<CallRecording> recordings_with_status(RecordingStatus status) override;
    void insert_recording_chunk(const RecordingChunk& c) override;
    std::vector<RecordingChunk> recording_chunks(RecordingId id, std::int64_t from, std::int64_t to) override;
    bool insert_recording_access(const RecordingAccess& a) override;
    std::vector<RecordingAccess> recording_accesses(RecordingId id) override;

private:
    MemoryData& d_;
};

class MemoryMessaging final : public MessagingRepository {
public:
    explicit MemoryMessaging(MemoryData& d) : d_(d) {}

    ConversationId insert_conversation(const Conversation& conversation) override;
    std::optional<Conversation> find_conversation(ConversationId id) override;
    std::optional<Conversation> find_conversation_between(UserId patient, UserId doctor) override;
    std::vector<Conversation> conversations_of(UserId user, int limit) override;

    Message insert_message(const Message& message) override;
    std::optional<Message> find_message(MessageId id) override;
    std::optional<Message> find_message_by_client_id(ConversationId conversation, UserId sender,
                                                     std::string_view client_message_id) override;
    std::vector<Message> messages_before(ConversationId conversation, std::int64_t before, int limit) override;
    std::vector<Message> messages_after(ConversationId conversation, std::int64_t after, int limit) override;
    std::vector<Message> messages_changed_since(ConversationId conversation, std::int64_t up_to, std::int64_t since,
                                                int limit) override;
    void edit_message(MessageId id, std::string_view text, UserId actor, Instant at) override;
    void delete_message(MessageId id, UserId actor, Instant at) override;
    std::vector<MessageAudit> message_audit(MessageId id) override;

    Receipt find_receipt(ConversationId conversation, UserId user) override;
    Receipt advance_receipt(ConversationId conversation, UserId user, std::int64_t delivered,
                            std::int64_t read) override;
    int unread_in(ConversationId conversation, UserId user) override;
    int unread_total(UserId user) override;

    std::vector<Message> search_messages(UserId user, const std::vector<std::string>& terms, int limit) override;

    AttachmentId insert_attachment(const Attachment& a) override;
    std::optional<Attachment> find_attachment(AttachmentId id) override;
    void update_attachment(const Attachment& a) override;
    void insert_attachment_chunk(const AttachmentChunk& c) override;
    std::vector<AttachmentChunk> attachment_chunks(AttachmentId id, std::int64_t from, std::int64_t to) override;
    void delete_attachment_chunks(AttachmentId id) override;
    void delete_upload(AttachmentId id) override;
    std::vector<Attachment> uploads_idle_since(Instant before) override;
    bool insert_attachment_access(const AttachmentAccess& a) override;
    std::vector<AttachmentAccess> attachment_accesses(AttachmentId id) override;

private:
    Message with_attachment(Message m) const;
    std::vector<Message> with_attachments(std::vector<Message> ms) const;
    void stamp_revision(Message& m);  // the conversation's next revision, on a message just changed

    MemoryData& d_;
};

class MemoryPresence final : public PresenceRepository {
public:
    explicit MemoryPresence(MemoryData& d) : d_(d) {}

    bool is_hidden(UserId user) override;
    void set_hidden(UserId user, bool hidden) override;
    std::optional<Instant> last_active(UserId user) override;

private:
    MemoryData& d_;
};

}  // namespace core
