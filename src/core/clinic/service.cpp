#include "core/clinic/service.h"

#include <algorithm>
#include <cctype>

#include "core/accounts/validation.h"
#include "core/clinic/ics.h"
#include "core/clinic/specialties.h"
#include "core/clinic/standing.h"
#include "core/credits/ledger.h"
#include "core/notifications/service.h"
#include "core/protocol/protocol.h"
#include "core/time/format.h"
#include "core/time/zone_db.h"

namespace core {

using namespace std::chrono;

struct ClinicService::Party {
    Actor actor;
    User user;
};

namespace {

Error no_such_appointment() { return Error::of(ErrorCode::not_found, "This appointment does not exist."); }

std::string lower_ascii(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](char c) { return char(std::tolower(static_cast<unsigned char>(c))); });
    return s;
}

std::optional<Error> check_text(std::string_view text, size_t max_chars, const char* field, const char* what) {
    if (!protocol::is_valid_utf8(text))
        return Error::of(ErrorCode::invalid_field, std::string(what) + " contains invalid characters.", field);
    if (utf8_length(text) > max_chars)
        return Error::of(ErrorCode::invalid_field,
                         std::string(what) + " is too long (at most " + std::to_string(max_chars) + " characters).", field);
    return std::nullopt;
}

}  // namespace

ClinicService::ClinicService(Store& store, const Clock& clock, ClinicPolicy policy)
    : store_(store), clock_(clock), policy_(policy) {}


// ----------------------------------------------------------------------------------------------------
// helpers

std::optional<ClinicService::Party> ClinicService::party_of(Transaction& tx, const Appointment& a, UserId actor) {
    auto user = tx.accounts().find_user(actor);
    if (!user) return std::nullopt;
    if (a.patient_id == actor) return Party{Actor::patient, *user};
    if (a.doctor_id == actor) return Party{Actor::doctor, *user};
    return std::nullopt;
}

void ClinicService::record_change(Transaction& tx, const Appointment& a, std::optional<AppointmentStatus> from,
                                  UserId actor, const std::string& message) {
    tx.clinic().insert_appointment_change({0, a.id, from, a.status, actor, message, clock_.now()});
}

std::string ClinicService::local_time_for(Transaction& tx, UserId viewer, Instant t) {
    auto user = tx.accounts().find_user(viewer);
    return format_with_zone(t, user ? user->time_zone : std::string("UTC"));
}

// Ledger effects of reaching `to`: escrow goes back to the patient, to the doctor, or is split.
void ClinicService::settle(Transaction& tx, const Appointment& a, AppointmentStatus to, Actor by) {
    const Instant now = clock_.now();
    const std::string escrow = escrow_account(a.id), wallet = wallet_account(a.patient_id),
                      earnings = earnings_account(a.doctor_id);
    const std::int64_t held = tx.credits().account_balance(escrow);
    switch (to) {
        case AppointmentStatus::declined:
        case AppointmentStatus::expired:
            transfer(tx, escrow, wallet, LedgerKind::release, held, a.id, "Released: request not accepted", now);
            break;
        case AppointmentStatus::cancelled: {
            const CancellationOutcome out = cancellation_outcome(a, by, now);
            transfer(tx, escrow, wallet, LedgerKind::refund, std::min<std::int64_t>(out.refund, held), a.id,
                     out.late ? "Late cancellation: partial refund" : "Cancellation: full refund", now);
            transfer(tx, escrow, earnings, LedgerKind::earning, tx.credits().account_balance(escrow), a.id,
                     "Late cancellation fee", now);
            break;
        }
        case AppointmentStatus::completed:
        case AppointmentStatus::no_show:
            transfer(tx, escrow, earnings, LedgerKind::earning, held, a.id,
                     to == AppointmentStatus::completed ? "Consultation completed" : "Patient did not attend", now);
            break;
        default: return;
    }
    announce_wallets(tx, {a.patient_id, a.doctor_id});
}

