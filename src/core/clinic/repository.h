// What the clinic stores: doctor profiles, availability, appointments and their history. Implemented
// by every store; tests/unit/store/clinic.test.cpp holds each one to the rules written here.
//
// Rules for every method: the store assigns ids, positive and increasing; an update of an unknown id
// changes nothing and does not throw; lists come in the order stated, ties by id.
#pragma once
#include <chrono>
#include <optional>
#include <vector>

#include "core/clinic/model.h"

namespace core {

// No visit lasts longer (slots are 15 to 60 minutes, so four times the longest): stores bound their
// overlap searches with it.
inline constexpr std::chrono::hours kLongestAppointment{4};

class ClinicRepository {
public:
    virtual ~ClinicRepository() = default;

    // --- doctors
    virtual void save_doctor_profile(const DoctorProfile& profile) = 0;  // insert or replace
    virtual std::optional<DoctorProfile> find_doctor_profile(UserId doctor) = 0;
    // All profiles, or only those with the given verification; ordered by user id.
    virtual std::vector<DoctorProfile> list_doctor_profiles(std::optional<Verification> only = std::nullopt) = 0;
    // Replaces settings, hours and exceptions as a whole; hours and exceptions come back in the order given.
    virtual void save_availability(const Availability& availability) = 0;
    virtual std::optional<Availability> find_availability(UserId doctor) = 0;

    // --- appointments
    // Assigns the id. Throws UniqueViolation when the doctor already has a slot-holding appointment at
    // that start: the store's own guarantee against double booking, whatever the service checked.
    virtual AppointmentId insert_appointment(const Appointment& appointment) = 0;
    // Replaces every field of the appointment with this id. Same unique rule (an appointment never
    // conflicts with itself); unknown id: nothing.
    virtual void update_appointment(const Appointment& appointment) = 0;
    virtual std::optional<Appointment> find_appointment(AppointmentId id) = 0;
    // Slot-holding appointments of the doctor (or patient) overlapping [from, to) (starting before `to`
    // and ending after `from`), by start time. A store may look no further back than
    // kLongestAppointment before `from` (visits last at most an hour), so the search stays a short
    // index range however many visits a doctor has had.
    virtual std::vector<Appointment> active_appointments_overlapping(UserId user, bool as_doctor, Instant from,
                                                                     Instant to) = 0;
    // Every appointment of the user (any status) starting in [from, to), by start time.
    virtual std::vector<Appointment> appointments_of(UserId user, bool as_doctor, Instant from, Instant to) = 0;
    // Appointments in one of `statuses` starting in [from, to), by start time (reminders, expiry).
    virtual std::vector<Appointment> appointments_starting(Instant from, Instant to,
                                                           const std::vector<AppointmentStatus>& statuses) = 0;
    // True when the doctor and the patient have an appointment together in any status but declined
    // (a care relationship: messaging's rule for who may write to whom).
    virtual bool has_visit_between(UserId doctor, UserId patient) = 0;
    // Everyone the user has such a visit with (has_visit_between's rule, from either side: a doctor's
    // patients, a patient's doctors), each once, by id. Presence announces a change to them.
    virtual std::vector<UserId> visit_partners(UserId user) = 0;
    virtual void insert_appointment_change(const AppointmentChange& change) = 0;  // assigns the id
    virtual std::vector<AppointmentChange> appointment_changes(AppointmentId id) = 0;  // as inserted (by id)
};

}  // namespace core
