#include "core/seed/demo_clinic.h"

#include <stdexcept>

#include "core/seed/demo_accounts.h"
#include "core/time/format.h"

namespace core {

const std::vector<DemoDoctor>& demo_doctors() {
    static const std::vector<DemoDoctor> kDoctors{
        {"doctor@demo.telemed.test", "Dr. Amara Okafor", "Europe/Berlin", "general_practice", {"English", "Deutsch", "Igbo"}, 12, 2, true, false},
        {"cardiology@demo.telemed.test", "Dr. Mateo García", "Europe/Madrid", "cardiology", {"Español", "English"}, 18, 3, true, false},
        {"dermatology@demo.telemed.test", "Dr. Yuki Tanaka", "Asia/Tokyo", "dermatology", {"日本語", "English"}, 9, 2, true, true},
        {"paediatrics@demo.telemed.test", "Dr. Chloé Martin", "Europe/Paris", "paediatrics", {"Français", "English"}, 15, 2, true, false},
        {"psychiatry@demo.telemed.test", "Dr. Rahul Mehta", "Asia/Kolkata", "psychiatry", {"English", "हिन्दी"}, 11, 3, true, false},
        {"neurology@demo.telemed.test", "Dr. Sarah Goldberg", "America/New_York", "neurology", {"English", "עברית"}, 20, 3, true, false},
        {"pending@demo.telemed.test", "Dr. Lars Nilsson", "Europe/Stockholm", "orthopaedics", {"Svenska", "English"}, 7, 2, false, false},
    };
    return kDoctors;
}

void seed_demo_clinic(Services& services) {
    AccountService& accounts = services.accounts;
    ClinicService& clinic = services.clinic;
    const std::string password = demo_accounts().front().password;
    UserId admin = 0;
    UserId patient = 0;
    for (const DemoAccount& a : demo_accounts()) {
        auto u = accounts.ensure_account({a.email, a.password, a.display_name, a.role, "Europe/Berlin"}, AccountStatus::active);
        if (!u) throw std::runtime_error("seeding " + a.email + ": " + u.error().message);
        if (a.role == Role::admin) admin = u->id;
        if (a.role == Role::patient) patient = u->id;
    }
    for (const DemoDoctor& d : demo_doctors()) {
        auto user = accounts.ensure_account({d.email, password, d.display_name, Role::doctor, d.time_zone},
                                            AccountStatus::pending_verification);
        if (!user) throw std::runtime_error("seeding " + d.email + ": " + user.error().message);
        auto existing = clinic.doctor_profile(user->id, user->id);
        if (existing && !existing->licence_number.empty()) continue;  // seeded before

        Effects ignored;  // nobody is connected while seeding
        const DoctorProfileInput profile{d.specialty,
                                         "Consults by video for adults and families. Happy to help with second opinions.",
                                         d.languages, d.years, "DEMO-" + std::to_string(user->id * 7919 % 100000),
                                         "Demo Medical Council", d.price};
        if (!clinic.update_doctor_profile(user->id, profile, ignored)) throw std::runtime_error("seeding profile " + d.email);
        Availability hours;
        for (int weekday = 0; weekday < 5; ++weekday) {
            hours.weekly.push_back({weekday, 9 * 60, 12 * 60 + 30});
            hours.weekly.push_back({weekday, 14 * 60, 18 * 60});
        }
        hours.weekly.push_back({5, 10 * 60, 13 * 60});  // Saturday mornings
        hours.slot_minutes = 30;
        hours.auto_confirm = d.auto_confirm;
        if (!clinic.set_availability(user->id, hours)) throw std::runtime_error("seeding hours " + d.email);
        if (d.verified) clinic.decide_verification(admin, user->id, Verification::verified, "", ignored);
    }
    if (auto w = services.credits.wallet(patient); w && w->available == 0 && w->entries.empty())
        services.credits.grant_credits(patient, kDemoPatientCredits, "Welcome credits (demo)");
}

namespace {

// The half hour the demo visit takes: within the 30-minute join window, on the grid of the doctor's hours.
Instant demo_visit_start(Instant now) {
    using namespace std::chrono;
    const Instant floor_half = time_point_cast<milliseconds>(floor<minutes>(now) - minutes(floor<minutes>(now).time_since_epoch().count() % 30));
    const Instant next = floor_half + minutes(30);
    return next - now <= minutes(25) ? next : floor_half;
}

}  // namespace

void seed_demo_visit(Store& store, Services& services, const Clock& clock) {
    ClinicService& clinic = services.clinic;
    const Instant now = clock.now();
    struct People {
        std::optional<User> doctor, patient;
        bool busy = false;
    };
    const People people = store.transact([&](Transaction& tx) {
                                   People p{tx.accounts().find_user_by_email(demo_doctors().front().email),
                                            tx.accounts().find_user_by_email(demo_accounts().front().email), false};
                                   if (p.patient)
                                       p.busy = !tx.clinic().active_appointments_overlapping(p.patient->id, false, now - std::chrono::hours(3),
                                                                                           now + std::chrono::days(365)).empty();
                                   return p;
                               })
                              .value;
    const std::optional<User>& doctor = people.doctor;
    const std::optional<User>& patient = people.patient;
    if (!doctor || !patient) throw std::runtime_error("seeding the demo visit: demo accounts missing");
    if (people.busy) return;
    const Instant start = demo_visit_start(now);
    // Booked "earlier" (a clock three hours back) so the booking rules apply as they would have then:
    // minimum notice, the doctor's hours; an extra-hours exception covers a start outside them.
    auto hours = clinic.availability(doctor->id, doctor->id);
    if (!hours) throw std::runtime_error("seeding the demo visit: " + hours.error().message);
    Availability with_visit = hours.value();
    const LocalParts local = local_parts(start, zone_or_utc(doctor->time_zone));
    char date[16];
    std::snprintf(date, sizeof date, "%04d-%02d-%02d", local.year, local.month, local.day);
    const int minute = local.hour * 60 + local.minute;
    with_visit.exceptions.push_back({date, false, minute, std::min(24 * 60, minute + with_visit.slot_minutes)});
    if (!clinic.set_availability(doctor->id, with_visit)) throw std::runtime_error("seeding the demo visit's hours");
    ManualClock earlier{start - std::chrono::hours(3)};
    ClinicService then{store, earlier, clinic.policy()};
    Effects ignored;  // nobody is connected while seeding
    auto booked = then.book(patient->id, doctor->id, start, "Cough and a sore throat for three days (demo visit)", ignored);
    if (booked && booked->appointment.status != AppointmentStatus::confirmed)
        booked = then.act(doctor->id, booked->appointment.id, AppointmentAction::confirm, "", ignored);
    clinic.set_availability(doctor->id, hours.value());  // the doctor's hours as they were
    if (!booked) throw std::runtime_error("seeding the demo visit: " + booked.error().message);
}

}  // namespace core
