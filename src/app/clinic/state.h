// The clinic slices, one per feature module of src/app/clinic/: finding a doctor and booking
// (BookingState), the visits and the open visit (VisitsState), the doctor's own profile and hours
// (PracticeState), and the administrator's verification queue (VerificationState). They hold the
// wire structs of core/clinic/messages.h as they arrive, plus the drafts of the forms.
#pragma once
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "app/clinic/requests.h"
#include "app/form.h"
#include "core/clinic/messages.h"

namespace app {

// --- finding a doctor and booking
struct BookingForm : Form {
    std::optional<core::Instant> slot;
    std::string concern;
};

struct BookingState {
    std::vector<core::msg::SpecialtyInfo> specialties;
    int specialty_filter = 0;  // 0 = all, else specialties[i - 1]
    std::string search;
    std::vector<core::msg::DoctorListingInfo> doctors;
    bool doctors_loading = false;
    std::optional<core::msg::DoctorListingInfo> doctor;  // the one being looked at (or the visit's, to move it)
    std::vector<core::Slot> slots;                       // next 14 days
    bool slots_loading = false;
    int day = 0;                                         // selected day, 0 = the first with times
    BookingForm form;
};

// --- visits
// The doctor's notes and summary of a visit as typed, not yet saved.
struct NoteDraft {
    std::string notes, summary;
};

struct VisitsState {
    std::vector<core::msg::AppointmentInfo> appointments;  // by start
    bool loading = false;
    std::optional<core::msg::AppointmentInfo> detail;  // the open visit, with its history
    std::string action_message;                        // decline reason / cancel reason draft
    std::string notes_draft, summary_draft;
    // Unsaved notes of visits the doctor moved away from, put back when the visit opens again: nothing
    // typed is lost by looking at another screen. Cleared by saving or by "Discard changes".
    std::map<std::int64_t, NoteDraft> note_drafts;
    bool rescheduling = false;
    std::optional<core::AppointmentAction> confirming;  // asked once more before it is sent
    Form form;
    int agenda_week = 0;  // the doctor's calendar: weeks from this one

    // The doctor's Schedule: the requests table or the calendar (#/schedule, #/schedule/calendar).
    enum class ScheduleView { requests, calendar } schedule_view = ScheduleView::requests;
    RequestFilter request_filter = RequestFilter::all;
    std::set<std::int64_t> selected;  // requests ticked for one answer to all of them
    int answers_in_flight = 0;        // the table's answers not yet acknowledged
};

// --- the doctor's profile and hours
struct ProfileForm : Form {
    int specialty = 0;
    std::string bio, languages, years, licence_number, licence_region, price;
    bool loaded = false;
};

struct AvailabilityForm : Form {
    std::string weekly[7];   // per weekday, e.g. "09:00-12:30, 14:00-18:00"
    std::string exceptions;  // one per line: "2026-12-24 off" or "2026-12-27 10:00-12:00"
    int slot_minutes = 1;    // index into kSlotLengths
    std::string buffer_minutes = "0", min_notice_hours = "2", horizon_days = "60";
    bool auto_confirm = false;
    bool loaded = false;
};
inline constexpr int kSlotLengths[] = {15, 20, 30, 45, 60};

struct PracticeState {
    ProfileForm profile;
    AvailabilityForm availability;
    core::Verification verification = core::Verification::pending;
    std::string verification_note;
};

// --- the administrator's verification queue
struct VerificationState {
    std::vector<core::msg::DoctorListingInfo> queue;
    bool loading = false;
    std::map<std::int64_t, std::string> decision_reasons;  // drafts, by doctor
};

}  // namespace app