// An appointment as one side sees it: names without secrets, clinical notes only for the doctor.
AppointmentView ClinicService::view_of(Transaction& tx, const Appointment& a, bool viewer_is_doctor, bool with_history) {
    AppointmentView v{a, tx.accounts().find_user(a.doctor_id).value_or(User{}), tx.accounts().find_user(a.patient_id).value_or(User{}),
                      "", {}, viewer_is_doctor};
    if (with_history) v.history = tx.clinic().appointment_changes(a.id);
    v.doctor.password_hash.clear();
    v.patient.password_hash.clear();
    if (auto p = tx.clinic().find_doctor_profile(a.doctor_id)) v.doctor_specialty = p->specialty;
    if (!viewer_is_doctor) v.appointment.clinical_notes.clear();
    return v;
}

void ClinicService::announce(Transaction& tx, const Appointment& a) {
    // Read once; each side gets its own copy, the patient's without the doctor's clinical notes.
    AppointmentView for_doctor = view_of(tx, a, /*viewer_is_doctor=*/true, false);
    AppointmentView for_patient = for_doctor;
    for_patient.viewer_is_doctor = false;
    for_patient.appointment.clinical_notes.clear();
    tx.effects().to_user(a.patient_id, msg::AppointmentUpdated{appointment_info(for_patient, policy_.join, false)});
    tx.effects().to_user(a.doctor_id, msg::AppointmentUpdated{appointment_info(for_doctor, policy_.join, false)});
}

// ----------------------------------------------------------------------------------------------------
// doctors

Result<DoctorProfile> ClinicService::doctor_profile(UserId viewer, UserId doctor) {
    return store_.transact([&](Transaction& tx) -> Result<DoctorProfile> {
                     auto me = tx.accounts().find_user(viewer);
                     auto doc = tx.accounts().find_user(doctor);
                     if (!me || !doc || doc->role != Role::doctor) return Error::of(ErrorCode::not_found, "This doctor does not exist.");
                     DoctorProfile p = tx.clinic().find_doctor_profile(doctor).value_or(DoctorProfile{.user_id = doctor});
                     const bool visible = p.verification == Verification::verified || viewer == doctor || me->role == Role::admin;
                     if (!visible) return Error::of(ErrorCode::not_found, "This doctor does not exist.");
                     if (viewer != doctor && me->role != Role::admin) p.licence_number.clear();  // shown to admins only
                     return p;
                 })
        .value;
}

Result<DoctorProfile> ClinicService::update_doctor_profile(UserId doctor, const DoctorProfileInput& in, Effects& out) {
    if (!find_specialty(in.specialty)) return Error::of(ErrorCode::invalid_field, "Choose a specialty from the list.", "specialty");
    if (auto e = check_text(in.bio, 2000, "bio", "The biography")) return *e;
    if (in.languages.empty() || in.languages.size() > 12)
        return Error::of(ErrorCode::invalid_field, "List between one and twelve languages you consult in.", "languages");
    for (const std::string& l : in.languages)
        if (trim(l).empty() || check_text(l, 40, "languages", "A language"))
            return Error::of(ErrorCode::invalid_field, "Each language is a name of at most 40 characters.", "languages");
    if (in.years_of_practice < 0 || in.years_of_practice > 70)
        return Error::of(ErrorCode::invalid_field, "Years of practice are between 0 and 70.", "years_of_practice");
    if (trim(in.licence_number).empty() || check_text(in.licence_number, 64, "licence_number", "The licence number"))
        return Error::of(ErrorCode::invalid_field, "Enter your licence number (at most 64 characters).", "licence_number");
    if (trim(in.licence_region).empty() || check_text(in.licence_region, 100, "licence_region", "The region"))
        return Error::of(ErrorCode::invalid_field, "Enter the region or authority that issued your licence.", "licence_region");
    if (in.price_credits < 1 || in.price_credits > 20)
        return Error::of(ErrorCode::invalid_field, "The price is between 1 and 20 credits.", "price_credits");

    return store_.transact(
        [&](Transaction& tx) -> Result<DoctorProfile> {
            auto user = tx.accounts().find_user(doctor);
            if (!user || user->role != Role::doctor) return Error::of(ErrorCode::forbidden, "Only doctors have a doctor profile.");
            DoctorProfile p = tx.clinic().find_doctor_profile(doctor).value_or(DoctorProfile{.user_id = doctor});
            const bool licence_changed = p.licence_number != trim(in.licence_number) || p.licence_region != trim(in.licence_region);
            p.specialty = in.specialty;
            p.bio = in.bio;
            p.languages.clear();
            for (const std::string& l : in.languages) p.languages.push_back(trim(l));
            p.years_of_practice = in.years_of_practice;
            p.licence_number = trim(in.licence_number);
            p.licence_region = trim(in.licence_region);
            p.price_credits = in.price_credits;
            p.updated_at = clock_.now();
            // A new licence must be checked again; a rejected doctor who corrects it goes back in the queue.
            if ((licence_changed && p.verification == Verification::verified) || p.verification == Verification::rejected) {
                p.verification = Verification::pending;
                p.verification_note.clear();
                tx.accounts().set_user_status(doctor, AccountStatus::pending_verification);
                tx.effects().users_changed.push_back(doctor);
            }
            tx.clinic().save_doctor_profile(p);
            tx.effects().to_user(doctor, msg::DoctorUpdated{profile_info(p)});
            return p;
        },
        out);
}

