#include "core/clinic/clinic_service.h"

#include <algorithm>
#include <cctype>

#include "core/accounts/validation.h"
#include "core/clinic/ics.h"
#include "core/clinic/specialties.h"
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

LedgerEntry entry(std::string account, LedgerKind kind, std::int64_t amount, std::optional<AppointmentId> appt,
                  std::string memo, Instant at) {
    LedgerEntry e;
    e.account = std::move(account);
    e.kind = kind;
    e.amount = amount;
    e.appointment_id = appt;
    e.memo = std::move(memo);
    e.at = at;
    return e;
}

// Moves credits between two accounts as one balanced posting.
void transfer(Repository& repo, const std::string& from, const std::string& to, LedgerKind kind, std::int64_t credits,
              std::optional<AppointmentId> appt, const std::string& memo, Instant at) {
    if (credits <= 0) return;
    repo.post_ledger({entry(from, kind, -credits, appt, memo, at), entry(to, kind, credits, appt, memo, at)});
}

}  // namespace

ClinicService::ClinicService(Store& store, const Clock& clock, PaymentProvider& payments, ClinicPolicy policy)
    : store_(store), clock_(clock), payments_(payments), policy_(policy) {}

// ----------------------------------------------------------------------------------------------------
// helpers

std::optional<ClinicService::Party> ClinicService::party_of(Repository& repo, const Appointment& a, UserId actor) {
    auto user = repo.find_user(actor);
    if (!user) return std::nullopt;
    if (a.patient_id == actor) return Party{Actor::patient, *user};
    if (a.doctor_id == actor) return Party{Actor::doctor, *user};
    return std::nullopt;
}

void ClinicService::notify(Repository& repo, ClinicEffects& fx, UserId user, std::string kind, std::string title,
                           std::string body, std::optional<AppointmentId> appointment) {
    Notification n;
    n.user_id = user;
    n.kind = std::move(kind);
    n.title = std::move(title);
    n.body = std::move(body);
    n.appointment_id = appointment;
    n.created_at = clock_.now();
    n.id = repo.insert_notification(n);
    fx.notifications.push_back(n);
}

void ClinicService::record_change(Repository& repo, const Appointment& a, std::optional<AppointmentStatus> from,
                                  UserId actor, const std::string& message) {
    repo.insert_appointment_change({0, a.id, from, a.status, actor, message, clock_.now()});
}

std::string ClinicService::local_time_for(Repository& repo, UserId viewer, Instant t) {
    auto user = repo.find_user(viewer);
    return format_with_zone(t, user ? user->time_zone : std::string("UTC"));
}

// Ledger effects of reaching `to`: escrow goes back to the patient, to the doctor, or is split.
void ClinicService::settle(Repository& repo, const Appointment& a, AppointmentStatus to, Actor by, ClinicEffects& fx) {
    const Instant now = clock_.now();
    const std::string escrow = escrow_account(a.id), wallet = wallet_account(a.patient_id),
                      earnings = earnings_account(a.doctor_id);
    const std::int64_t held = repo.account_balance(escrow);
    switch (to) {
        case AppointmentStatus::declined:
        case AppointmentStatus::expired:
            transfer(repo, escrow, wallet, LedgerKind::release, held, a.id, "Released: request not accepted", now);
            break;
        case AppointmentStatus::cancelled: {
            const CancellationOutcome out = cancellation_outcome(a, by, now);
            transfer(repo, escrow, wallet, LedgerKind::refund, std::min<std::int64_t>(out.refund, held), a.id,
                     out.late ? "Late cancellation: partial refund" : "Cancellation: full refund", now);
            transfer(repo, escrow, earnings, LedgerKind::earning, repo.account_balance(escrow), a.id,
                     "Late cancellation fee", now);
            break;
        }
        case AppointmentStatus::completed:
        case AppointmentStatus::no_show:
            transfer(repo, escrow, earnings, LedgerKind::earning, held, a.id,
                     to == AppointmentStatus::completed ? "Consultation completed" : "Patient did not attend", now);
            break;
        default: return;
    }
    fx.wallets.push_back(a.patient_id);
    fx.wallets.push_back(a.doctor_id);
}

