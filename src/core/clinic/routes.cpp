// The clinic requests: who may send each, and how it is answered. The rules are in service.cpp.
#include "core/clinic/routes.h"

#include "core/clinic/specialties.h"

namespace core {
namespace {

using AppointmentResult = Result<msg::AppointmentReply>;

template <typename T, typename F>
auto map(Result<T> r, F f) -> Result<decltype(f(r.value()))> {
    if (!r) return r.error();
    return f(r.value());
}

}  // namespace

void add_clinic_routes(Routes& routes, ClinicService& clinic) {
    const auto appointment_reply = [&clinic](Result<AppointmentView> v) -> AppointmentResult {
        if (!v) return v.error();
        return msg::AppointmentReply{appointment_info(v.value(), clinic.policy().join, /*with_history=*/true)};
    };
    const auto profile_reply = [](Result<DoctorProfile> p) { return map(std::move(p), [](auto& x) { return msg::ProfileReply{profile_info(x)}; }); };

    routes.add<msg::ListSpecialties>(Who::signed_in, [](RequestContext&, msg::ListSpecialties&) -> Result<msg::SpecialtyList> {
        msg::SpecialtyList out;
        for (const Specialty& s : specialties()) out.specialties.push_back({s.code, s.name});
        return out;
    });
    routes.add<msg::FindDoctors>(Who::signed_in, [&clinic](RequestContext&, msg::FindDoctors& in) {
        return map(clinic.find_doctors({in.specialty, in.text.substr(0, 100)}), [](auto& list) {
            msg::DoctorList out;
            for (const DoctorListing& l : list) out.doctors.push_back(listing_info(l));
            return out;
        });
    }, Work::scan);
    routes.add<msg::GetDoctor>(Who::signed_in, [&clinic, profile_reply](RequestContext& c, msg::GetDoctor& in) {
        return profile_reply(clinic.doctor_profile(c.auth().user.id, in.doctor_id));
    });
    routes.add<msg::GetSlots>(Who::signed_in, [&clinic](RequestContext&, msg::GetSlots& in) {
        return map(clinic.slots(in.doctor_id, in.from, in.to), [](auto& slots) { return msg::SlotList{slots}; });
    }, Work::scan);
    routes.add<msg::UpdateDoctorProfile>(Who::signed_in, [&clinic, profile_reply](RequestContext& c, msg::UpdateDoctorProfile& in) {
        const DoctorProfileInput input{in.specialty, in.bio, in.languages, in.years_of_practice, in.licence_number, in.licence_region,
                                       in.price_credits};
        return profile_reply(clinic.update_doctor_profile(c.auth().user.id, input, c.effects()));
    });
    routes.add<msg::GetAvailability>(Who::signed_in, [&clinic](RequestContext& c, msg::GetAvailability&) {
        const UserId me = c.auth().user.id;
        return map(clinic.availability(me, me), [](auto& a) { return msg::AvailabilityReply{a}; });
    });
    routes.add<msg::SetAvailability>(Who::signed_in, [&clinic](RequestContext& c, msg::SetAvailability& in) {
        return map(clinic.set_availability(c.auth().user.id, in.availability), [](auto& a) { return msg::AvailabilityReply{a}; });
    });
    routes.add<msg::VerificationQueue>(Who::signed_in, [&clinic](RequestContext& c, msg::VerificationQueue&) {
        return map(clinic.verification_queue(c.auth().user.id), [](auto& queue) {
            msg::DoctorList out;
            for (const DoctorListing& l : queue) {
                msg::DoctorListingInfo x = listing_info(l);
                x.signed_up_at = l.user.created_at;
                out.doctors.push_back(std::move(x));
            }
            return out;
        });
    }, Work::scan);
    routes.add<msg::DecideVerification>(Who::signed_in, [&clinic, profile_reply](RequestContext& c, msg::DecideVerification& in) {
        return profile_reply(clinic.decide_verification(c.auth().user.id, in.doctor_id, in.decision, in.reason, c.effects()));
    });
    routes.add<msg::Book>(Who::signed_in, [&clinic, appointment_reply](RequestContext& c, msg::Book& in) {
        return appointment_reply(clinic.book(c.auth().user.id, in.doctor_id, in.starts_at, in.concern, c.effects()));
    });
    routes.add<msg::ActOnAppointment>(Who::signed_in, [&clinic, appointment_reply](RequestContext& c, msg::ActOnAppointment& in) {
        return appointment_reply(clinic.act(c.auth().user.id, in.appointment_id, in.action, in.message, c.effects()));
    });
    routes.add<msg::Reschedule>(Who::signed_in, [&clinic, appointment_reply](RequestContext& c, msg::Reschedule& in) {
        return appointment_reply(clinic.reschedule(c.auth().user.id, in.appointment_id, in.starts_at, c.effects()));
    });
    routes.add<msg::WriteNotes>(Who::signed_in, [&clinic, appointment_reply](RequestContext& c, msg::WriteNotes& in) {
        return appointment_reply(clinic.write_notes(c.auth().user.id, in.appointment_id, in.clinical_notes, in.visit_summary, c.effects()));
    });
    routes.add<msg::GetAppointment>(Who::signed_in, [&clinic, appointment_reply](RequestContext& c, msg::GetAppointment& in) {
        return appointment_reply(clinic.appointment(c.auth().user.id, in.appointment_id));
    });
    routes.add<msg::ListAppointments>(Who::signed_in, [&clinic](RequestContext& c, msg::ListAppointments& in) {
        return map(clinic.appointments(c.auth().user.id, in.from, in.to), [&clinic](auto& list) {
            msg::AppointmentList out;
            for (const AppointmentView& v : list) out.appointments.push_back(appointment_info(v, clinic.policy().join, false));
            return out;
        });
    }, Work::scan);
    routes.add<msg::GetAppointmentIcs>(Who::signed_in, [&clinic](RequestContext& c, msg::GetAppointmentIcs& in) {
        return map(clinic.ics(c.auth().user.id, in.appointment_id, "telemed.local"), [&in](auto& ics) {
            return msg::CalendarFile{"appointment-" + std::to_string(in.appointment_id) + ".ics", "text/calendar; charset=utf-8", ics};
        });
    });
    routes.add_timer("clinic.sweep", [&clinic](Effects& out) { clinic.sweep(out); });
}

}  // namespace core