Result<std::vector<DoctorListing>> ClinicService::find_doctors(const DoctorQuery& q) {
    const Instant now = clock_.now();
    const std::string text = lower_ascii(trim(q.text));
    auto out = store_.transact([&](Transaction& tx) {
                         std::vector<DoctorListing> list;
                         for (const DoctorProfile& p : tx.clinic().list_doctor_profiles(Verification::verified)) {
                             if (!q.specialty.empty() && p.specialty != q.specialty) continue;
                             auto user = tx.accounts().find_user(p.user_id);
                             if (!user) continue;
                             if (!text.empty()) {
                                 bool match = lower_ascii(user->display_name).find(text) != std::string::npos;
                                 for (const std::string& l : p.languages) match |= lower_ascii(l).find(text) != std::string::npos;
                                 if (const Specialty* s = find_specialty(p.specialty))
                                     match |= lower_ascii(s->name).find(text) != std::string::npos;
                                 if (!match) continue;
                             }
                             DoctorListing listing{*user, p, std::nullopt};
                             listing.user.password_hash.clear();
                             listing.user.email.clear();
                             listing.profile.licence_number.clear();
                             if (auto availability = tx.clinic().find_availability(p.user_id)) {
                                 const Instant until = now + days(policy_.search_days);
                                 const auto busy = tx.clinic().active_appointments_overlapping(p.user_id, true, now, until + days(1));
                                 const auto slots = compute_slots(*availability, zone_or_utc(user->time_zone), now, now, until, busy);
                                 if (!slots.empty()) listing.next_slot = slots.front();
                             }
                             list.push_back(std::move(listing));
                         }
                         return list;
                     })
                   .value;
    // Soonest available first; doctors with no free slot last, by name.
    std::stable_sort(out.begin(), out.end(), [](const DoctorListing& a, const DoctorListing& b) {
        if (a.next_slot.has_value() != b.next_slot.has_value()) return a.next_slot.has_value();
        if (a.next_slot && a.next_slot->starts_at != b.next_slot->starts_at) return a.next_slot->starts_at < b.next_slot->starts_at;
        return a.user.display_name < b.user.display_name;
    });
    return out;
}

Result<std::vector<DoctorListing>> ClinicService::verification_queue(UserId admin) {
    return store_.transact([&](Transaction& tx) -> Result<std::vector<DoctorListing>> {
                     auto me = tx.accounts().find_user(admin);
                     if (!me || me->role != Role::admin) return Error::of(ErrorCode::forbidden, "Only administrators verify doctors.");
                     std::vector<DoctorListing> queue;
                     for (User u : tx.accounts().list_users()) {
                         if (u.role != Role::doctor) continue;
                         const DoctorProfile p = tx.clinic().find_doctor_profile(u.id).value_or(DoctorProfile{.user_id = u.id});
                         u.password_hash.clear();
                         queue.push_back({u, p, std::nullopt});
                     }
                     // Pending first (oldest first), then everyone else for suspension decisions.
                     std::stable_sort(queue.begin(), queue.end(), [](const DoctorListing& a, const DoctorListing& b) {
                         return (a.profile.verification == Verification::pending) > (b.profile.verification == Verification::pending);
                     });
                     return queue;
                 })
        .value;
}

