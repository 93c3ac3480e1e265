// iCalendar (RFC 5545) for one appointment, so a patient or doctor can add it to their calendar.
// Times are UTC ("Z"); the UID is stable per appointment and SEQUENCE grows with each change, so a
// calendar replaces the old copy; a cancelled appointment is sent with METHOD:CANCEL.
#pragma once
#include <string>

#include "core/clinic/model.h"

namespace core {

struct IcsInput {
    const Appointment& appointment;
    std::string title;        // "Video consultation with Dr. Amara Okafor"
    std::string description;  // what to do, where to join
    std::string host;         // for the UID: "telemed.example"
    Instant stamp;            // DTSTAMP: when this file is produced
};

std::string appointment_ics(const IcsInput& in);
std::string ics_escape(std::string_view text);         // \\ ; , and newlines
std::string ics_fold(std::string_view content_line);   // 75-octet lines, never splitting UTF-8

}  // namespace core