// ----------------------------------------------------------------------------------------------------
// doctors

Result<DoctorProfile> ClinicService::doctor_profile(UserId viewer, UserId doctor) {
    std::optional<Result<DoctorProfile>> out;
    store_.transact([&](Repository& repo) {
        auto me = repo.find_user(viewer);
        auto doc = repo.find_user(doctor);
        if (!me || !doc || doc->role != Role::doctor) return void(out = Error::of(ErrorCode::not_found, "This doctor does not exist."));
        DoctorProfile p = repo.find_doctor_profile(doctor).value_or(DoctorProfile{.user_id = doctor});
        const bool visible = p.verification == Verification::verified || viewer == doctor || me->role == Role::admin;
        if (!visible) return void(out = Error::of(ErrorCode::not_found, "This doctor does not exist."));
        if (viewer != doctor && me->role != Role::admin) p.licence_number.clear();  // shown to admins only
        out = p;
    });
    return std::move(*out);
}

Result<DoctorProfile> ClinicService::update_doctor_profile(UserId doctor, const DoctorProfileInput& in, ClinicEffects& fx) {
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

    std::optional<Result<DoctorProfile>> out;
    store_.transact([&](Repository& repo) {
        auto user = repo.find_user(doctor);
        if (!user || user->role != Role::doctor) return void(out = Error::of(ErrorCode::forbidden, "Only doctors have a doctor profile."));
        DoctorProfile p = repo.find_doctor_profile(doctor).value_or(DoctorProfile{.user_id = doctor});
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
            repo.set_user_status(doctor, AccountStatus::pending_verification);
        }
        repo.save_doctor_profile(p);
        fx.doctors.push_back(doctor);
        out = p;
    });
    return std::move(*out);
}

Result<std::vector<DoctorListing>> ClinicService::find_doctors(const DoctorQuery& q) {
    const Instant now = clock_.now();
    const std::string text = lower_ascii(trim(q.text));
    std::vector<DoctorListing> out;
    store_.transact([&](Repository& repo) {
        for (const DoctorProfile& p : repo.list_doctor_profiles(Verification::verified)) {
            if (!q.specialty.empty() && p.specialty != q.specialty) continue;
            auto user = repo.find_user(p.user_id);
            if (!user) continue;
            if (!text.empty()) {
                bool match = lower_ascii(user->display_name).find(text) != std::string::npos;
                for (const std::string& l : p.languages) match |= lower_ascii(l).find(text) != std::string::npos;
                if (const Specialty* s = find_specialty(p.specialty)) match |= lower_ascii(s->name).find(text) != std::string::npos;
                if (!match) continue;
            }
            DoctorListing listing{*user, p, std::nullopt};
            listing.user.password_hash.clear();
            listing.profile.licence_number.clear();
            if (auto availability = repo.find_availability(p.user_id)) {
                const Instant until = now + days(policy_.search_days);
                const auto busy = repo.active_appointments_overlapping(p.user_id, true, now, until + days(1));
                const auto slots = compute_slots(*availability, zone_or_utc(user->time_zone), now, now, until, busy);
                if (!slots.empty()) listing.next_slot = slots.front();
            }
            out.push_back(std::move(listing));
        }
    });
    // Soonest available first; doctors with no free slot last, by name.
    std::stable_sort(out.begin(), out.end(), [](const DoctorListing& a, const DoctorListing& b) {
        if (a.next_slot.has_value() != b.next_slot.has_value()) return a.next_slot.has_value();
        if (a.next_slot && a.next_slot->starts_at != b.next_slot->starts_at) return a.next_slot->starts_at < b.next_slot->starts_at;
        return a.user.display_name < b.user.display_name;
    });
    return out;
}