Result<DoctorProfile> ClinicService::decide_verification(UserId admin, UserId doctor, Verification decision,
                                                         std::string note, Effects& out) {
    if (decision == Verification::pending) return Error::of(ErrorCode::invalid_field, "Choose approve, reject or suspend.", "decision");
    if ((decision == Verification::rejected || decision == Verification::suspended) && trim(note).empty())
        return Error::of(ErrorCode::invalid_field, "Tell the doctor why, so they can put it right.", "reason");
    if (auto e = check_text(note, 1000, "reason", "The reason")) return *e;
    return store_.transact(
        [&](Transaction& tx) -> Result<DoctorProfile> {
            auto me = tx.accounts().find_user(admin);
            if (!me || me->role != Role::admin) return Error::of(ErrorCode::forbidden, "Only administrators verify doctors.");
            auto user = tx.accounts().find_user(doctor);
            if (!user || user->role != Role::doctor) return Error::of(ErrorCode::not_found, "This doctor does not exist.");
            DoctorProfile p = tx.clinic().find_doctor_profile(doctor).value_or(DoctorProfile{.user_id = doctor});
            if (decision == Verification::verified && (p.licence_number.empty() || p.licence_region.empty()))
                return Error::of(ErrorCode::invalid_transition, "This doctor has not entered licence details yet.");
            p.verification = decision;
            p.verification_note = decision == Verification::verified ? "" : trim(note);
            p.updated_at = clock_.now();
            tx.clinic().save_doctor_profile(p);
            tx.accounts().set_user_status(doctor, decision == Verification::verified ? AccountStatus::active
                                                                                     : AccountStatus::pending_verification);
            tx.effects().users_changed.push_back(doctor);
            const char* title = decision == Verification::verified ? "Your account is verified"
                                : decision == Verification::rejected ? "Your verification needs changes"
                                                                     : "Your profile is suspended";
            const std::string body = decision == Verification::verified
                                         ? "Patients can now find and book you. Set your weekly hours to open your calendar."
                                         : p.verification_note;
            notify(tx, clock_.now(), doctor, "doctor.verification", title, body);
            tx.effects().to_user(doctor, msg::DoctorUpdated{profile_info(p)});
            return p;
        },
        out);
}

Result<Availability> ClinicService::availability(UserId viewer, UserId doctor) {
    return store_.transact([&](Transaction& tx) -> Result<Availability> {
                     auto me = tx.accounts().find_user(viewer);
                     if (!me || (viewer != doctor && me->role != Role::admin))
                         return Error::of(ErrorCode::forbidden, "Only the doctor sees their availability settings.");
                     return tx.clinic().find_availability(doctor).value_or(Availability{.doctor_id = doctor});
                 })
        .value;
}

Result<Availability> ClinicService::set_availability(UserId doctor, Availability a) {
    a.doctor_id = doctor;
    if (auto e = check_availability(a)) return *e;
    return store_.transact([&](Transaction& tx) -> Result<Availability> {
                     auto user = tx.accounts().find_user(doctor);
                     if (!user || user->role != Role::doctor) return Error::of(ErrorCode::forbidden, "Only doctors set availability.");
                     tx.clinic().save_availability(a);
                     return a;
                 })
        .value;
}

Result<std::vector<Slot>> ClinicService::slots(UserId doctor, Instant from, Instant to) {
    if (to <= from || to - from > days(62)) return Error::of(ErrorCode::invalid_field, "Ask for at most 62 days of slots.", "to");
    return store_.transact([&](Transaction& tx) -> Result<std::vector<Slot>> {
                     auto user = tx.accounts().find_user(doctor);
                     auto profile = tx.clinic().find_doctor_profile(doctor);
                     if (!user || !profile || profile->verification != Verification::verified)
                         return Error::of(ErrorCode::doctor_unavailable);
                     auto availability = tx.clinic().find_availability(doctor);
                     if (!availability) return std::vector<Slot>{};
                     const auto busy = tx.clinic().active_appointments_overlapping(doctor, true, from - days(1), to + days(1));
                     return compute_slots(*availability, zone_or_utc(user->time_zone), clock_.now(), from, to, busy);
                 })
        .value;
}

// ----------------------------------------------------------------------------------------------------
// appointments

