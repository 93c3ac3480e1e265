// MemoryStore's clinic: doctor profiles, availability, appointments and their history (rules:
// core/clinic/repository.h).
#include <algorithm>
#include <set>

#include "core/store/memory/repositories.h"

namespace core {
namespace {

// Appointments matching `pred`, by start time then id (the map is walked by id; the sort is stable).
template <typename Pred>
std::vector<Appointment> select_appointments(const MemoryData& d, Pred pred) {
    std::vector<Appointment> out;
    for (const auto& [id, a] : d.appointments)
        if (pred(a)) out.push_back(a);
    std::stable_sort(out.begin(), out.end(),
                     [](const Appointment& x, const Appointment& y) { return x.starts_at < y.starts_at; });
    return out;
}

// The rule SQLite's partial unique index appointments_one_per_slot keeps: one slot-holding
// appointment per doctor and start. `a.id` is skipped, so an appointment never conflicts with itself.
void check_one_per_slot(const MemoryData& d, const Appointment& a) {
    if (!holds_slot(a.status)) return;
    for (const auto& [id, other] : d.appointments)
        if (id != a.id && other.doctor_id == a.doctor_id && other.starts_at == a.starts_at &&
            holds_slot(other.status))
            throw UniqueViolation("appointments.doctor_slot");
}

}  // namespace

// --- doctors
void MemoryClinic::save_doctor_profile(const DoctorProfile& profile) {
    d_.doctor_profiles[profile.user_id] = profile;
}

std::optional<DoctorProfile> MemoryClinic::find_doctor_profile(UserId doctor) {
    return find_row(d_.doctor_profiles, doctor);
}

std::vector<DoctorProfile> MemoryClinic::list_doctor_profiles(std::optional<Verification> only) {
    std::vector<DoctorProfile> out;
    for (const auto& [id, p] : d_.doctor_profiles)
        if (!only || p.verification == *only) out.push_back(p);
    return out;
}

void MemoryClinic::save_availability(const Availability& availability) {
    d_.availability[availability.doctor_id] = availability;
}

std::optional<Availability> MemoryClinic::find_availability(UserId doctor) {
    return find_row(d_.availability, doctor);
}

// --- appointments
AppointmentId MemoryClinic::insert_appointment(const Appointment& appointment) {
    Appointment copy = appointment;
    copy.id = 0;  // a new row conflicts with every other
    check_one_per_slot(d_, copy);
    copy.id = d_.take_id();
    d_.appointments.emplace(copy.id, copy);
    return copy.id;
}

void MemoryClinic::update_appointment(const Appointment& appointment) {
    Appointment* stored = row(d_.appointments, appointment.id);
    if (!stored) return;
    check_one_per_slot(d_, appointment);
    *stored = appointment;
}

std::optional<Appointment> MemoryClinic::find_appointment(AppointmentId id) {
    return find_row(d_.appointments, id);
}

std::vector<Appointment> MemoryClinic::active_appointments_overlapping(UserId user, bool as_doctor,
                                                                       Instant from, Instant to) {
    return select_appointments(d_, [&](const Appointment& a) {
        return (as_doctor ? a.doctor_id : a.patient_id) == user && holds_slot(a.status) && a.starts_at < to &&
               a.ends_at > from;
    });
}

std::vector<Appointment> MemoryClinic::appointments_of(UserId user, bool as_doctor, Instant from,
                                                       Instant to) {
    return select_appointments(d_, [&](const Appointment& a) {
        return (as_doctor ? a.doctor_id : a.patient_id) == user && a.starts_at >= from && a.starts_at < to;
    });
}

std::vector<Appointment> MemoryClinic::appointments_starting(Instant from, Instant to,
                                                             const std::vector<AppointmentStatus>& statuses) {
    return select_appointments(d_, [&](const Appointment& a) {
        return a.starts_at >= from && a.starts_at < to &&
               std::find(statuses.begin(), statuses.end(), a.status) != statuses.end();
    });
}

bool MemoryClinic::has_visit_between(UserId doctor, UserId patient) {
    return std::any_of(d_.appointments.begin(), d_.appointments.end(), [&](const auto& row) {
        const Appointment& a = row.second;
        return a.doctor_id == doctor && a.patient_id == patient && a.status != AppointmentStatus::declined;
    });
}

std::vector<UserId> MemoryClinic::visit_partners(UserId user) {
    std::set<UserId> out;
    for (const auto& [id, a] : d_.appointments) {
        if (a.status == AppointmentStatus::declined) continue;
        if (a.doctor_id == user) out.insert(a.patient_id);
        else if (a.patient_id == user) out.insert(a.doctor_id);
    }
    return {out.begin(), out.end()};
}

void MemoryClinic::insert_appointment_change(const AppointmentChange& change) {
    AppointmentChange copy = change;
    copy.id = d_.take_id();
    d_.appointment_changes.push_back(std::move(copy));
}

std::vector<AppointmentChange> MemoryClinic::appointment_changes(AppointmentId id) {
    std::vector<AppointmentChange> out;
    for (const auto& c : d_.appointment_changes)
        if (c.appointment_id == id) out.push_back(c);
    return out;
}

}  // namespace core
