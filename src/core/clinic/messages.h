// The clinic messages (docs/PROTOCOL.md, "Clinic"): doctors, availability, slots, booking and the
// appointment's life. Written once, read and written by the server and the client alike.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/accounts/model.h"
#include "core/clinic/appointment_rules.h"
#include "core/clinic/model.h"
#include "core/clinic/slots.h"
#include "core/protocol/protocol.h"

namespace core::msg {

using protocol::Empty;
using protocol::RequestType;

// --- objects ---------------------------------------------------------------------------------------

struct SpecialtyInfo {
    std::string code, name;
    template <typename F>
    void fields(F& f) {
        f("code", code);
        f("name", name);
    }
};

// A doctor's profile; licence_number only for the doctor and administrators.
struct ProfileInfo {
    UserId doctor_id = 0;
    std::string specialty;
    std::string specialty_name;
    std::string bio;
    std::vector<std::string> languages;
    int years_of_practice = 0;
    std::string licence_region;
    int price_credits = 0;
    Verification verification = Verification::pending;
    std::string verification_note;
    std::string licence_number;

    template <typename F>
    void fields(F& f) {
        f("doctor_id", doctor_id);
        f("specialty", specialty);
        f("specialty_name", specialty_name);
        f("bio", bio);
        f("languages", languages);
        f("years_of_practice", years_of_practice);
        f("licence_region", licence_region);
        f("price_credits", price_credits);
        f("verification", verification);
        f("verification_note", verification_note);
        f.optional("licence_number", licence_number);
    }
};

// A doctor in search results (and, with email and signed_up_at, in the verification queue).
struct DoctorListingInfo {
    UserId doctor_id = 0;
    std::string display_name;
    std::string time_zone;
    ProfileInfo profile;
    std::optional<Slot> next_slot;
    std::string email;                      // administrators only
    std::optional<Instant> signed_up_at;    // the verification queue only

    template <typename F>
    void fields(F& f) {
        f("doctor_id", doctor_id);
        f("display_name", display_name);
        f("time_zone", time_zone);
        f("profile", profile);
        f("next_slot", next_slot);
        f.optional("email", email);
        f.optional("signed_up_at", signed_up_at);
    }
};

struct AppointmentDoctor {
    UserId id = 0;
    std::string display_name, time_zone, specialty, specialty_name;
    template <typename F>
    void fields(F& f) {
        f("id", id);
        f("display_name", display_name);
        f("time_zone", time_zone);
        f("specialty", specialty);
        f("specialty_name", specialty_name);
    }
};

struct AppointmentPatient {
    UserId id = 0;
    std::string display_name, time_zone;
    template <typename F>
    void fields(F& f) {
        f("id", id);
        f("display_name", display_name);
        f("time_zone", time_zone);
    }
};

struct HistoryEntry {
    std::optional<AppointmentStatus> from;  // empty for the creation
    AppointmentStatus to = AppointmentStatus::requested;
    UserId actor_id = 0;  // 0 = the system (expiry)
    std::string message;
    Instant at{};
    template <typename F>
    void fields(F& f) {
        f("from", from);
        f("to", to);
        f("actor_id", actor_id);
        f("message", message);
        f("at", at);
    }
};

// An appointment as one side sees it: clinical notes only in the doctor's copy; the history only in
// replies about one appointment.
struct AppointmentInfo {
    AppointmentId id = 0;
    AppointmentDoctor doctor;
    AppointmentPatient patient;
    Instant starts_at{}, ends_at{};
    AppointmentStatus status = AppointmentStatus::requested;
    std::string concern;
    int price_credits = 0;
    Instant free_cancel_until{};
    int late_cancel_refund_percent = 50;
    std::string visit_summary;
    Instant join_opens_at{}, join_closes_at{};
    int sequence = 0;
    Instant created_at{}, updated_at{};
    std::optional<std::string> clinical_notes;
    std::optional<std::vector<HistoryEntry>> history;

