// Client-side clinic state: what the patient, doctor and admin screens show about doctors, slots,
// appointments, credits and notifications, plus the drafts of the forms they fill in. Parsed from the
// protocol's JSON (docs/PROTOCOL.md) by the from_json functions in clinic_state.cpp.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/form.h"
#include "core/protocol/protocol.h"
#include "core/time/clock.h"

namespace app {

struct SpecialtyView {
    std::string code, name;
};

struct DoctorCard {
    std::int64_t id = 0;
    std::string name, email, time_zone;
    std::string specialty, specialty_name, bio, licence_number, licence_region;
    std::vector<std::string> languages;
    int years = 0;
    int price = 0;
    std::string verification = "pending", verification_note;
    std::optional<core::Instant> next_slot;
    std::string signed_up_at;

    static DoctorCard from_listing(const core::protocol::json& j);
    static DoctorCard from_profile(const core::protocol::json& profile, DoctorCard base);
    static DoctorCard from_profile(const core::protocol::json& profile) { return from_profile(profile, DoctorCard{}); }
};

struct SlotView {
    core::Instant starts_at{}, ends_at{};
};

struct HistoryItem {
    std::string from, to, message;
    std::int64_t actor_id = 0;
    core::Instant at{};
};

struct AppointmentItem {
    std::int64_t id = 0;
    std::int64_t doctor_id = 0, patient_id = 0;
    std::string doctor_name, doctor_time_zone, doctor_specialty;
    std::string patient_name, patient_time_zone;
    core::Instant starts_at{}, ends_at{};
    std::string status;
    std::string concern, visit_summary, clinical_notes;
    int price = 0;
    core::Instant free_cancel_until{};
    int late_refund_percent = 50;
    core::Instant join_opens_at{}, join_closes_at{};
    int sequence = 0;
    std::vector<HistoryItem> history;

    static AppointmentItem from_json(const core::protocol::json& j);
    bool open() const { return status == "requested" || status == "confirmed" || status == "in_progress"; }
};

struct LedgerItem {
    std::string kind, memo, account;
    std::int64_t amount = 0;
    core::Instant at{};
};

struct WalletView {
    std::int64_t available = 0, held = 0, earnings = 0;
    std::vector<LedgerItem> entries;
    bool loaded = false;
};

struct PackageView {
    std::string id, name, currency;
    int credits = 0, price_cents = 0;
};

struct NotificationItem {
    std::int64_t id = 0;
    std::string kind, title, body;
    core::Instant created_at{};
    bool read = false;
    std::optional<std::int64_t> appointment_id;
};

struct BookingForm : Form {
    std::optional<core::Instant> slot;
    std::string concern;
};

struct PaymentForm : Form {
    int package = 0;
    std::string number, expiry, cvc, holder;
    std::string idempotency_key;  // one per purchase attempt; kept across a retry of the same attempt
};

struct ProfileForm : Form {
    int specialty = 0;
    std::string bio, languages, years, licence_number, licence_region, price;
    bool loaded = false;
};

struct AvailabilityForm : Form {
    std::string weekly[7];     // per weekday, e.g. "09:00-12:30, 14:00-18:00"
    std::string exceptions;    // one per line: "2026-12-24 off" or "2026-12-27 10:00-12:00"
    int slot_minutes = 1;      // index into kSlotLengths
    std::string buffer_minutes = "0", min_notice_hours = "2", horizon_days = "60";
    bool auto_confirm = false;
    bool loaded = false;
};
inline constexpr int kSlotLengths[] = {15, 20, 30, 45, 60};

struct ClinicState {
    std::vector<SpecialtyView> specialties;

    // patients: find a doctor, book
    int specialty_filter = 0;  // 0 = all, else specialties[i - 1]
    std::string search;
    std::vector<DoctorCard> doctors;
    bool doctors_loading = false;
    std::optional<DoctorCard> doctor;  // the one being looked at
    std::vector<SlotView> slots;       // next 14 days
    bool slots_loading = false;
    int day = 0;                       // selected day, 0 = today (viewer's zone)
    BookingForm booking;

    // everyone with appointments
    std::vector<AppointmentItem> appointments;
    bool appointments_loading = false;
    std::optional<AppointmentItem> detail;  // the open appointment, with history
    std::string action_message;             // decline reason / cancel reason draft
    std::string notes_draft, summary_draft;
    bool rescheduling = false;
    Form appointment_form;
    int agenda_week = 0;                    // doctor's calendar: weeks from this one

    // credits
    WalletView wallet;
    std::vector<PackageView> packages;
    bool test_mode = true;
    PaymentForm payment;

    // notifications
    std::vector<NotificationItem> notifications;
    int unread = 0;

    // doctors: own profile and hours
    ProfileForm profile;
    AvailabilityForm availability;
    std::string verification = "pending", verification_note;

    // admins: verification queue
    std::vector<DoctorCard> queue;
    bool queue_loading = false;
    std::map<std::int64_t, std::string> decision_reasons;
};

// "09:00-12:30, 14:00-18:00" <-> minute ranges; nullopt with a message on bad input.
std::optional<std::string> parse_ranges(const std::string& text, std::vector<std::pair<int, int>>& out);
std::string format_ranges(const std::vector<std::pair<int, int>>& ranges);

}  // namespace app
