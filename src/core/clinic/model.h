// The clinic's plain data: doctor profiles and their verification, availability, appointments with
// their history. Shared by store, services and messages.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/accounts/model.h"
#include "core/enums.h"
#include "core/time/clock.h"

namespace core {


// --- doctors ---------------------------------------------------------------------------------------
#define CORE_VERIFICATIONS(X) X(pending) X(verified) X(rejected) X(suspended)
CORE_ENUM(Verification, CORE_VERIFICATIONS)

struct DoctorProfile {
    UserId user_id = 0;
    std::string specialty = "general_practice";  // a code from specialties()
    std::string bio;
    std::vector<std::string> languages;           // e.g. {"English", "Deutsch"}
    int years_of_practice = 0;
    std::string licence_number;
    std::string licence_region;                   // issuing authority / region
    int price_credits = 2;
    Verification verification = Verification::pending;
    std::string verification_note;                // the reason a doctor sees when rejected/suspended
    Instant updated_at{};
};

// Weekly hours are local times in the doctor's own time zone: "Monday 09:00-12:30" stays 09:00 local
// across daylight-saving changes.
struct WeeklyHours {
    int weekday = 0;       // 0 = Monday … 6 = Sunday
    int start_minute = 0;  // minutes after local midnight
    int end_minute = 0;

    template <typename F>  // its wire form (core/protocol/codec.h)
    void fields(F& f) {
        f("weekday", weekday);
        f("start_minute", start_minute);
        f("end_minute", end_minute);
    }
};

struct AvailabilityException {
    std::string date;      // local date "2026-12-24" in the doctor's zone
    bool day_off = true;   // true: no slots that day; false: extra hours below
    int start_minute = 0;
    int end_minute = 0;

    template <typename F>
    void fields(F& f) {
        f("date", date);
        f("day_off", day_off);
        f.optional("start_minute", start_minute);
        f.optional("end_minute", end_minute);
    }
};

struct Availability {
    UserId doctor_id = 0;
    std::vector<WeeklyHours> weekly;
    std::vector<AvailabilityException> exceptions;
    int slot_minutes = 30;       // 15..60
    int buffer_minutes = 0;      // gap after each visit, 0..60
    int min_notice_minutes = 120;
    int horizon_days = 60;
    bool auto_confirm = false;

    template <typename F>  // doctor_id is not on the wire: it is always the doctor asking
    void fields(F& f) {
        f("weekly", weekly);
        f("exceptions", exceptions);
        f("slot_minutes", slot_minutes);
        f("buffer_minutes", buffer_minutes);
        f("min_notice_minutes", min_notice_minutes);
        f("horizon_days", horizon_days);
        f("auto_confirm", auto_confirm);
    }
};

// --- appointments ----------------------------------------------------------------------------------
#define CORE_APPOINTMENT_STATUSES(X) \
    X(requested) X(confirmed) X(declined) X(expired) X(cancelled) X(in_progress) X(completed) X(no_show)
CORE_ENUM(AppointmentStatus, CORE_APPOINTMENT_STATUSES)
// Requested, confirmed and in-progress appointments hold their slot; the others free it.
bool holds_slot(AppointmentStatus s);
bool is_final(AppointmentStatus s);

struct Appointment {
    AppointmentId id = 0;
    UserId doctor_id = 0;
    UserId patient_id = 0;
    Instant starts_at{};
    Instant ends_at{};
    AppointmentStatus status = AppointmentStatus::requested;
    std::string concern;         // the patient's words, <= 2000 characters
    int price_credits = 0;       // held in escrow while the appointment is open
    // The cancellation policy as shown to the patient when booking (kept with the appointment, so a
    // later policy change never applies retroactively).
    int free_cancel_hours = 24;
    int late_cancel_refund_percent = 50;
    std::string clinical_notes;  // private to the doctor
    std::string visit_summary;   // shared with the patient
    int sequence = 0;            // iCalendar SEQUENCE: bumped on every change a calendar should see
    bool reminded_24h = false;
    bool reminded_15m = false;
    Instant created_at{};
    Instant updated_at{};
};

struct AppointmentChange {
    std::int64_t id = 0;
    AppointmentId appointment_id = 0;
    std::optional<AppointmentStatus> from;  // empty for the creation
    AppointmentStatus to = AppointmentStatus::requested;
    UserId actor = 0;                       // 0 = the system (expiry)
    std::string message;                    // e.g. the decline reason
    Instant at{};
};

}  // namespace core