    bool open() const { return holds_slot(status); }
    template <typename F>
    void fields(F& f) {
        f("id", id);
        f("doctor", doctor);
        f("patient", patient);
        f("starts_at", starts_at);
        f("ends_at", ends_at);
        f("status", status);
        f("concern", concern);
        f("price_credits", price_credits);
        f("free_cancel_until", free_cancel_until);
        f("late_cancel_refund_percent", late_cancel_refund_percent);
        f("visit_summary", visit_summary);
        f("join_opens_at", join_opens_at);
        f("join_closes_at", join_closes_at);
        f("sequence", sequence);
        f("created_at", created_at);
        f("updated_at", updated_at);
        f.optional("clinical_notes", clinical_notes);
        f.optional("history", history);
    }
};

// --- replies ---------------------------------------------------------------------------------------

struct SpecialtyList {
    std::vector<SpecialtyInfo> specialties;
    template <typename F>
    void fields(F& f) {
        f("specialties", specialties);
    }
};

struct DoctorList {
    std::vector<DoctorListingInfo> doctors;
    template <typename F>
    void fields(F& f) {
        f("doctors", doctors);
    }
};

struct ProfileReply {
    ProfileInfo profile;
    template <typename F>
    void fields(F& f) {
        f("profile", profile);
    }
};

struct SlotList {
    std::vector<Slot> slots;
    template <typename F>
    void fields(F& f) {
        f("slots", slots);
    }
};

struct AvailabilityReply {
    Availability availability;
    template <typename F>
    void fields(F& f) {
        f("availability", availability);
    }
};

struct AppointmentReply {
    AppointmentInfo appointment;
    template <typename F>
    void fields(F& f) {
        f("appointment", appointment);
    }
};

struct AppointmentList {
    std::vector<AppointmentInfo> appointments;  // by start time
    template <typename F>
    void fields(F& f) {
        f("appointments", appointments);
    }
};

// An iCalendar file for the visit (RFC 5545).
struct CalendarFile {
    std::string filename;
    std::string content_type;
    std::string content;
    template <typename F>
    void fields(F& f) {
        f("filename", filename);
        f("content_type", content_type);
        f("content", content);
    }
};

// --- requests --------------------------------------------------------------------------------------

struct ListSpecialties : Empty {
    static constexpr RequestType type = RequestType::list_specialties;
    using Reply = SpecialtyList;
};

struct FindDoctors {
    static constexpr RequestType type = RequestType::find_doctors;
    using Reply = DoctorList;
    std::string specialty;  // a code; empty = all
    std::string text;       // matches name, language or specialty (first 100 bytes)
    template <typename F>
    void fields(F& f) {
        f.optional("specialty", specialty);
        f.optional("text", text);
    }
};

struct GetDoctor {
    static constexpr RequestType type = RequestType::get_doctor;
    using Reply = ProfileReply;
    UserId doctor_id = 0;
    template <typename F>
    void fields(F& f) {
        f("doctor_id", doctor_id);
    }
};

struct GetSlots {
    static constexpr RequestType type = RequestType::get_slots;
    using Reply = SlotList;
    UserId doctor_id = 0;
    Instant from{}, to{};  // at most 62 days apart
    template <typename F>
    void fields(F& f) {
        f("doctor_id", doctor_id);
        f("from", from);
        f("to", to);
    }
};

struct UpdateDoctorProfile {
    static constexpr RequestType type = RequestType::update_doctor_profile;
    using Reply = ProfileReply;
    std::string specialty, bio;
    std::vector<std::string> languages;
    int years_of_practice = 0;
    std::string licence_number, licence_region;
    int price_credits = 2;
    template <typename F>
    void fields(F& f) {
        f("specialty", specialty);
        f("bio", bio);
        f("languages", languages);
        f("years_of_practice", years_of_practice);
        f("licence_number", licence_number);
        f("licence_region", licence_region);
        f("price_credits", price_credits);
    }
};

struct GetAvailability : Empty {
    static constexpr RequestType type = RequestType::get_availability;
    using Reply = AvailabilityReply;
};

struct SetAvailability {
    static constexpr RequestType type = RequestType::set_availability;
    using Reply = AvailabilityReply;
    Availability availability;
    template <typename F>
    void fields(F& f) {
        f("availability", availability);
    }
};

struct VerificationQueue : Empty {
    static constexpr RequestType type = RequestType::verification_queue;
    using Reply = DoctorList;
};

struct DecideVerification {
    static constexpr RequestType type = RequestType::decide_verification;
    using Reply = ProfileReply;
    UserId doctor_id = 0;
    Verification decision = Verification::verified;  // verified | rejected | suspended
    std::string reason;                              // required unless verified
    template <typename F>
    void fields(F& f) {
        f("doctor_id", doctor_id);
        f("decision", decision, "Choose verified, rejected or suspended.");
        f.optional("reason", reason);
    }
};

struct Book {
    static constexpr RequestType type = RequestType::book;
    using Reply = AppointmentReply;
    UserId doctor_id = 0;
    Instant starts_at{};
    std::string concern;  // at most 2,000 characters
    template <typename F>
    void fields(F& f) {
        f("doctor_id", doctor_id);
        f("starts_at", starts_at);
        f.optional("concern", concern);
    }
};

// confirm, decline (with a message), cancel, start, complete, no_show.
struct ActOnAppointment {
    static constexpr RequestType type = RequestType::appointment_action;
    using Reply = AppointmentReply;
    AppointmentId appointment_id = 0;
    AppointmentAction action = AppointmentAction::confirm;
    std::string message;
    template <typename F>
    void fields(F& f) {
        f("appointment_id", appointment_id);
        f("action", action);
        f.optional("message", message);
    }
};

struct Reschedule {
    static constexpr RequestType type = RequestType::reschedule;
    using Reply = AppointmentReply;
    AppointmentId appointment_id = 0;
    Instant starts_at{};
    template <typename F>
    void fields(F& f) {
        f("appointment_id", appointment_id);
        f("starts_at", starts_at);
    }
};

// The doctor's private notes and the summary the patient sees; an absent field stays as it is.
struct WriteNotes {
    static constexpr RequestType type = RequestType::write_notes;
    using Reply = AppointmentReply;
    AppointmentId appointment_id = 0;
    std::optional<std::string> clinical_notes;
    std::optional<std::string> visit_summary;
    template <typename F>
    void fields(F& f) {
        f("appointment_id", appointment_id);
        f.optional("clinical_notes", clinical_notes);
        f.optional("visit_summary", visit_summary);
    }
};

struct GetAppointment {
    static constexpr RequestType type = RequestType::get_appointment;
    using Reply = AppointmentReply;
    AppointmentId appointment_id = 0;
    template <typename F>
    void fields(F& f) {
        f("appointment_id", appointment_id);
    }
};

struct ListAppointments {
    static constexpr RequestType type = RequestType::list_appointments;
    using Reply = AppointmentList;
    Instant from{}, to{};
    template <typename F>
    void fields(F& f) {
        f("from", from);
        f("to", to);
    }
};

struct GetAppointmentIcs {
    static constexpr RequestType type = RequestType::appointment_ics;
    using Reply = CalendarFile;
    AppointmentId appointment_id = 0;
    template <typename F>
    void fields(F& f) {
        f("appointment_id", appointment_id);
    }
};

// --- events ----------------------------------------------------------------------------------------

// To the patient and the doctor of an appointment that changed, each with their own copy.
struct AppointmentUpdated {
    static constexpr std::string_view name = "appointment.updated";
    AppointmentInfo appointment;
    template <typename F>
    void fields(F& f) {
        f("appointment", appointment);
    }
};

// To a doctor whose profile or verification changed.
struct DoctorUpdated {
    static constexpr std::string_view name = "doctor.updated";
    ProfileInfo profile;
    template <typename F>
    void fields(F& f) {
        f("profile", profile);
    }
};

}  // namespace core::msg