Result<std::vector<DoctorListing>> ClinicService::verification_queue(UserId admin) {
    std::optional<Result<std::vector<DoctorListing>>> out;
    store_.transact([&](Repository& repo) {
        auto me = repo.find_user(admin);
        if (!me || me->role != Role::admin) return void(out = Error::of(ErrorCode::forbidden, "Only administrators verify doctors."));
        std::vector<DoctorListing> queue;
        for (User u : repo.list_users()) {
            if (u.role != Role::doctor) continue;
            const DoctorProfile p = repo.find_doctor_profile(u.id).value_or(DoctorProfile{.user_id = u.id});
            u.password_hash.clear();
            queue.push_back({u, p, std::nullopt});
        }
        // Pending first (oldest first), then everyone else for suspension decisions.
        std::stable_sort(queue.begin(), queue.end(), [](const DoctorListing& a, const DoctorListing& b) {
            return (a.profile.verification == Verification::pending) > (b.profile.verification == Verification::pending);
        });
        out = queue;
    });
    return std::move(*out);
}

Result<DoctorProfile> ClinicService::decide_verification(UserId admin, UserId doctor, Verification decision,
                                                         std::string note, ClinicEffects& fx) {
    if (decision == Verification::pending) return Error::of(ErrorCode::invalid_field, "Choose approve, reject or suspend.", "decision");
    if ((decision == Verification::rejected || decision == Verification::suspended) && trim(note).empty())
        return Error::of(ErrorCode::invalid_field, "Tell the doctor why, so they can put it right.", "reason");
    if (auto e = check_text(note, 1000, "reason", "The reason")) return *e;
    std::optional<Result<DoctorProfile>> out;
    store_.transact([&](Repository& repo) {
        auto me = repo.find_user(admin);
        if (!me || me->role != Role::admin) return void(out = Error::of(ErrorCode::forbidden, "Only administrators verify doctors."));
        auto user = repo.find_user(doctor);
        if (!user || user->role != Role::doctor) return void(out = Error::of(ErrorCode::not_found, "This doctor does not exist."));
        DoctorProfile p = repo.find_doctor_profile(doctor).value_or(DoctorProfile{.user_id = doctor});
        if (decision == Verification::verified && (p.licence_number.empty() || p.licence_region.empty()))
            return void(out = Error::of(ErrorCode::invalid_transition, "This doctor has not entered licence details yet."));
        p.verification = decision;
        p.verification_note = decision == Verification::verified ? "" : trim(note);
        p.updated_at = clock_.now();
        repo.save_doctor_profile(p);
        repo.set_user_status(doctor, decision == Verification::verified ? AccountStatus::active : AccountStatus::pending_verification);
        const char* title = decision == Verification::verified ? "Your account is verified"
                            : decision == Verification::rejected ? "Your verification needs changes"
                                                                 : "Your profile is suspended";
        const std::string body = decision == Verification::verified
                                     ? "Patients can now find and book you. Set your weekly hours to open your calendar."
                                     : p.verification_note;
        notify(repo, fx, doctor, "doctor.verification", title, body, std::nullopt);
        fx.doctors.push_back(doctor);
        out = p;
    });
    return std::move(*out);
}

Result<Availability> ClinicService::availability(UserId viewer, UserId doctor) {
    std::optional<Result<Availability>> out;
    store_.transact([&](Repository& repo) {
        auto me = repo.find_user(viewer);
        if (!me || (viewer != doctor && me->role != Role::admin))
            return void(out = Error::of(ErrorCode::forbidden, "Only the doctor sees their availability settings."));
        out = repo.find_availability(doctor).value_or(Availability{.doctor_id = doctor});
    });
    return std::move(*out);
}

Result<Availability> ClinicService::set_availability(UserId doctor, Availability a) {
    a.doctor_id = doctor;
    if (auto e = check_availability(a)) return *e;
    std::optional<Result<Availability>> out;
    store_.transact([&](Repository& repo) {
        auto user = repo.find_user(doctor);
        if (!user || user->role != Role::doctor) return void(out = Error::of(ErrorCode::forbidden, "Only doctors set availability."));
        repo.save_availability(a);
        out = a;
    });
    return std::move(*out);
}

