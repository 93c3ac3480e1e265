// The clinic: doctor profiles and verification, availability and slots, booking with escrow, and the
// appointment life cycle. Every operation is one store transaction with its ledger postings, history,
// notifications and the events for both sides (appointment.updated, wallet.updated, …), which reach
// `out` only once it committed.
//
// Threading: every method may be called from any thread (the store serializes transactions).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/clinic/appointment_rules.h"
#include "core/clinic/messages.h"
#include "core/clinic/model.h"
#include "core/clinic/slots.h"
#include "core/effects.h"
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
    User user;  // without its password hash
    DoctorProfile profile;
    std::optional<Slot> next_slot;
};

struct DoctorQuery {
    std::string specialty;  // code, empty = all
    std::string text;       // matches name (case-insensitive for ASCII), a language or the specialty
};

// An appointment as one side sees it.
struct AppointmentView {
    Appointment appointment;  // clinical notes cleared unless the viewer is the doctor
    User doctor;              // without password hashes
    User patient;
    std::string doctor_specialty;
    std::vector<AppointmentChange> history;  // when asked for
    bool viewer_is_doctor = false;
};

// The wire forms (clinic/messages.h) of the clinic's views.
msg::ProfileInfo profile_info(const DoctorProfile& p);
msg::DoctorListingInfo listing_info(const DoctorListing& d);
msg::AppointmentInfo appointment_info(const AppointmentView& v, const JoinPolicy& join, bool with_history);

class ClinicService {
public:
    ClinicService(Store& store, const Clock& clock, ClinicPolicy policy = {});

    // --- doctors
    Result<DoctorProfile> doctor_profile(UserId viewer, UserId doctor);
    Result<DoctorProfile> update_doctor_profile(UserId doctor, const DoctorProfileInput& in, Effects& out);
    Result<std::vector<DoctorListing>> find_doctors(const DoctorQuery& query);
    Result<std::vector<DoctorListing>> verification_queue(UserId admin);
    Result<DoctorProfile> decide_verification(UserId admin, UserId doctor, Verification decision, std::string note,
                                              Effects& out);
    Result<Availability> availability(UserId viewer, UserId doctor);
    Result<Availability> set_availability(UserId doctor, Availability availability);
    Result<std::vector<Slot>> slots(UserId doctor, Instant from, Instant to);

    // --- appointments. Each answers with the appointment as the actor sees it, history included.
    Result<AppointmentView> book(UserId patient, UserId doctor, Instant starts_at, std::string concern, Effects& out);
    // confirm, decline, cancel, start, complete, no_show (expire is the sweep's)
    Result<AppointmentView> act(UserId actor, AppointmentId id, AppointmentAction action, std::string message,
                                Effects& out);
    Result<AppointmentView> reschedule(UserId actor, AppointmentId id, Instant starts_at, Effects& out);
    Result<AppointmentView> write_notes(UserId doctor, AppointmentId id, std::optional<std::string> clinical_notes,
                                        std::optional<std::string> visit_summary, Effects& out);
    Result<AppointmentView> appointment(UserId viewer, AppointmentId id);
    Result<std::vector<AppointmentView>> appointments(UserId viewer, Instant from, Instant to);
    Result<std::string> ics(UserId viewer, AppointmentId id, const std::string& host);

    // `act` inside a transaction another domain already opened (the call starting and completing
    // the visit): its effects go to tx.effects().
    Result<AppointmentView> act_in(Transaction& tx, UserId actor, AppointmentId id, AppointmentAction action,
                                   const std::string& message);

    // Closes a visit in progress whose call was abandoned (everybody dropped or left without the doctor
    // closing it) once its join window has closed: completed when the patient was in the call
    // (`attended`), else no_show; either way the escrow goes to the doctor, once. Refused (nothing
    // changes) for a visit not in progress or whose call can still be joined. In the caller's transaction.
    Result<Done> close_abandoned_in(Transaction& tx, const Appointment& a, bool attended);

    // --- time-driven work, run periodically: expire unanswered requests at their start time, send
    // the 24-hour and 15-minute reminders.
    void sweep(Effects& out);

    const ClinicPolicy& policy() const { return policy_; }
    const Clock& clock() const { return clock_; }

private:
    struct Party;
    std::optional<Party> party_of(Transaction& tx, const Appointment& a, UserId actor);
    void settle(Transaction& tx, const Appointment& a, AppointmentStatus to, Actor by);
    void record_change(Transaction& tx, const Appointment& a, std::optional<AppointmentStatus> from, UserId actor,
                       const std::string& message);
    std::string local_time_for(Transaction& tx, UserId viewer, Instant t);
    AppointmentView view_of(Transaction& tx, const Appointment& a, bool viewer_is_doctor, bool with_history);
    // appointment.updated to both sides, each with their own copy.
    void announce(Transaction& tx, const Appointment& a);
    Result<AppointmentView> reschedule_in(Transaction& tx, UserId actor, AppointmentId id, Instant starts_at);

    Store& store_;
    const Clock& clock_;
    ClinicPolicy policy_;
};

}  // namespace core
