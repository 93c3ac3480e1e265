// The clinic: doctor profiles and verification, availability and slots, booking with escrow,
// the appointment life cycle, credits and notifications. Every change runs in one store transaction
// with its ledger postings and history; what other people must hear about is collected in
// ClinicEffects for the transport (server fan-out, or the in-page demo) to deliver.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/clinic/appointment_rules.h"
#include "core/clinic/model.h"
#include "core/clinic/payments.h"
#include "core/clinic/slots.h"
#include "core/errors.h"
#include "core/store/store.h"

namespace core {

struct ClinicPolicy {
    int free_cancel_hours = 24;           // patient cancels earlier than this: full refund
    int late_cancel_refund_percent = 50;  // later: this share back, the rest to the doctor
    JoinPolicy join;
    size_t max_concern_chars = 2000;
    size_t max_notes_chars = 20000;
    int search_days = 14;                 // how far "next free slot" looks ahead
};

// What happened that someone else should see live.
struct ClinicEffects {
    std::vector<Appointment> appointments;    // changed: both sides get appointment.updated
    std::vector<Notification> notifications;  // created: their owner gets notification.created
    std::vector<UserId> wallets;              // balances changed: wallet.updated
    std::vector<UserId> doctors;              // profile or verification changed: doctor.updated
};

struct DoctorProfileInput {
    std::string specialty;
    std::string bio;
    std::vector<std::string> languages;
    int years_of_practice = 0;
    std::string licence_number;
    std::string licence_region;
    int price_credits = 2;
};

struct DoctorListing {
    User user;
    DoctorProfile profile;
    std::optional<Slot> next_slot;
};

struct DoctorQuery {
    std::string specialty;  // code, empty = all
    std::string text;       // matches name (case-insensitive for ASCII) or a language
};

struct Wallet {
    std::int64_t available = 0;  // spendable
    std::int64_t held = 0;       // in escrow for open appointments
    std::int64_t earnings = 0;   // doctors
    std::vector<LedgerEntry> entries;  // newest first
};

struct AppointmentView {
    Appointment appointment;
    User doctor;
    User patient;
    std::string doctor_specialty;
    std::vector<AppointmentChange> history;
    bool viewer_is_doctor = false;
};

class ClinicService {
public:
    ClinicService(Store& store, const Clock& clock, PaymentProvider& payments, ClinicPolicy policy = {});

    // --- doctors
    Result<DoctorProfile> doctor_profile(UserId viewer, UserId doctor);
    Result<DoctorProfile> update_doctor_profile(UserId doctor, const DoctorProfileInput& in, ClinicEffects& fx);
    Result<std::vector<DoctorListing>> find_doctors(const DoctorQuery& query);
    Result<std::vector<DoctorListing>> verification_queue(UserId admin);
    Result<DoctorProfile> decide_verification(UserId admin, UserId doctor, Verification decision, std::string note,
                                              ClinicEffects& fx);
    Result<Availability> availability(UserId viewer, UserId doctor);
    Result<Availability> set_availability(UserId doctor, Availability availability);
    Result<std::vector<Slot>> slots(UserId doctor, Instant from, Instant to);

    // --- appointments
    Result<Appointment> book(UserId patient, UserId doctor, Instant starts_at, std::string concern, ClinicEffects& fx);
    // confirm, decline, cancel, start, complete, no_show (expire is the sweep's)
    Result<Appointment> act(UserId actor, AppointmentId id, AppointmentAction action, std::string message,
                            ClinicEffects& fx);
    Result<Appointment> reschedule(UserId actor, AppointmentId id, Instant starts_at, ClinicEffects& fx);
    Result<Appointment> write_notes(UserId doctor, AppointmentId id, std::optional<std::string> clinical_notes,
                                    std::optional<std::string> visit_summary, ClinicEffects& fx);
    Result<AppointmentView> appointment(UserId viewer, AppointmentId id);
    Result<std::vector<AppointmentView>> appointments(UserId viewer, Instant from, Instant to);
    Result<std::string> ics(UserId viewer, AppointmentId id, const std::string& host);

    // --- credits
    Result<Purchase> buy_credits(UserId buyer, const std::string& package_id, const CardDetails& card,
                                 const std::string& idempotency_key, ClinicEffects& fx);
    Result<Wallet> wallet(UserId viewer);
    // Seeding only: credits given for free (demo accounts), from the external account.
    void grant_credits(UserId user, int credits, const std::string& memo);

    // --- notifications
    Result<std::vector<Notification>> notifications(UserId viewer, int limit);
    Result<Done> mark_notification_read(UserId viewer, NotificationId id);

    // --- time-driven work, run periodically: expire unanswered requests at their start time, send
    // the 24-hour and 15-minute reminders.
    void sweep(ClinicEffects& fx);

    const ClinicPolicy& policy() const { return policy_; }
    const Clock& clock() const { return clock_; }

private:
    struct Party;
    std::optional<Party> party_of(Repository& repo, const Appointment& a, UserId actor);
    void notify(Repository& repo, ClinicEffects& fx, UserId user, std::string kind, std::string title,
                std::string body, std::optional<AppointmentId> appointment);
    void settle(Repository& repo, const Appointment& a, AppointmentStatus to, Actor by, ClinicEffects& fx);
    void record_change(Repository& repo, const Appointment& a, std::optional<AppointmentStatus> from, UserId actor,
                       const std::string& message);
    std::string local_time_for(Repository& repo, UserId viewer, Instant t);
    AppointmentView view_of(Repository& repo, const Appointment& a, bool viewer_is_doctor, bool with_history);

    Store& store_;
    const Clock& clock_;
    PaymentProvider& payments_;
    ClinicPolicy policy_;
};

}  // namespace core
