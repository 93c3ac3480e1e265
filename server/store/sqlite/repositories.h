// Internal to server/store/sqlite: one repository class per domain, each defined in <domain>.cpp
// (beside the SQL of the tables it owns, schema.h), all over the store's one connection and its
// statement cache (Connection). SqliteTransaction (store.cpp) makes one of each per transaction:
// cheap objects holding a reference.
//
// Threading: used only inside SqliteStore::run_attempt, under the store's mutex, between BEGIN and
// COMMIT or ROLLBACK.
// Storage conventions: instants are INTEGER unix milliseconds (UTC); enums are stored by their
// protocol names, and a name this binary does not know is a corrupt row (std::runtime_error); booleans
// are 0/1. The rules each method keeps are written in src/core/<domain>/repository.h.
#pragma once
#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <unordered_map>
#include <string>
#include <string_view>

#include "core/store/store.h"
#include "store/sqlite/database.h"

namespace server {

// The connection every repository of a transaction shares.
struct Connection {
    sqlite::Database& db;
    sqlite::StatementCache& statements;

    // A cached prepared statement, reset and unbound.
    sqlite::Statement& sql(std::string_view text) { return statements.get(text); }
};

// --- columns
inline std::int64_t ms(core::Instant t) {
    return core::to_unix_ms(t);
}
inline core::Instant instant(std::int64_t v) {
    return core::from_unix_ms(v);
}
inline std::optional<std::int64_t> optional_ms(const std::optional<core::Instant>& t) {
    return t ? std::optional(ms(*t)) : std::nullopt;
}
inline std::optional<core::Instant> optional_instant(const sqlite::Statement& s, int column) {
    const auto v = s.optional_int64(column);
    return v ? std::optional(instant(*v)) : std::nullopt;
}
inline std::int64_t flag(bool b) {
    return b ? 1 : 0;
}

template <core::NamedEnum E>
E enum_column(const sqlite::Statement& s, int column) {
    const std::string name = s.text(column);
    if (auto value = core::from_string<E>(name)) return *value;
    throw std::runtime_error("a value this server does not know in the database: '" + name + "'");
}

// Runs a write whose one expected failure is a uniqueness rule (a unique index or primary key):
// that one becomes core::UniqueViolation naming `rule`; any other error stays what it is.
inline void run_unique(sqlite::Statement& s, const char* rule) {
    try {
        s.run();
    } catch (const sqlite::Error& e) {
        if (e.code == SQLITE_CONSTRAINT_UNIQUE || e.code == SQLITE_CONSTRAINT_PRIMARYKEY)
            throw core::UniqueViolation(rule);
        throw;
    }
}

// --- one class per domain ---------------------------------------------------------------------------

class SqliteAccounts final : public core::AccountsRepository {
public:
    explicit SqliteAccounts(Connection& c) : c_(c) {}

    std::optional<core::User> find_user(core::UserId id) override;
    std::optional<core::User> find_user_by_email(std::string_view normalized_email) override;
    core::UserId insert_user(const core::NewUser& user) override;
    void update_password(core::UserId id, std::string_view password_hash, core::Instant changed_at) override;
    void set_user_status(core::UserId id, core::AccountStatus status) override;
    void update_profile(core::UserId id, const core::Profile& profile) override;
    void update_email(core::UserId id, std::string_view normalized_email) override;
    void erase_personal_data(core::UserId id, core::Instant at) override;
    std::vector<core::User> list_users() override;
    std::int64_t count_users() override;

    core::SessionId insert_session(const core::Session& session) override;
    std::optional<core::Session> find_session(core::SessionId id) override;
    std::optional<core::Session> find_session_by_token_hash(std::string_view token_hash) override;
    void touch_session(core::SessionId id, core::Instant seen_at) override;
    void revoke_session(core::SessionId id, core::Instant at) override;
    std::vector<core::Session> live_sessions_of(core::UserId user) override;
    std::vector<core::Session> stale_sessions(core::Instant idle_cutoff,
                                              core::Instant absolute_cutoff) override;

    std::int64_t record_sign_in_attempt(std::string_view normalized_email, core::Instant at, bool succeeded) override;
    void mark_sign_in_succeeded(std::int64_t attempt_id) override;
    std::vector<core::Instant> failed_sign_ins_since(std::string_view normalized_email,
                                                     core::Instant since) override;
    std::int64_t prune_sign_in_attempts(core::Instant before) override;

private:
    Connection& c_;
    // Users already read in this transaction (one object per transaction attempt): a booking names
    // the same two people up to eight times. Any write to users forgets them all.
    std::unordered_map<core::UserId, std::optional<core::User>> users_read_;
};

class SqliteClinic final : public core::ClinicRepository {
public:
    explicit SqliteClinic(Connection& c) : c_(c) {}