Result<AppointmentView> ClinicService::book(UserId patient_id, UserId doctor_id, Instant starts_at, std::string concern,
                                            Effects& out) {
    if (auto e = check_text(concern, policy_.max_concern_chars, "concern", "The description of your concern")) return *e;
    const Instant now = clock_.now();
    try {
        return store_.transact(
            [&](Transaction& tx) -> Result<AppointmentView> {
                auto patient = tx.accounts().find_user(patient_id);
                if (!patient || patient->role != Role::patient) return Error::of(ErrorCode::forbidden, "Only patients book consultations.");
                auto doctor = tx.accounts().find_user(doctor_id);
                auto profile = tx.clinic().find_doctor_profile(doctor_id);
                auto availability = tx.clinic().find_availability(doctor_id);
                if (!doctor || !profile || profile->verification != Verification::verified || !availability)
                    return Error::of(ErrorCode::doctor_unavailable);
                // Checked inside the transaction, which the store serializes: no other booking can slip in.
                const auto [busy_from, busy_to] = busy_window(*availability, starts_at);
                const auto busy = tx.clinic().active_appointments_overlapping(doctor_id, true, busy_from, busy_to);
                const auto slot = find_slot(*availability, zone_or_utc(doctor->time_zone), now, starts_at, busy);
                if (!slot) {
                    const bool taken = std::any_of(busy.begin(), busy.end(), [&](const Appointment& a) { return a.starts_at == starts_at; });
                    return Error::of(taken ? ErrorCode::slot_taken : ErrorCode::slot_unavailable);
                }
                if (!tx.clinic().active_appointments_overlapping(patient_id, false, slot->starts_at, slot->ends_at).empty())
                    return Error::of(ErrorCode::patient_busy);
                const std::int64_t balance = tx.credits().account_balance(wallet_account(patient_id));
                if (balance < profile->price_credits)
                    return Error::of(ErrorCode::insufficient_credits, "This visit costs " + std::to_string(profile->price_credits) +
                                                                          " credits and you have " + std::to_string(balance) +
                                                                          ". Buy credits to book it.");
                Appointment a;
                a.doctor_id = doctor_id;
                a.patient_id = patient_id;
                a.starts_at = slot->starts_at;
                a.ends_at = slot->ends_at;
                a.status = availability->auto_confirm ? AppointmentStatus::confirmed : AppointmentStatus::requested;
                a.concern = trim(concern);
                a.price_credits = profile->price_credits;
                a.free_cancel_hours = policy_.free_cancel_hours;
                a.late_cancel_refund_percent = policy_.late_cancel_refund_percent;
                a.created_at = a.updated_at = now;
                a.id = tx.clinic().insert_appointment(a);  // the unique index is the last line of defence
                transfer(tx, wallet_account(patient_id), escrow_account(a.id), LedgerKind::hold, a.price_credits, a.id,
                         "Held for your consultation", now);
                record_change(tx, a, std::nullopt, patient_id, "");
                const std::string when = format_with_zone(a.starts_at, doctor->time_zone);
                if (a.status == AppointmentStatus::confirmed) {
                    notify(tx, now, doctor_id, "appointment.booked", "New appointment", patient->display_name + " booked " + when + ".", a.id);
                    notify(tx, now, patient_id, "appointment.confirmed", "Appointment confirmed",
                           "With " + doctor->display_name + ", " + format_with_zone(a.starts_at, patient->time_zone) + ".", a.id);
                } else {
                    notify(tx, now, doctor_id, "appointment.requested", "New appointment request",
                           patient->display_name + " asks for " + when + ". Confirm or decline it.", a.id);
                }
                announce(tx, a);
                announce_wallets(tx, {patient_id});
                return view_of(tx, a, /*viewer_is_doctor=*/false, /*with_history=*/true);
            },
            out);
    } catch (const UniqueViolation&) {
        return Error::of(ErrorCode::slot_taken);
    }
}

Result<AppointmentView> ClinicService::act(UserId actor, AppointmentId id, AppointmentAction action, std::string message,
                                           Effects& out) {
    if (action == AppointmentAction::expire || action == AppointmentAction::reschedule)
        return Error::of(ErrorCode::invalid_field, "Not an action people take.", "action");
    if (auto e = check_text(message, 1000, "message", "The message")) return *e;
    if (action == AppointmentAction::decline && trim(message).empty())
        return Error::of(ErrorCode::invalid_field, "Tell the patient why you decline, and what they could do instead.", "message");
    return store_.transact([&](Transaction& tx) { return act_in(tx, actor, id, action, message); }, out);
}

