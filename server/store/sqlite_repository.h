// Internal to server/store: the core::Repository of one SQLite transaction. SqliteStore::transact()
// makes one per transaction over its connection and statement cache. Accounts (users, sessions,
// sign-in attempts) are defined in sqlite_store.cpp, the clinic in sqlite_clinic.cpp, calls in
// sqlite_calls.cpp.
#pragma once
#include "core/store/store.h"
#include "store/sqlite.h"

namespace server {

// Instants are stored as INTEGER unix milliseconds (UTC).
inline std::int64_t ms(core::Instant t) { return core::to_unix_ms(t); }
inline core::Instant instant(std::int64_t v) { return core::from_unix_ms(v); }

class SqliteRepository final : public core::Repository {
public:
    SqliteRepository(sqlite::Database& db, sqlite::StatementCache& statements) : db_(db), statements_(statements) {}

    // --- users
    std::optional<core::User> find_user(core::UserId id) override;
    std::optional<core::User> find_user_by_email(std::string_view normalized_email) override;
    core::UserId insert_user(const core::NewUser& user) override;
    void update_password(core::UserId id, std::string_view password_hash, core::Instant changed_at) override;
    std::vector<core::User> list_users() override;
    std::int64_t count_users() override;

    // --- sessions
    core::SessionId insert_session(const core::Session& session) override;
    std::optional<core::Session> find_session(core::SessionId id) override;
    std::optional<core::Session> find_session_by_token_hash(std::string_view token_hash) override;
    void touch_session(core::SessionId id, core::Instant seen_at) override;
    void revoke_session(core::SessionId id, core::Instant at) override;
    std::vector<core::Session> live_sessions_of(core::UserId user) override;
    std::vector<core::Session> stale_sessions(core::Instant idle_cutoff, core::Instant absolute_cutoff) override;

    // --- sign-in attempts
    void record_sign_in_attempt(std::string_view normalized_email, core::Instant at, bool succeeded) override;
    std::vector<core::Instant> failed_sign_ins_since(std::string_view normalized_email, core::Instant since) override;

    // --- doctors (sqlite_clinic.cpp)
    void set_user_status(core::UserId id, core::AccountStatus status) override;
    void save_doctor_profile(const core::DoctorProfile& profile) override;
    std::optional<core::DoctorProfile> find_doctor_profile(core::UserId doctor) override;
    std::vector<core::DoctorProfile> list_doctor_profiles(std::optional<core::Verification> only) override;
    void save_availability(const core::Availability& availability) override;
    std::optional<core::Availability> find_availability(core::UserId doctor) override;

    // --- appointments
    core::AppointmentId insert_appointment(const core::Appointment& appointment) override;
    void update_appointment(const core::Appointment& appointment) override;
    std::optional<core::Appointment> find_appointment(core::AppointmentId id) override;
    std::vector<core::Appointment> active_appointments_overlapping(core::UserId user, bool as_doctor, core::Instant from,
                                                                   core::Instant to) override;
    std::vector<core::Appointment> appointments_of(core::UserId user, bool as_doctor, core::Instant from,
                                                   core::Instant to) override;
    std::vector<core::Appointment> appointments_starting(core::Instant from, core::Instant to,
                                                         const std::vector<core::AppointmentStatus>& statuses) override;
    void insert_appointment_change(const core::AppointmentChange& change) override;
    std::vector<core::AppointmentChange> appointment_changes(core::AppointmentId id) override;

    // --- credits
    std::int64_t post_ledger(const std::vector<core::LedgerEntry>& entries) override;
    std::int64_t account_balance(std::string_view account) override;
    std::vector<core::LedgerEntry> ledger_entries(const std::vector<std::string>& accounts, int limit) override;
    std::int64_t ledger_total() override;
    std::optional<core::Purchase> find_purchase(core::UserId user, std::string_view idempotency_key) override;
    core::PurchaseId insert_purchase(const core::Purchase& purchase) override;
    void update_purchase(const core::Purchase& purchase) override;

    // --- notifications
    core::NotificationId insert_notification(const core::Notification& n) override;
    std::vector<core::Notification> notifications_of(core::UserId user, int limit) override;
    bool mark_notification_read(core::UserId user, core::NotificationId id, core::Instant at) override;
    int unread_notifications(core::UserId user) override;

    // --- video calls (sqlite_calls.cpp)
    std::int64_t insert_call_participation(const core::CallParticipation& p) override;
    void end_call_participation(std::int64_t id, core::Instant left_at) override;
    std::vector<core::CallParticipation> call_participations(core::AppointmentId appointment) override;
    core::CallMessageId insert_call_message(const core::CallMessage& m) override;
    std::vector<core::CallMessage> call_messages(core::AppointmentId appointment, int limit) override;
    core::InviteId insert_call_invite(const core::CallInvite& invite) override;
    std::optional<core::CallInvite> find_call_invite(core::InviteId id) override;
    std::optional<core::CallInvite> find_call_invite_by_token_hash(std::string_view token_hash) override;
    std::vector<core::CallInvite> call_invites(core::AppointmentId appointment) override;
    void revoke_call_invite(core::InviteId id, core::Instant at) override;
    void claim_call_invite(core::InviteId id, std::string_view guest_name, std::string_view key_hash,
                           std::string_view time_zone, core::Instant at) override;

    // --- call recordings (sqlite_recordings.cpp)
    core::RecordingId insert_recording(const core::CallRecording& r) override;
    void update_recording(const core::CallRecording& r) override;
    std::optional<core::CallRecording> find_recording(core::RecordingId id) override;
    std::vector<core::CallRecording> recordings_of(core::AppointmentId appointment) override;
    std::vector<core::CallRecording> recordings_with_status(core::RecordingStatus status) override;
    void insert_recording_chunk(const core::RecordingChunk& c) override;
    std::vector<core::RecordingChunk> recording_chunks(core::RecordingId id, std::int64_t from, std::int64_t to) override;
    bool insert_recording_access(const core::RecordingAccess& a) override;
    std::vector<core::RecordingAccess> recording_accesses(core::RecordingId id) override;

private:
    // A cached prepared statement, reset and unbound.
    sqlite::Statement& sql(std::string_view text) { return statements_.get(text); }

    sqlite::Database& db_;
    sqlite::StatementCache& statements_;
};

}  // namespace server