Result<std::vector<Slot>> ClinicService::slots(UserId doctor, Instant from, Instant to) {
    if (to <= from || to - from > days(62)) return Error::of(ErrorCode::invalid_field, "Ask for at most 62 days of slots.", "to");
    std::optional<Result<std::vector<Slot>>> out;
    store_.transact([&](Repository& repo) {
        auto user = repo.find_user(doctor);
        auto profile = repo.find_doctor_profile(doctor);
        if (!user || !profile || profile->verification != Verification::verified)
            return void(out = Error::of(ErrorCode::doctor_unavailable));
        auto availability = repo.find_availability(doctor);
        if (!availability) return void(out = std::vector<Slot>{});
        const auto busy = repo.active_appointments_overlapping(doctor, true, from - days(1), to + days(1));
        out = compute_slots(*availability, zone_or_utc(user->time_zone), clock_.now(), from, to, busy);
    });
    return std::move(*out);
}

// ----------------------------------------------------------------------------------------------------
// appointments

Result<Appointment> ClinicService::book(UserId patient_id, UserId doctor_id, Instant starts_at, std::string concern,
                                        ClinicEffects& fx) {
    if (auto e = check_text(concern, policy_.max_concern_chars, "concern", "The description of your concern")) return *e;
    const Instant now = clock_.now();
    std::optional<Result<Appointment>> out;
    try {
        store_.transact([&](Repository& repo) {
            auto patient = repo.find_user(patient_id);
            if (!patient || patient->role != Role::patient)
                return void(out = Error::of(ErrorCode::forbidden, "Only patients book consultations."));
            auto doctor = repo.find_user(doctor_id);
            auto profile = repo.find_doctor_profile(doctor_id);
            auto availability = repo.find_availability(doctor_id);
            if (!doctor || !profile || profile->verification != Verification::verified || !availability)
                return void(out = Error::of(ErrorCode::doctor_unavailable));
            // Checked inside the transaction, which the store serializes: no other booking can slip in.
            const auto busy = repo.active_appointments_overlapping(doctor_id, true, starts_at - days(1), starts_at + days(1));
            const auto slot = find_slot(*availability, zone_or_utc(doctor->time_zone), now, starts_at, busy);
            if (!slot) {
                const bool taken = std::any_of(busy.begin(), busy.end(), [&](const Appointment& a) { return a.starts_at == starts_at; });
                return void(out = Error::of(taken ? ErrorCode::slot_taken : ErrorCode::slot_unavailable));
            }
            if (!repo.active_appointments_overlapping(patient_id, false, slot->starts_at, slot->ends_at).empty())
                return void(out = Error::of(ErrorCode::patient_busy));
            if (repo.account_balance(wallet_account(patient_id)) < profile->price_credits)
                return void(out = Error::of(ErrorCode::insufficient_credits,
                                            "This visit costs " + std::to_string(profile->price_credits) +
                                                " credits and you have " + std::to_string(repo.account_balance(wallet_account(patient_id))) +
                                                ". Buy credits to book it."));
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
            a.id = repo.insert_appointment(a);  // the unique index is the last line of defence
            transfer(repo, wallet_account(patient_id), escrow_account(a.id), LedgerKind::hold, a.price_credits, a.id,
                     "Held for your consultation", now);
            record_change(repo, a, std::nullopt, patient_id, "");
            const std::string when = local_time_for(repo, doctor_id, a.starts_at);
            if (a.status == AppointmentStatus::confirmed) {
                notify(repo, fx, doctor_id, "appointment.booked", "New appointment", patient->display_name + " booked " + when + ".", a.id);
                notify(repo, fx, patient_id, "appointment.confirmed", "Appointment confirmed",
                       "With " + doctor->display_name + ", " + local_time_for(repo, patient_id, a.starts_at) + ".", a.id);
            } else {
                notify(repo, fx, doctor_id, "appointment.requested", "New appointment request",
                       patient->display_name + " asks for " + when + ". Confirm or decline it.", a.id);
            }
            fx.appointments.push_back(a);
            fx.wallets.push_back(patient_id);
            out = a;
        });
    } catch (const UniqueViolation&) {
        fx = {};
        return Error::of(ErrorCode::slot_taken);
    }
    return std::move(*out);
}

