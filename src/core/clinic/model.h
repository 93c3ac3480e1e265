// The clinic's plain data: doctor profiles and their verification, availability, appointments with
// their history, the credit ledger, purchases and notifications. Shared by store, services, protocol.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/accounts/user.h"
#include "core/time/clock.h"

namespace core {

using AppointmentId = std::int64_t;
using PurchaseId = std::int64_t;
using NotificationId = std::int64_t;

// --- doctors ---------------------------------------------------------------------------------------
enum class Verification { pending, verified, rejected, suspended };
std::string_view to_string(Verification v);
std::optional<Verification> verification_from_string(std::string_view s);

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
};

struct AvailabilityException {
    std::string date;      // local date "2026-12-24" in the doctor's zone
    bool day_off = true;   // true: no slots that day; false: extra hours below
    int start_minute = 0;
    int end_minute = 0;
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
};

// --- appointments ----------------------------------------------------------------------------------
enum class AppointmentStatus { requested, confirmed, declined, expired, cancelled, in_progress, completed, no_show };
std::string_view to_string(AppointmentStatus s);
std::optional<AppointmentStatus> appointment_status_from_string(std::string_view s);
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

// --- credits ---------------------------------------------------------------------------------------
// Double-entry ledger: every posting is a set of entries that sums to zero across accounts, so the sum
// of all entries is always 0 and every balance is derived, never stored.
//   wallet:<user>          a patient's spendable credits
//   escrow:<appointment>   credits held for an open appointment
//   earnings:<user>        a doctor's earned credits
//   external:payments      credits bought from outside (goes negative as credits come in)
enum class LedgerKind { purchase, hold, release, refund, earning, grant };
std::string_view to_string(LedgerKind k);

struct LedgerEntry {
    std::int64_t id = 0;
    std::int64_t posting_id = 0;  // entries of one posting share it
    std::string account;
    LedgerKind kind = LedgerKind::purchase;
    std::int64_t amount = 0;      // credits; positive = into the account
    std::optional<AppointmentId> appointment_id;
    std::optional<PurchaseId> purchase_id;
    std::string memo;
    Instant at{};
};

std::string wallet_account(UserId user);
std::string escrow_account(AppointmentId appointment);
std::string earnings_account(UserId doctor);
inline constexpr const char* kExternalPayments = "external:payments";

enum class PurchaseStatus { pending, succeeded, declined };
std::string_view to_string(PurchaseStatus s);

struct Purchase {
    PurchaseId id = 0;
    UserId user_id = 0;
    std::string idempotency_key;
    std::string package_id;
    int credits = 0;
    int amount_cents = 0;
    std::string currency = "EUR";
    PurchaseStatus status = PurchaseStatus::pending;
    std::string charge_id;
    std::string card_brand;
    std::string card_last4;
    std::string decline_reason;
    Instant created_at{};
};

// --- notifications ---------------------------------------------------------------------------------
struct Notification {
    NotificationId id = 0;
    UserId user_id = 0;
    std::string kind;  // "appointment.requested", "reminder.24h", "doctor.verified", …
    std::string title;
    std::string body;
    std::optional<AppointmentId> appointment_id;
    Instant created_at{};
    std::optional<Instant> read_at;
};

}  // namespace core
