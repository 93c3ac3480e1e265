#include "core/clinic/ics.h"

#include <cstdio>

namespace core {
namespace {

std::string ics_time(Instant t) {
    using namespace std::chrono;
    const auto day = floor<days>(t);
    const year_month_day ymd{day};
    const hh_mm_ss hms{floor<seconds>(t - day)};
    char buf[20];
    std::snprintf(buf, sizeof buf, "%04d%02u%02uT%02d%02d%02dZ", int(ymd.year()), unsigned(ymd.month()),
                  unsigned(ymd.day()), int(hms.hours().count()), int(hms.minutes().count()),
                  int(hms.seconds().count()));
    return buf;
}

const char* ics_status(AppointmentStatus s) {
    switch (s) {
        case AppointmentStatus::requested: return "TENTATIVE";
        case AppointmentStatus::confirmed:
        case AppointmentStatus::in_progress:
        case AppointmentStatus::completed: return "CONFIRMED";
        default: return "CANCELLED";
    }
}

}  // namespace

std::string ics_escape(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == '\\' || c == ';' || c == ',') out += '\\', out += c;
        else if (c == '\n') out += "\\n";
        else if (c != '\r') out += c;
    }
    return out;
}

std::string ics_fold(std::string_view line) {
    std::string out;
    size_t width = 0;
    for (size_t i = 0; i < line.size(); ++i) {
        const bool continuation = (static_cast<unsigned char>(line[i]) & 0xC0) == 0x80;
        if (width >= 75 && !continuation) {  // fold before a new character, never inside one
            out += "\r\n ";
            width = 1;
        }
        out += line[i];
        ++width;
    }
    return out + "\r\n";
}

std::string appointment_ics(const IcsInput& in) {
    const Appointment& a = in.appointment;
    const bool cancelled = std::string_view(ics_status(a.status)) == "CANCELLED";
    std::string out;
    for (const std::string& line : {
             std::string("BEGIN:VCALENDAR"),
             std::string("VERSION:2.0"),
             std::string("PRODID:-//Telemed//Appointments 1.0//EN"),
             std::string("CALSCALE:GREGORIAN"),
             std::string(cancelled ? "METHOD:CANCEL" : "METHOD:PUBLISH"),
             std::string("BEGIN:VEVENT"),
             "UID:appointment-" + std::to_string(a.id) + "@" + in.host,
             "SEQUENCE:" + std::to_string(a.sequence),
             "DTSTAMP:" + ics_time(in.stamp),
             "DTSTART:" + ics_time(a.starts_at),
             "DTEND:" + ics_time(a.ends_at),
             "SUMMARY:" + ics_escape(in.title),
             "DESCRIPTION:" + ics_escape(in.description),
             std::string("STATUS:") + ics_status(a.status),
             std::string("TRANSP:OPAQUE"),
             std::string("END:VEVENT"),
             std::string("END:VCALENDAR"),
         })
        out += ics_fold(line);
    return out;
}

}  // namespace core