Result<Appointment> ClinicService::act(UserId actor, AppointmentId id, AppointmentAction action, std::string message,
                                       ClinicEffects& fx) {
    if (action == AppointmentAction::expire || action == AppointmentAction::reschedule)
        return Error::of(ErrorCode::invalid_field, "Not an action people take.", "action");
    if (auto e = check_text(message, 1000, "message", "The message")) return *e;
    if (action == AppointmentAction::decline && trim(message).empty())
        return Error::of(ErrorCode::invalid_field, "Tell the patient why you decline, and what they could do instead.", "message");
    std::optional<Result<Appointment>> out;
    store_.transact([&](Repository& repo) {
        auto found = repo.find_appointment(id);
        if (!found) return void(out = no_such_appointment());
        Appointment a = *found;
        auto party = party_of(repo, a, actor);
        if (!party) return void(out = no_such_appointment());
        auto next = next_status(a, action, party->actor, clock_.now());
        if (!next) return void(out = next.error());
        const AppointmentStatus from = a.status;
        if (next.value() == from) return void(out = a);  // e.g. start while already in progress
        settle(repo, a, next.value(), party->actor, fx);
        a.status = next.value();
        a.updated_at = clock_.now();
        if (action != AppointmentAction::start && action != AppointmentAction::complete) ++a.sequence;
        repo.update_appointment(a);
        record_change(repo, a, from, actor, trim(message));

        const UserId other = party->actor == Actor::doctor ? a.patient_id : a.doctor_id;
        const std::string when = local_time_for(repo, other, a.starts_at);
        const std::string& who = party->user.display_name;
        switch (action) {
            case AppointmentAction::confirm:
                notify(repo, fx, other, "appointment.confirmed", "Appointment confirmed", who + " confirmed " + when + ".", a.id);
                break;
            case AppointmentAction::decline:
                notify(repo, fx, other, "appointment.declined", "Appointment declined",
                       who + " cannot see you " + when + ": " + trim(message) + " Your credits were returned.", a.id);
                break;
            case AppointmentAction::cancel:
                notify(repo, fx, other, "appointment.cancelled", "Appointment cancelled",
                       who + " cancelled " + when + (trim(message).empty() ? "." : ": " + trim(message)), a.id);
                break;
            case AppointmentAction::complete:
                notify(repo, fx, a.patient_id, "appointment.completed", "Visit completed",
                       "Your visit with " + who + " is complete. The summary appears in the visit once written.", a.id);
                break;
            case AppointmentAction::no_show:
                notify(repo, fx, a.patient_id, "appointment.no_show", "Missed appointment",
                       "You were marked as not attending " + when + ".", a.id);
                break;
            default: break;
        }
        fx.appointments.push_back(a);
        out = a;
    });
    return std::move(*out);
}

