// The persistence boundary. Services talk to a Repository inside one transaction; the server backs it
// with SQLite (server/store/), the offline demo with MemoryStore (core/store/memory_store.h).
// Nothing here names a database: a PostgreSQL store can implement the same interface.
#pragma once
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/accounts/user.h"
#include "core/calls/model.h"
#include "core/clinic/model.h"
#include "core/recordings/model.h"

namespace core {

// Thrown by a Repository when a uniqueness rule would break (e.g. the e-mail is taken). Services turn
// it into a clear error; the transaction is rolled back.
struct UniqueViolation : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Every read and write a service may do, within one transaction.
class Repository {
public:
    virtual ~Repository() = default;

    // --- users
    virtual std::optional<User> find_user(UserId id) = 0;
    virtual std::optional<User> find_user_by_email(std::string_view normalized_email) = 0;
    virtual UserId insert_user(const NewUser& user) = 0;  // throws UniqueViolation on a taken e-mail
    virtual void update_password(UserId id, std::string_view password_hash, Instant changed_at) = 0;
    virtual std::vector<User> list_users() = 0;          // ordered by id
    virtual std::int64_t count_users() = 0;

    // --- sessions
    virtual SessionId insert_session(const Session& session) = 0;
    virtual std::optional<Session> find_session(SessionId id) = 0;
    virtual std::optional<Session> find_session_by_token_hash(std::string_view token_hash) = 0;
    virtual void touch_session(SessionId id, Instant seen_at) = 0;
    virtual void revoke_session(SessionId id, Instant at) = 0;
    // Sessions of the user that are not revoked (expired ones included; the caller judges expiry).
    virtual std::vector<Session> live_sessions_of(UserId user) = 0;
    // Sessions not revoked whose last_seen_at < idle_cutoff or created_at < absolute_cutoff.
    virtual std::vector<Session> stale_sessions(Instant idle_cutoff, Instant absolute_cutoff) = 0;

    // --- sign-in attempts, for the lockout rule (keyed by normalized e-mail, known or not)
    virtual void record_sign_in_attempt(std::string_view normalized_email, Instant at, bool succeeded) = 0;
    // Failed attempts at or after `since`, oldest first.
    virtual std::vector<Instant> failed_sign_ins_since(std::string_view normalized_email, Instant since) = 0;

    // --- doctors
    virtual void set_user_status(UserId id, AccountStatus status) = 0;
    virtual void save_doctor_profile(const DoctorProfile& profile) = 0;  // insert or replace
    virtual std::optional<DoctorProfile> find_doctor_profile(UserId doctor) = 0;
    // All profiles, or only those with the given verification; ordered by user id.
    virtual std::vector<DoctorProfile> list_doctor_profiles(std::optional<Verification> only = std::nullopt) = 0;
    virtual void save_availability(const Availability& availability) = 0;  // replaces hours and exceptions
    virtual std::optional<Availability> find_availability(UserId doctor) = 0;

    // --- appointments
    // Throws UniqueViolation when the doctor already has a slot-holding appointment at that start: the
    // store's own guarantee against double booking, whatever the service checked before.
    virtual AppointmentId insert_appointment(const Appointment& appointment) = 0;
    virtual void update_appointment(const Appointment& appointment) = 0;  // same unique rule
    virtual std::optional<Appointment> find_appointment(AppointmentId id) = 0;
    // Slot-holding appointments of the doctor (or patient) overlapping [from, to), by start time.
    virtual std::vector<Appointment> active_appointments_overlapping(UserId user, bool as_doctor, Instant from,
                                                                     Instant to) = 0;
    // Every appointment of the user (any status) starting in [from, to), by start time.
    virtual std::vector<Appointment> appointments_of(UserId user, bool as_doctor, Instant from, Instant to) = 0;
    // Appointments in one of `statuses` starting in [from, to), by start time (reminders, expiry).
    virtual std::vector<Appointment> appointments_starting(Instant from, Instant to,
                                                           const std::vector<AppointmentStatus>& statuses) = 0;
    virtual void insert_appointment_change(const AppointmentChange& change) = 0;
    virtual std::vector<AppointmentChange> appointment_changes(AppointmentId id) = 0;