Result<AppointmentView> ClinicService::act_in(Transaction& tx, UserId actor, AppointmentId id, AppointmentAction action,
                                              const std::string& message) {
    auto found = tx.clinic().find_appointment(id);
    if (!found) return no_such_appointment();
    Appointment a = *found;
    auto party = party_of(tx, a, actor);
    if (!party) return no_such_appointment();
    if (party->actor == Actor::doctor)
        if (auto suspended = suspended_doctor(tx, actor)) return *suspended;
    auto next = next_status(a, action, party->actor, clock_.now(), policy_.join);
    if (!next) return next.error();
    const AppointmentStatus from = a.status;
    const bool as_doctor = party->actor == Actor::doctor;
    if (next.value() == from) return view_of(tx, a, as_doctor, true);  // e.g. start while already in progress
    settle(tx, a, next.value(), party->actor);
    a.status = next.value();
    a.updated_at = clock_.now();
    if (action != AppointmentAction::start && action != AppointmentAction::complete) ++a.sequence;
    tx.clinic().update_appointment(a);
    record_change(tx, a, from, actor, trim(message));

    const Instant now = clock_.now();
    const UserId other = as_doctor ? a.patient_id : a.doctor_id;
    const std::string when = local_time_for(tx, other, a.starts_at);
    const std::string& who = party->user.display_name;
    switch (action) {
        case AppointmentAction::confirm:
            notify(tx, now, other, "appointment.confirmed", "Appointment confirmed", who + " confirmed " + when + ".", a.id);
            break;
        case AppointmentAction::decline:
            notify(tx, now, other, "appointment.declined", "Appointment declined",
                   who + " cannot see you " + when + ": " + trim(message) + " Your credits were returned.", a.id);
            break;
        case AppointmentAction::cancel:
            notify(tx, now, other, "appointment.cancelled", "Appointment cancelled",
                   who + " cancelled " + when + (trim(message).empty() ? "." : ": " + trim(message)), a.id);
            break;
        case AppointmentAction::complete:
            notify(tx, now, a.patient_id, "appointment.completed", "Visit completed",
                   "Your visit with " + who + " is complete. The summary appears in the visit once written.", a.id);
            break;
        case AppointmentAction::no_show:
            notify(tx, now, a.patient_id, "appointment.no_show", "Missed appointment", "You were marked as not attending " + when + ".", a.id);
            break;
        default: break;
    }
    announce(tx, a);
    return view_of(tx, a, as_doctor, true);
}

Result<Done> ClinicService::close_abandoned_in(Transaction& tx, const Appointment& found, bool attended) {
    const Instant now = clock_.now();
    const AppointmentAction action = attended ? AppointmentAction::complete : AppointmentAction::no_show;
    auto next = next_status(found, action, Actor::system, now, policy_.join);
    if (!next) return next.error();
    Appointment a = found;
    settle(tx, a, next.value(), Actor::system);
    a.status = next.value();
    a.updated_at = now;
    if (!attended) ++a.sequence;  // as the doctor's no_show does
    tx.clinic().update_appointment(a);
    record_change(tx, a, found.status, 0, "The call had ended and its time has passed: closed automatically.");
    if (attended)
        notify(tx, now, a.patient_id, "appointment.completed", "Visit completed",
               "Your video visit has ended. The summary appears in the visit once written.", a.id);
    else
        notify(tx, now, a.patient_id, "appointment.no_show", "Missed appointment",
               "You did not join the video visit " + local_time_for(tx, a.patient_id, a.starts_at) + ".", a.id);
    announce(tx, a);
    return Done{};
}

Result<AppointmentView> ClinicService::reschedule(UserId actor, AppointmentId id, Instant starts_at, Effects& out) {
    try {
        return store_.transact([&](Transaction& tx) { return reschedule_in(tx, actor, id, starts_at); }, out);
    } catch (const UniqueViolation&) {
        return Error::of(ErrorCode::slot_taken);
    }
}