Result<Appointment> ClinicService::reschedule(UserId actor, AppointmentId id, Instant starts_at, ClinicEffects& fx) {
    const Instant now = clock_.now();
    std::optional<Result<Appointment>> out;
    try {
        store_.transact([&](Repository& repo) {
            auto found = repo.find_appointment(id);
            if (!found) return void(out = no_such_appointment());
            Appointment a = *found;
            auto party = party_of(repo, a, actor);
            if (!party) return void(out = no_such_appointment());
            auto next = next_status(a, AppointmentAction::reschedule, party->actor, now);
            if (!next) return void(out = next.error());
            auto doctor = repo.find_user(a.doctor_id);
            auto availability = repo.find_availability(a.doctor_id);
            if (!doctor || !availability) return void(out = Error::of(ErrorCode::doctor_unavailable));
            auto busy = repo.active_appointments_overlapping(a.doctor_id, true, starts_at - days(1), starts_at + days(1));
            std::erase_if(busy, [&](const Appointment& b) { return b.id == a.id; });
            const auto slot = find_slot(*availability, zone_or_utc(doctor->time_zone), now, starts_at, busy);
            if (!slot) return void(out = Error::of(ErrorCode::slot_unavailable));
            auto mine = repo.active_appointments_overlapping(a.patient_id, false, slot->starts_at, slot->ends_at);
            std::erase_if(mine, [&](const Appointment& b) { return b.id == a.id; });
            if (!mine.empty()) return void(out = Error::of(ErrorCode::patient_busy, "The patient already has an appointment at this time."));

            const AppointmentStatus from = a.status;
            const Instant old_start = a.starts_at;
            a.starts_at = slot->starts_at;
            a.ends_at = slot->ends_at;
            // The doctor's own move stands; a patient's move needs the doctor's yes again (unless auto-confirm).
            a.status = (party->actor == Actor::doctor || availability->auto_confirm) ? AppointmentStatus::confirmed
                                                                                     : AppointmentStatus::requested;
            a.reminded_24h = a.reminded_15m = false;
            ++a.sequence;
            a.updated_at = now;
            repo.update_appointment(a);
            const UserId other = party->actor == Actor::doctor ? a.patient_id : a.doctor_id;
            record_change(repo, a, from, actor, "Moved from " + format_iso8601(old_start));
            notify(repo, fx, other, "appointment.rescheduled", "Appointment moved",
                   party->user.display_name + " moved your appointment to " + local_time_for(repo, other, a.starts_at) +
                       (a.status == AppointmentStatus::requested ? ". Please confirm the new time." : "."),
                   a.id);
            fx.appointments.push_back(a);
            out = a;
        });
    } catch (const UniqueViolation&) {
        fx = {};
        return Error::of(ErrorCode::slot_taken);
    }
    return std::move(*out);
}

Result<Appointment> ClinicService::write_notes(UserId doctor, AppointmentId id, std::optional<std::string> notes,
                                               std::optional<std::string> summary, ClinicEffects& fx) {
    if (notes)
        if (auto e = check_text(*notes, policy_.max_notes_chars, "clinical_notes", "The notes")) return *e;
    if (summary)
        if (auto e = check_text(*summary, policy_.max_notes_chars, "visit_summary", "The summary")) return *e;
    std::optional<Result<Appointment>> out;
    store_.transact([&](Repository& repo) {
        auto found = repo.find_appointment(id);
        if (!found) return void(out = no_such_appointment());
        Appointment a = *found;
        auto party = party_of(repo, a, doctor);
        if (!party) return void(out = no_such_appointment());
        if (party->actor != Actor::doctor) return void(out = Error::of(ErrorCode::forbidden, "Only the doctor writes notes."));
        const bool summary_new = summary && !summary->empty() && a.visit_summary != *summary;
        if (notes) a.clinical_notes = *notes;
        if (summary) a.visit_summary = *summary;
        a.updated_at = clock_.now();
        repo.update_appointment(a);
        if (summary_new)
            notify(repo, fx, a.patient_id, "appointment.summary", "Visit summary ready",
                   party->user.display_name + " wrote a summary of your visit.", a.id);
        fx.appointments.push_back(a);
        out = a;
    });
    return std::move(*out);
}

// An appointment as one side sees it: names without secrets, clinical notes only for the doctor.
AppointmentView ClinicService::view_of(Repository& repo, const Appointment& a, bool viewer_is_doctor, bool with_history) {
    AppointmentView v{a, *repo.find_user(a.doctor_id), *repo.find_user(a.patient_id), "", {}, viewer_is_doctor};
    if (with_history) v.history = repo.appointment_changes(a.id);
    v.doctor.password_hash.clear();
    v.patient.password_hash.clear();
    if (auto p = repo.find_doctor_profile(a.doctor_id)) v.doctor_specialty = p->specialty;
    if (!viewer_is_doctor) v.appointment.clinical_notes.clear();
    return v;
}