    // --- credits: double-entry ledger
    // Stores one posting (entries summing to zero); assigns ids and the posting id, which it returns.
    virtual std::int64_t post_ledger(const std::vector<LedgerEntry>& entries) = 0;
    virtual std::int64_t account_balance(std::string_view account) = 0;
    // Entries touching any of the accounts, newest first, at most `limit`.
    virtual std::vector<LedgerEntry> ledger_entries(const std::vector<std::string>& accounts, int limit) = 0;
    virtual std::int64_t ledger_total() = 0;  // the sum of every entry: 0 unless something is broken

    virtual std::optional<Purchase> find_purchase(UserId user, std::string_view idempotency_key) = 0;
    virtual PurchaseId insert_purchase(const Purchase& purchase) = 0;  // UniqueViolation on (user, key)
    virtual void update_purchase(const Purchase& purchase) = 0;

    // --- notifications
    virtual NotificationId insert_notification(const Notification& n) = 0;
    virtual std::vector<Notification> notifications_of(UserId user, int limit) = 0;  // newest first
    virtual bool mark_notification_read(UserId user, NotificationId id, Instant at) = 0;
    virtual int unread_notifications(UserId user) = 0;

    // --- video calls: the call log and the in-call chat, kept with the appointment
    // Stores a stretch in the call (left_at usually empty); returns its id.
    virtual std::int64_t insert_call_participation(const CallParticipation& p) = 0;
    // Ends the stretch with this id, unless it has ended already (the first leave stands).
    virtual void end_call_participation(std::int64_t id, Instant left_at) = 0;
    // Every stretch of the appointment's calls, by joined_at then id.
    virtual std::vector<CallParticipation> call_participations(AppointmentId appointment) = 0;
    virtual CallMessageId insert_call_message(const CallMessage& m) = 0;
    // The newest `limit` messages of the appointment, oldest first.
    virtual std::vector<CallMessage> call_messages(AppointmentId appointment, int limit) = 0;

    // --- call recordings: the record, its bytes as numbered chunks, and who accessed it
    virtual RecordingId insert_recording(const CallRecording& r) = 0;  // returns the new id
    virtual void update_recording(const CallRecording& r) = 0;
    virtual std::optional<CallRecording> find_recording(RecordingId id) = 0;
    // The appointment's recordings, by started_at then id.
    virtual std::vector<CallRecording> recordings_of(AppointmentId appointment) = 0;
    // Every recording in this status, by id (the sweep finalises stale uploads).
    virtual std::vector<CallRecording> recordings_with_status(RecordingStatus status) = 0;
    // Throws UniqueViolation when (recording_id, seq) exists.
    virtual void insert_recording_chunk(const RecordingChunk& c) = 0;
    // The chunks holding any byte of [from, to), by seq.
    virtual std::vector<RecordingChunk> recording_chunks(RecordingId id, std::int64_t from, std::int64_t to) = 0;
    // Stores one access; false (and nothing stored) when an access with this token_id exists.
    virtual bool insert_recording_access(const RecordingAccess& a) = 0;
    // The recording's accesses, oldest first.
    virtual std::vector<RecordingAccess> recording_accesses(RecordingId id) = 0;
    // --- call invitations (guests). Participations and messages of a guest carry user_id = -invite id.
    virtual InviteId insert_call_invite(const CallInvite& invite) = 0;
    virtual std::optional<CallInvite> find_call_invite(InviteId id) = 0;
    virtual std::optional<CallInvite> find_call_invite_by_token_hash(std::string_view token_hash) = 0;
    virtual std::vector<CallInvite> call_invites(AppointmentId appointment) = 0;  // by id
    virtual void revoke_call_invite(InviteId id, Instant at) = 0;                  // the first revoke stands
    virtual void claim_call_invite(InviteId id, std::string_view guest_name, std::string_view key_hash,
                                   std::string_view time_zone, Instant at) = 0;
};

class Store {
public:
    virtual ~Store() = default;
    // Runs `work` inside one transaction: committed when it returns, rolled back when it throws
    // (the exception is rethrown). Transactions are serializable with respect to each other.
    virtual void transact(const std::function<void(Repository&)>& work) = 0;
};

}  // namespace core
