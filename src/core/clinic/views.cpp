// The wire forms of the clinic's views (declared in service.h).
#include "core/clinic/service.h"
#include "core/clinic/specialties.h"

namespace core {

msg::ProfileInfo profile_info(const DoctorProfile& p) {
    const Specialty* s = find_specialty(p.specialty);
    return {p.user_id,         p.specialty,          s ? s->name : p.specialty, p.bio,          p.languages,
            p.years_of_practice, p.licence_region,   p.price_credits,           p.verification, p.verification_note,
            p.licence_number};
}

msg::DoctorListingInfo listing_info(const DoctorListing& d) {
    return {d.user.id, d.user.display_name, d.user.time_zone, profile_info(d.profile), d.next_slot, d.user.email, std::nullopt};
}

msg::AppointmentInfo appointment_info(const AppointmentView& v, const JoinPolicy& join, bool with_history) {
    const Appointment& a = v.appointment;
    const JoinWindow w = join_window(a, join);
    const Specialty* s = find_specialty(v.doctor_specialty);
    msg::AppointmentInfo out;
    out.id = a.id;
    out.doctor = {v.doctor.id, v.doctor.display_name, v.doctor.time_zone, v.doctor_specialty, s ? s->name : v.doctor_specialty};
    out.patient = {v.patient.id, v.patient.display_name, v.patient.time_zone};
    out.starts_at = a.starts_at;
    out.ends_at = a.ends_at;
    out.status = a.status;
    out.concern = a.concern;
    out.price_credits = a.price_credits;
    out.free_cancel_until = a.starts_at - std::chrono::hours(a.free_cancel_hours);
    out.late_cancel_refund_percent = a.late_cancel_refund_percent;
    out.visit_summary = a.visit_summary;
    out.join_opens_at = w.opens_at;
    out.join_closes_at = w.closes_at;
    out.sequence = a.sequence;
    out.created_at = a.created_at;
    out.updated_at = a.updated_at;
    if (v.viewer_is_doctor) out.clinical_notes = a.clinical_notes;
    if (with_history) {
        out.history.emplace();
        for (const AppointmentChange& c : v.history) out.history->push_back({c.from, c.to, c.actor, c.message, c.at});
    }
    return out;
}

}  // namespace core