Result<AppointmentView> ClinicService::appointment(UserId viewer, AppointmentId id) {
    std::optional<Result<AppointmentView>> out;
    store_.transact([&](Repository& repo) {
        auto a = repo.find_appointment(id);
        if (!a || (a->patient_id != viewer && a->doctor_id != viewer)) return void(out = no_such_appointment());
        out = view_of(repo, *a, a->doctor_id == viewer, /*with_history=*/true);
    });
    return std::move(*out);
}

Result<std::vector<AppointmentView>> ClinicService::appointments(UserId viewer, Instant from, Instant to) {
    std::optional<Result<std::vector<AppointmentView>>> out;
    store_.transact([&](Repository& repo) {
        auto me = repo.find_user(viewer);
        if (!me || (me->role != Role::patient && me->role != Role::doctor))
            return void(out = Error::of(ErrorCode::forbidden, "Only patients and doctors have appointments."));
        const bool as_doctor = me->role == Role::doctor;
        std::vector<AppointmentView> list;
        for (const Appointment& a : repo.appointments_of(viewer, as_doctor, from, to))
            list.push_back(view_of(repo, a, as_doctor, /*with_history=*/false));
        out = list;
    });
    return std::move(*out);
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
// credits

Result<Purchase> ClinicService::buy_credits(UserId buyer, const std::string& package_id, const CardDetails& card,
                                            const std::string& key, ClinicEffects& fx) {
    const CreditPackage* package = find_package(package_id);
    if (!package) return Error::of(ErrorCode::invalid_field, "Choose one of the credit packages.", "package_id");
    if (key.size() < 8 || key.size() > 100)
        return Error::of(ErrorCode::invalid_field, "The purchase needs an idempotency key of 8 to 100 characters.", "idempotency_key");
    const Instant now = clock_.now();

    // 1. Record the intent once per key: a retry finds it and never charges again.
    std::optional<Result<Purchase>> early;
    Purchase purchase;
    store_.transact([&](Repository& repo) {
        auto user = repo.find_user(buyer);
        if (!user || user->role != Role::patient) return void(early = Error::of(ErrorCode::forbidden, "Only patients buy credits."));
        if (auto existing = repo.find_purchase(buyer, key)) {
            if (existing->package_id != package_id)
                return void(early = Error::of(ErrorCode::invalid_field, "This purchase key was used for another package.", "idempotency_key"));
            if (existing->status != PurchaseStatus::pending) return void(early = *existing);
            purchase = *existing;
            return;
        }
        purchase.user_id = buyer;
        purchase.idempotency_key = key;
        purchase.package_id = package->id;
        purchase.credits = package->credits;
        purchase.amount_cents = package->price_cents;
        purchase.currency = package->currency;
        purchase.created_at = now;
        purchase.id = repo.insert_purchase(purchase);
    });
    if (early) {
        if (early->ok() && early->value().status == PurchaseStatus::declined)
            return Error::of(ErrorCode::payment_declined, early->value().decline_reason, "card");
        return std::move(*early);
    }

    // 2. Charge outside any transaction: a processor call may take seconds.
    const ChargeResult charge = payments_.charge({card, package->price_cents, package->currency,
                                                  "purchase-" + std::to_string(purchase.id), package->name});

    // 3. Record the outcome and, on success, the credits, together.
    store_.transact([&](Repository& repo) {
        purchase.status = charge.succeeded ? PurchaseStatus::succeeded : PurchaseStatus::declined;
        purchase.charge_id = charge.charge_id;
        purchase.card_brand = charge.brand;
        purchase.card_last4 = charge.last4;
        purchase.decline_reason = charge.decline_reason;
        repo.update_purchase(purchase);
        if (charge.succeeded) {
            LedgerEntry out_of = entry(kExternalPayments, LedgerKind::purchase, -package->credits, std::nullopt, package->name, now);
            LedgerEntry in_to = entry(wallet_account(buyer), LedgerKind::purchase, package->credits, std::nullopt, package->name, now);
            out_of.purchase_id = in_to.purchase_id = purchase.id;
            repo.post_ledger({out_of, in_to});
        }
    });
    if (!charge.succeeded) return Error::of(ErrorCode::payment_declined, charge.decline_reason, "card");
    fx.wallets.push_back(buyer);
    return purchase;
}

Result<Wallet> ClinicService::wallet(UserId viewer) {
    std::optional<Result<Wallet>> out;
    store_.transact([&](Repository& repo) {
        auto me = repo.find_user(viewer);
        if (!me) return void(out = Error::of(ErrorCode::not_found));
        Wallet w;
        w.available = repo.account_balance(wallet_account(viewer));
        w.earnings = repo.account_balance(earnings_account(viewer));
        std::vector<std::string> accounts{wallet_account(viewer), earnings_account(viewer)};
        if (me->role == Role::patient)
            for (const Appointment& a : repo.appointments_of(viewer, false, Instant{}, Instant::max()))
                if (holds_slot(a.status)) w.held += repo.account_balance(escrow_account(a.id));
        w.entries = repo.ledger_entries(accounts, 200);
        out = w;
    });
    return std::move(*out);
}

void ClinicService::grant_credits(UserId user, int credits, const std::string& memo) {
    store_.transact([&](Repository& repo) {
        transfer(repo, kExternalPayments, wallet_account(user), LedgerKind::grant, credits, std::nullopt, memo, clock_.now());
    });
}

// ----------------------------------------------------------------------------------------------------
// notifications and time-driven work

Result<std::vector<Notification>> ClinicService::notifications(UserId viewer, int limit) {
    std::vector<Notification> out;
    store_.transact([&](Repository& repo) { out = repo.notifications_of(viewer, std::clamp(limit, 1, 200)); });
    return out;
}

Result<Done> ClinicService::mark_notification_read(UserId viewer, NotificationId id) {
    bool found = false;
    store_.transact([&](Repository& repo) { found = repo.mark_notification_read(viewer, id, clock_.now()); });
    if (!found) return Error::of(ErrorCode::not_found, "This notification does not exist.");
    return Done{};
}

void ClinicService::sweep(ClinicEffects& fx) {
    const Instant now = clock_.now();
    store_.transact([&](Repository& repo) {
        // Requests nobody answered before their start expire, and their credits go back.
        for (Appointment a : repo.appointments_starting(now - days(30), now + milliseconds(1), {AppointmentStatus::requested})) {
            if (!next_status(a, AppointmentAction::expire, Actor::system, now)) continue;
            settle(repo, a, AppointmentStatus::expired, Actor::system, fx);
            a.status = AppointmentStatus::expired;
            ++a.sequence;
            a.updated_at = now;
            repo.update_appointment(a);
            record_change(repo, a, AppointmentStatus::requested, 0, "Not answered before the start time");
            notify(repo, fx, a.patient_id, "appointment.expired", "Request expired",
                   "The doctor did not answer in time. Your credits were returned.", a.id);
            fx.appointments.push_back(a);
        }
        // Reminders for confirmed visits: 24 h before (when booked earlier than that) and 15 min before.
        for (Appointment a : repo.appointments_starting(now, now + hours(24), {AppointmentStatus::confirmed})) {
            bool changed = false;
            if (!a.reminded_24h && a.created_at <= a.starts_at - hours(24)) {
                a.reminded_24h = changed = true;
                for (UserId u : {a.patient_id, a.doctor_id})
                    notify(repo, fx, u, "reminder.24h", "Appointment tomorrow", local_time_for(repo, u, a.starts_at), a.id);
            }
            if (!a.reminded_15m && a.starts_at - now <= minutes(15)) {
                a.reminded_15m = a.reminded_24h = changed = true;
                for (UserId u : {a.patient_id, a.doctor_id})
                    notify(repo, fx, u, "reminder.15m", "Your video visit starts soon",
                           "At " + local_time_for(repo, u, a.starts_at) + ". You can join now.", a.id);
            }
            if (changed) repo.update_appointment(a);
        }
    });
}

}  // namespace core