Result<AppointmentView> ClinicService::reschedule_in(Transaction& tx, UserId actor, AppointmentId id, Instant starts_at) {
    const Instant now = clock_.now();
    auto found = tx.clinic().find_appointment(id);
    if (!found) return no_such_appointment();
    Appointment a = *found;
    auto party = party_of(tx, a, actor);
    if (!party) return no_such_appointment();
    if (party->actor == Actor::doctor)
        if (auto suspended = suspended_doctor(tx, actor)) return *suspended;
    auto next = next_status(a, AppointmentAction::reschedule, party->actor, now);
    if (!next) return next.error();
    auto doctor = tx.accounts().find_user(a.doctor_id);
    auto availability = tx.clinic().find_availability(a.doctor_id);
    if (!doctor || !availability) return Error::of(ErrorCode::doctor_unavailable);
    const auto [busy_from, busy_to] = busy_window(*availability, starts_at);
    auto busy = tx.clinic().active_appointments_overlapping(a.doctor_id, true, busy_from, busy_to);
    std::erase_if(busy, [&](const Appointment& b) { return b.id == a.id; });
    const auto slot = find_slot(*availability, zone_or_utc(doctor->time_zone), now, starts_at, busy);
    if (!slot) return Error::of(ErrorCode::slot_unavailable);
    auto mine = tx.clinic().active_appointments_overlapping(a.patient_id, false, slot->starts_at, slot->ends_at);
    std::erase_if(mine, [&](const Appointment& b) { return b.id == a.id; });
    if (!mine.empty()) return Error::of(ErrorCode::patient_busy, "The patient already has an appointment at this time.");

    const AppointmentStatus from = a.status;
    const Instant old_start = a.starts_at;
    const bool as_doctor = party->actor == Actor::doctor;
    a.starts_at = slot->starts_at;
    a.ends_at = slot->ends_at;
    // The doctor's own move stands; a patient's move needs the doctor's yes again (unless auto-confirm).
    a.status = (as_doctor || availability->auto_confirm) ? AppointmentStatus::confirmed : AppointmentStatus::requested;
    a.reminded_24h = a.reminded_15m = false;
    ++a.sequence;
    a.updated_at = now;
    tx.clinic().update_appointment(a);
    const UserId other = as_doctor ? a.patient_id : a.doctor_id;
    record_change(tx, a, from, actor, "Moved from " + format_iso8601(old_start));
    notify(tx, now, other, "appointment.rescheduled", "Appointment moved",
           party->user.display_name + " moved your appointment to " + local_time_for(tx, other, a.starts_at) +
               (a.status == AppointmentStatus::requested ? ". Please confirm the new time." : "."),
           a.id);
    announce(tx, a);
    return view_of(tx, a, as_doctor, true);
}

Result<AppointmentView> ClinicService::write_notes(UserId doctor, AppointmentId id, std::optional<std::string> notes,
                                                   std::optional<std::string> summary, Effects& out) {
    if (notes)
        if (auto e = check_text(*notes, policy_.max_notes_chars, "clinical_notes", "The notes")) return *e;
    if (summary)
        if (auto e = check_text(*summary, policy_.max_notes_chars, "visit_summary", "The summary")) return *e;
    return store_.transact(
        [&](Transaction& tx) -> Result<AppointmentView> {
            auto found = tx.clinic().find_appointment(id);
            if (!found) return no_such_appointment();
            Appointment a = *found;
            auto party = party_of(tx, a, doctor);
            if (!party) return no_such_appointment();
            if (party->actor == Actor::doctor)
                if (auto suspended = suspended_doctor(tx, doctor)) return *suspended;
            if (party->actor != Actor::doctor) return Error::of(ErrorCode::forbidden, "Only the doctor writes notes.");
            const bool summary_new = summary && !summary->empty() && a.visit_summary != *summary;
            if (notes) a.clinical_notes = *notes;
            if (summary) a.visit_summary = *summary;
            a.updated_at = clock_.now();
            tx.clinic().update_appointment(a);
            if (summary_new)
                notify(tx, clock_.now(), a.patient_id, "appointment.summary", "Visit summary ready",
                       party->user.display_name + " wrote a summary of your visit.", a.id);
            announce(tx, a);
            return view_of(tx, a, true, true);
        },
        out);
}