    void save_doctor_profile(const core::DoctorProfile& profile) override;
    std::optional<core::DoctorProfile> find_doctor_profile(core::UserId doctor) override;
    std::vector<core::DoctorProfile> list_doctor_profiles(std::optional<core::Verification> only) override;
    void save_availability(const core::Availability& availability) override;
    std::optional<core::Availability> find_availability(core::UserId doctor) override;

    core::AppointmentId insert_appointment(const core::Appointment& appointment) override;
    void update_appointment(const core::Appointment& appointment) override;
    std::optional<core::Appointment> find_appointment(core::AppointmentId id) override;
    std::vector<core::Appointment> active_appointments_overlapping(core::UserId user, bool as_doctor,
                                                                   core::Instant from,
                                                                   core::Instant to) override;
    std::vector<core::Appointment> appointments_of(core::UserId user, bool as_doctor, core::Instant from,
                                                   core::Instant to) override;
    std::vector<core::Appointment> appointments_starting(
        core::Instant from, core::Instant to, const std::vector<core::AppointmentStatus>& statuses) override;
    bool has_visit_between(core::UserId doctor, core::UserId patient) override;
    std::vector<core::UserId> visit_partners(core::UserId user) override;
    void insert_appointment_change(const core::AppointmentChange& change) override;
    std::vector<core::AppointmentChange> appointment_changes(core::AppointmentId id) override;

private:
    Connection& c_;
    // Profiles already read in this transaction, like SqliteAccounts::users_read_; saving one forgets it.
    std::unordered_map<core::UserId, std::optional<core::DoctorProfile>> profiles_read_;
};

class SqliteCredits final : public core::CreditsRepository {
public:
    explicit SqliteCredits(Connection& c) : c_(c) {}

    std::int64_t post_ledger(const std::vector<core::LedgerEntry>& entries) override;
    std::int64_t account_balance(std::string_view account) override;
    std::int64_t escrow_held_for(core::UserId patient) override;
    std::vector<core::LedgerEntry> ledger_entries(const std::vector<std::string>& accounts,
                                                  int limit) override;
    std::int64_t ledger_total() override;

    std::optional<core::Purchase> find_purchase(core::UserId user, std::string_view idempotency_key) override;
    core::PurchaseId insert_purchase(const core::Purchase& purchase) override;
    void update_purchase(const core::Purchase& purchase) override;

private:
    Connection& c_;
};

class SqliteNotifications final : public core::NotificationsRepository {
public:
    explicit SqliteNotifications(Connection& c) : c_(c) {}

    core::NotificationId insert_notification(const core::Notification& n) override;
    std::vector<core::Notification> notifications_of(core::UserId user, int limit) override;
    bool mark_notification_read(core::UserId user, core::NotificationId id, core::Instant at) override;
    int unread_notifications(core::UserId user) override;
    std::optional<core::Notification> find_unread_about(core::UserId user, const core::NotificationSubject& subject) override;
    bool delete_notification(core::UserId user, core::NotificationId id) override;
    std::vector<core::NotificationId> mark_all_notifications_read(core::UserId user, core::Instant at) override;
    std::vector<core::NotificationId> mark_conversation_notifications_read(core::UserId user,
                                                                           core::ConversationId conversation,
                                                                           core::Instant at) override;
    std::vector<core::NotificationPref> notification_prefs(core::UserId user) override;
    void save_notification_pref(core::UserId user, const core::NotificationPref& pref) override;

private:
    Connection& c_;
};

class SqliteCalls final : public core::CallsRepository {
public:
    explicit SqliteCalls(Connection& c) : c_(c) {}

    std::int64_t insert_call_participation(const core::CallParticipation& p) override;
    void end_call_participation(std::int64_t id, core::Instant left_at) override;
    std::vector<core::CallParticipation> call_participations(core::AppointmentId appointment) override;
    core::CallMessageId insert_call_message(const core::CallMessage& m) override;
    std::vector<core::CallMessage> call_messages(core::AppointmentId appointment, int limit) override;

private:
    Connection& c_;
};

class SqliteInvitations final : public core::InvitationsRepository {
public:
    explicit SqliteInvitations(Connection& c) : c_(c) {}

