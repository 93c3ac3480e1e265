// What a person asks of the clinic, one variant per feature module of src/app/clinic/.
#pragma once
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "app/clinic/state.h"
#include "core/clinic/messages.h"

namespace app {

// --- finding a doctor and booking (BookingModule)
struct SearchDoctors {};  // with booking.specialty_filter / booking.search
struct OpenDoctor {
    std::int64_t doctor_id;
};
struct CloseDoctor {};
struct ChooseSlot {
    core::Instant starts_at;
};
struct SubmitBooking {};
// The free times of a doctor (for moving a visit to another time).
struct ShowSlotsOf {
    std::int64_t doctor_id;
    std::string doctor_name;
};
using BookingAction = std::variant<SearchDoctors, OpenDoctor, CloseDoctor, ChooseSlot, SubmitBooking, ShowSlotsOf>;

// --- visits (VisitsModule)
struct LoadAppointments {};
struct OpenAppointment {
    std::int64_t appointment_id;
};
struct CloseAppointment {};
struct AppointmentCommand {  // confirm, decline, cancel, start, complete, no_show
    std::int64_t appointment_id;
    core::AppointmentAction action;
};
// An action that costs money or cannot be undone is asked once more first (confirmations.h).
struct AskToConfirm {
    core::AppointmentAction action;
};
struct DismissConfirm {};
struct BeginReschedule {};
struct SubmitReschedule {
    core::Instant starts_at;
};
struct SaveNotes {};
struct DiscardNoteChanges {};  // back to the notes as saved
struct UseNotesTemplate {};    // SOAP headings in empty notes
struct DownloadCalendar {
    std::int64_t appointment_id;
};
struct ShiftAgendaWeek {
    int delta;  // 0: back to this week
};
// The doctor's Schedule: which view, which days, which requests are ticked, and one answer to many.
struct ShowScheduleView {
    VisitsState::ScheduleView view;
};
struct FilterRequests {
    RequestFilter filter;
};
struct ToggleRequest {
    std::int64_t appointment_id;
};
struct SelectRequests {
    std::vector<std::int64_t> appointment_ids;  // empty: none
};
struct AnswerRequests {
    std::vector<std::int64_t> appointment_ids;
    core::AppointmentAction action;  // confirm | decline
};
// A visit just booked: into the list, and opened.
struct ShowBookedVisit {
    core::msg::AppointmentInfo appointment;
};
using VisitsAction = std::variant<LoadAppointments, OpenAppointment, CloseAppointment, AppointmentCommand, AskToConfirm, DismissConfirm, BeginReschedule,
                                  SubmitReschedule, SaveNotes, DiscardNoteChanges, UseNotesTemplate, DownloadCalendar, ShiftAgendaWeek, ShowBookedVisit, ShowScheduleView,
                                  FilterRequests, ToggleRequest, SelectRequests, AnswerRequests>;

// --- the doctor's profile and hours (PracticeModule)
struct SaveProfile {};
struct SaveAvailability {};
using PracticeAction = std::variant<SaveProfile, SaveAvailability>;

// --- verification (VerificationModule)
struct LoadVerificationQueue {};
struct DecideVerification {
    std::int64_t doctor_id;
    core::Verification decision;  // verified | rejected | suspended
};
using VerificationAction = std::variant<LoadVerificationQueue, DecideVerification>;

}  // namespace app