Result<AppointmentView> ClinicService::appointment(UserId viewer, AppointmentId id) {
    return store_.transact([&](Transaction& tx) -> Result<AppointmentView> {
                     auto a = tx.clinic().find_appointment(id);
                     if (!a || (a->patient_id != viewer && a->doctor_id != viewer)) return no_such_appointment();
                     if (a->doctor_id == viewer)
                         if (auto suspended = suspended_doctor(tx, viewer)) return *suspended;
                     return view_of(tx, *a, a->doctor_id == viewer, /*with_history=*/true);
                 })
        .value;
}

Result<std::vector<AppointmentView>> ClinicService::appointments(UserId viewer, Instant from, Instant to) {
    return store_.transact([&](Transaction& tx) -> Result<std::vector<AppointmentView>> {
                     auto me = tx.accounts().find_user(viewer);
                     if (!me || (me->role != Role::patient && me->role != Role::doctor))
                         return Error::of(ErrorCode::forbidden, "Only patients and doctors have appointments.");
                     const bool as_doctor = me->role == Role::doctor;
                     if (as_doctor)
                         if (auto suspended = suspended_doctor(tx, viewer)) return *suspended;
                     std::vector<AppointmentView> list;
                     for (const Appointment& a : tx.clinic().appointments_of(viewer, as_doctor, from, to))
                         list.push_back(view_of(tx, a, as_doctor, /*with_history=*/false));
                     return list;
                 })
        .value;
}

Result<std::string> ClinicService::ics(UserId viewer, AppointmentId id, const std::string& host) {
    auto view = appointment(viewer, id);
    if (!view) return view.error();
    const AppointmentView& v = view.value();
    const std::string title = v.viewer_is_doctor ? "Video consultation with " + v.patient.display_name
                                                 : "Video consultation with " + v.doctor.display_name;
    const std::string description =
        "Open Telemed and join the call from the appointment, from 30 minutes before the start.\n" +
        std::string(v.viewer_is_doctor ? "Patient's concern: " + v.appointment.concern : "");
    return appointment_ics({v.appointment, title, description, host, clock_.now()});
}

// ----------------------------------------------------------------------------------------------------
// time-driven work

void ClinicService::sweep(Effects& out) {
    const Instant now = clock_.now();
    store_.transact(
        [&](Transaction& tx) {
            // Requests nobody answered before their start expire, and their credits go back.
            for (Appointment a : tx.clinic().appointments_starting(now - days(30), now + milliseconds(1), {AppointmentStatus::requested})) {
                if (!next_status(a, AppointmentAction::expire, Actor::system, now)) continue;
                settle(tx, a, AppointmentStatus::expired, Actor::system);
                a.status = AppointmentStatus::expired;
                ++a.sequence;
                a.updated_at = now;
                tx.clinic().update_appointment(a);
                record_change(tx, a, AppointmentStatus::requested, 0, "Not answered before the start time");
                notify(tx, now, a.patient_id, "appointment.expired", "Request expired",
                       "The doctor did not answer in time. Your credits were returned.", a.id);
                announce(tx, a);
            }
            // Reminders for confirmed visits: 24 h before (when booked earlier than that) and 15 min before.
            for (Appointment a : tx.clinic().appointments_starting(now, now + hours(24), {AppointmentStatus::confirmed})) {
                bool changed = false;
                if (!a.reminded_24h && a.created_at <= a.starts_at - hours(24)) {
                    a.reminded_24h = changed = true;
                    for (UserId u : {a.patient_id, a.doctor_id})
                        notify(tx, now, u, "reminder.24h", "Appointment tomorrow", local_time_for(tx, u, a.starts_at), a.id);
                }
                if (!a.reminded_15m && a.starts_at - now <= minutes(15)) {
                    a.reminded_15m = a.reminded_24h = changed = true;
                    for (UserId u : {a.patient_id, a.doctor_id})
                        notify(tx, now, u, "reminder.15m", "Your video visit starts soon",
                               "At " + local_time_for(tx, u, a.starts_at) + ". You can join now.", a.id);
                }
                if (changed) tx.clinic().update_appointment(a);
            }
        },
        out);
}

}  // namespace core