    core::InviteId insert_call_invite(const core::CallInvite& invite) override;
    std::optional<core::CallInvite> find_call_invite(core::InviteId id) override;
    std::optional<core::CallInvite> find_call_invite_by_token_hash(std::string_view token_hash) override;
    std::vector<core::CallInvite> call_invites(core::AppointmentId appointment) override;
    void revoke_call_invite(core::InviteId id, core::Instant at) override;
    void claim_call_invite(core::InviteId id, std::string_view guest_name, std::string_view key_hash,
                           std::string_view time_zone, core::Instant at) override;

private:
    Connection& c_;
};

class SqliteRecordings final : public core::RecordingsRepository {
public:
    explicit SqliteRecordings(Connection& c) : c_(c) {}

    core::RecordingId insert_recording(const core::CallRecording& r) override;
    void update_recording(const core::CallRecording& r) override;
    std::optional<core::CallRecording> find_recording(core::RecordingId id) override;
    std::vector<core::CallRecording> recordings_of(core::AppointmentId appointment) override;
    std::vector<core::CallRecording> recordings_with_status(core::RecordingStatus status) override;
    void insert_recording_chunk(const core::RecordingChunk& c) override;
    std::vector<core::RecordingChunk> recording_chunks(core::RecordingId id, std::int64_t from,
                                                       std::int64_t to) override;
    bool insert_recording_access(const core::RecordingAccess& a) override;
    std::vector<core::RecordingAccess> recording_accesses(core::RecordingId id) override;

private:
    Connection& c_;
};

class SqliteMessaging final : public core::MessagingRepository {
public:
    explicit SqliteMessaging(Connection& c) : c_(c) {}

    core::ConversationId insert_conversation(const core::Conversation& conversation) override;
    std::optional<core::Conversation> find_conversation(core::ConversationId id) override;
    std::optional<core::Conversation> find_conversation_between(core::UserId patient, core::UserId doctor) override;
    std::vector<core::Conversation> conversations_of(core::UserId user, int limit) override;

    core::Message insert_message(const core::Message& message) override;
    std::optional<core::Message> find_message(core::MessageId id) override;
    std::optional<core::Message> find_message_by_client_id(core::ConversationId conversation, core::UserId sender,
                                                           std::string_view client_message_id) override;
    std::vector<core::Message> messages_before(core::ConversationId conversation, std::int64_t before,
                                               int limit) override;
    std::vector<core::Message> messages_after(core::ConversationId conversation, std::int64_t after,
                                              int limit) override;
    std::vector<core::Message> messages_changed_since(core::ConversationId conversation, std::int64_t up_to,
                                                      std::int64_t since, int limit) override;
    void edit_message(core::MessageId id, std::string_view text, core::UserId actor, core::Instant at) override;
    void delete_message(core::MessageId id, core::UserId actor, core::Instant at) override;
    std::vector<core::MessageAudit> message_audit(core::MessageId id) override;

    core::Receipt find_receipt(core::ConversationId conversation, core::UserId user) override;
    core::Receipt advance_receipt(core::ConversationId conversation, core::UserId user, std::int64_t delivered,
                                  std::int64_t read) override;
    int unread_in(core::ConversationId conversation, core::UserId user) override;
    int unread_total(core::UserId user) override;

    std::vector<core::Message> search_messages(core::UserId user, const std::vector<std::string>& terms,
                                               int limit) override;

    core::AttachmentId insert_attachment(const core::Attachment& a) override;
    std::optional<core::Attachment> find_attachment(core::AttachmentId id) override;
    void update_attachment(const core::Attachment& a) override;
    void insert_attachment_chunk(const core::AttachmentChunk& c) override;
    std::vector<core::AttachmentChunk> attachment_chunks(core::AttachmentId id, std::int64_t from, std::int64_t to) override;
    void delete_attachment_chunks(core::AttachmentId id) override;
    void delete_upload(core::AttachmentId id) override;
    std::vector<core::Attachment> uploads_idle_since(core::Instant before) override;
    bool insert_attachment_access(const core::AttachmentAccess& a) override;
    std::vector<core::AttachmentAccess> attachment_accesses(core::AttachmentId id) override;

private:
    std::int64_t next_revision(core::ConversationId conversation);  // bumps last_revision, returns it
    // Sets m.attachment from the attachment attached to it (one indexed lookup).
    void fill_attachment(core::Message& m);
    std::vector<core::Message> read_messages_filled(sqlite::Statement& s);

    Connection& c_;
};

class SqlitePresence final : public core::PresenceRepository {
public:
    explicit SqlitePresence(Connection& c) : c_(c) {}

    bool is_hidden(core::UserId user) override;
    void set_hidden(core::UserId user, bool hidden) override;
    std::optional<core::Instant> last_active(core::UserId user) override;

private:
    Connection& c_;
};

}  // namespace server
