// What a person can ask for. Screens emit these; the Controller carries them out. Form contents are
// already in AppState, so submit actions carry no payload.
#pragma once
#include <cstdint>
#include <string>
#include <variant>

#include "app/state.h"

namespace app {

struct SubmitSignIn {};
struct SubmitSignUp {};
struct ShowScreen {
    Screen screen;
};
struct SignOut {};
struct SubmitPasswordChange {};
struct SubmitStaffAccount {};
struct SelectTab {
    Tab tab;
};
struct RefreshAccounts {};
struct DemoSignIn {
    int index;  // into core::demo_accounts()
};
struct OpenDemo {};   // reload the page as /?demo
struct LeaveDemo {};  // reload the page as /
struct ReloadPage {};

// --- clinic (carried out by ClinicController)
struct SearchDoctors {};             // with clinic.specialty_filter / clinic.search
struct OpenDoctor {
    std::int64_t doctor_id;
};
struct CloseDoctor {};
struct ChooseSlot {
    core::Instant starts_at;
};
struct SubmitBooking {};
struct LoadAppointments {};
struct OpenAppointment {
    std::int64_t appointment_id;
};
struct CloseAppointment {};
struct AppointmentCommand {          // confirm, decline, cancel, start, complete, no_show
    std::int64_t appointment_id;
    std::string action;
};
struct BeginReschedule {};
struct SubmitReschedule {
    core::Instant starts_at;
};
struct SaveNotes {};
struct DownloadCalendar {
    std::int64_t appointment_id;
};
struct LoadWallet {};
struct SubmitPurchase {};
struct LoadNotifications {};
struct ReadNotification {
    std::int64_t notification_id;
};
struct SaveProfile {};
struct SaveAvailability {};
struct LoadVerificationQueue {};
struct DecideVerification {
    std::int64_t doctor_id;
    std::string decision;  // verified | rejected | suspended
};
struct ShiftAgendaWeek {
    int delta;
};

// --- calls (carried out by CallController)
struct OpenCall {           // pre-call check for this appointment
    std::int64_t appointment_id;
};
struct JoinCall {};
struct LeaveCall {};
struct AdmitToCall {
    std::int64_t user_id;
};
struct EndConsultation {};
struct ToggleMicrophone {};
struct ToggleCamera {};
struct ToggleScreenShare {};
struct SendCallChat {};
struct PlayTestTone {};
struct SelectDevice {
    bool camera;
    int index;
};
struct RecordingAction {
    std::string action;  // request | consent | decline | stop
};
struct CloseCall {};
// Call recordings in the visit detail.
struct PlayRecording {
    std::int64_t recording_id;
};
struct DownloadRecording {
    std::int64_t recording_id;
};
struct ClosePlayer {};
// --- invitations and guests
struct CreateInvite {        // the doctor, in the call: a link for a colleague | interpreter | family member
    std::string role;
};
struct CopyInviteLink {
    std::int64_t invite_id;
};
struct RevokeInvite {
    std::int64_t invite_id;
};
struct SubmitGuestEntry {};  // the person who opened an invitation link gave their name
struct OpenStartPage {};     // leave a dead invitation link: reload the page as /
struct ToggleAudioOnly {};  // stop or resume sending video (also "Turn video back on" after a fallback)
struct RetryMedia {};       // ask for the camera and microphone again (after a refusal or a missing device)

using Action = std::variant<SubmitSignIn, SubmitSignUp, ShowScreen, SignOut, SubmitPasswordChange,
                            SubmitStaffAccount, SelectTab, RefreshAccounts, DemoSignIn, OpenDemo, LeaveDemo,
                            ReloadPage, SearchDoctors, OpenDoctor, CloseDoctor, ChooseSlot, SubmitBooking,
                            LoadAppointments, OpenAppointment, CloseAppointment, AppointmentCommand, BeginReschedule,
                            SubmitReschedule, SaveNotes, DownloadCalendar, LoadWallet, SubmitPurchase,
                            LoadNotifications, ReadNotification, SaveProfile, SaveAvailability,
                            LoadVerificationQueue, DecideVerification, ShiftAgendaWeek, OpenCall, JoinCall, LeaveCall,
                            AdmitToCall, EndConsultation, ToggleMicrophone, ToggleCamera, ToggleScreenShare,
                            SendCallChat, PlayTestTone, SelectDevice, RecordingAction, CloseCall, PlayRecording,
                            DownloadRecording, ClosePlayer, CreateInvite, CopyInviteLink, RevokeInvite,
                            SubmitGuestEntry, OpenStartPage, ToggleAudioOnly, RetryMedia>;

}  // namespace app
