// SQLite's clinic: doctor profiles, availability, appointments and their history (rules:
// core/clinic/repository.h), and their tables (the clinic's part of schema v2).
//
// Index: [schema] [mapping] [doctors] [availability] [appointments] [history]
#include <limits>

#include <nlohmann/json.hpp>

#include "store/sqlite/repositories.h"
#include "store/sqlite/schema.h"

namespace server {

// [schema] ------------------------------------------------------------------------------------------
// Schema v2 is one version in three parts, run in this order: the clinic's (here), credits.cpp's,
// notifications.cpp's. Instants are INTEGER unix milliseconds (UTC); enums are their protocol names;
// booleans are 0/1. Local dates and minutes of availability are the doctor's own time zone (never
// converted). Appointments and their history are medical records: never deleted. Shipped: never edit.
std::string_view schema::clinic_v2() {
    return R"sql(
CREATE TABLE doctor_profiles (
    user_id           INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    specialty         TEXT    NOT NULL,
    bio               TEXT    NOT NULL,
    languages         TEXT    NOT NULL CHECK (json_valid(languages) AND json_type(languages) = 'array'),
    years             INTEGER NOT NULL,
    licence_number    TEXT    NOT NULL,
    licence_region    TEXT    NOT NULL,
    price_credits     INTEGER NOT NULL,
    verification      TEXT    NOT NULL CHECK (verification IN ('pending', 'verified', 'rejected', 'suspended')),
    verification_note TEXT    NOT NULL,
    updated_at        INTEGER NOT NULL
);
CREATE INDEX doctor_profiles_by_verification ON doctor_profiles (verification);

-- One row per opening-hours range; rowid keeps the order the doctor gave.
CREATE TABLE weekly_hours (
    doctor_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    weekday      INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),  -- 0 = Monday
    start_minute INTEGER NOT NULL,
    end_minute   INTEGER NOT NULL
);
CREATE INDEX weekly_hours_by_doctor ON weekly_hours (doctor_id);

-- A doctor has availability once this row exists (hours and exceptions may be empty).
CREATE TABLE availability_settings (
    doctor_id          INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    slot_minutes       INTEGER NOT NULL,
    buffer_minutes     INTEGER NOT NULL,
    min_notice_minutes INTEGER NOT NULL,
    horizon_days       INTEGER NOT NULL,
    auto_confirm       INTEGER NOT NULL CHECK (auto_confirm IN (0, 1))
);

CREATE TABLE availability_exceptions (
    doctor_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    date         TEXT    NOT NULL,  -- local date, "2026-12-24"
    day_off      INTEGER NOT NULL CHECK (day_off IN (0, 1)),
    start_minute INTEGER NOT NULL,
    end_minute   INTEGER NOT NULL
);
CREATE INDEX availability_exceptions_by_doctor ON availability_exceptions (doctor_id);

CREATE TABLE appointments (
    id                         INTEGER PRIMARY KEY,
    doctor_id                  INTEGER NOT NULL REFERENCES users (id),
    patient_id                 INTEGER NOT NULL REFERENCES users (id),
    starts_at                  INTEGER NOT NULL,
    ends_at                    INTEGER NOT NULL,
    status                     TEXT    NOT NULL CHECK (status IN ('requested', 'confirmed', 'declined', 'expired',
                                                                  'cancelled', 'in_progress', 'completed', 'no_show')),
    concern                    TEXT    NOT NULL,
    price_credits              INTEGER NOT NULL,
    free_cancel_hours          INTEGER NOT NULL,
    late_cancel_refund_percent INTEGER NOT NULL,
    clinical_notes             TEXT    NOT NULL,  -- private to the doctor
    visit_summary              TEXT    NOT NULL,
    sequence                   INTEGER NOT NULL,
    reminded_24h               INTEGER NOT NULL CHECK (reminded_24h IN (0, 1)),
    reminded_15m               INTEGER NOT NULL CHECK (reminded_15m IN (0, 1)),
    created_at                 INTEGER NOT NULL,
    updated_at                 INTEGER NOT NULL
);
CREATE INDEX appointments_by_doctor ON appointments (doctor_id, starts_at);
CREATE INDEX appointments_by_patient ON appointments (patient_id, starts_at);
CREATE INDEX appointments_by_status ON appointments (status, starts_at);
-- The store's own guarantee against double booking: one slot-holding appointment per doctor and
-- start, whatever a service checked before. Keep the list equal to core::holds_slot().
CREATE UNIQUE INDEX appointments_one_per_slot ON appointments (doctor_id, starts_at)
    WHERE status IN ('requested', 'confirmed', 'in_progress');

CREATE TABLE appointment_changes (
    id             INTEGER PRIMARY KEY,
    appointment_id INTEGER NOT NULL REFERENCES appointments (id),
    from_status    TEXT,  -- NULL for the creation
    to_status      TEXT    NOT NULL,
    actor          INTEGER NOT NULL,  -- a user id; 0 = the system
    message        TEXT    NOT NULL,
    at             INTEGER NOT NULL
);
CREATE INDEX appointment_changes_by_appointment ON appointment_changes (appointment_id);
)sql";
}

// The clinic's part of schema v7 (before messaging.cpp's): who may write to whom is "the pair has a
// visit", asked on every message sent, so the pair gets its own index. Shipped: never edit.
std::string_view schema::clinic_v7() {
    return R"sql(
CREATE INDEX appointments_by_pair ON appointments (patient_id, doctor_id, status);
)sql";
}

namespace {

// [mapping] -----------------------------------------------------------------------------------------
#define TELEMED_PROFILE_COLUMNS                                                                               \
    "user_id, specialty, bio, languages, years, licence_number, licence_region, price_credits, verification," \
    " verification_note, updated_at"

core::DoctorProfile read_profile(const sqlite::Statement& s) {
    core::DoctorProfile p;
    p.user_id = s.int64(0);
    p.specialty = s.text(1);
    p.bio = s.text(2);
    p.languages = nlohmann::json::parse(s.text(3)).get<std::vector<std::string>>();
    p.years_of_practice = static_cast<int>(s.int64(4));
    p.licence_number = s.text(5);
    p.licence_region = s.text(6);
    p.price_credits = static_cast<int>(s.int64(7));
    p.verification = enum_column<core::Verification>(s, 8);
    p.verification_note = s.text(9);
    p.updated_at = instant(s.int64(10));
    return p;
}

#define TELEMED_APPOINTMENT_COLUMNS                                                                                 \
    "id, doctor_id, patient_id, starts_at, ends_at, status, concern, price_credits, free_cancel_hours,"             \
    " late_cancel_refund_percent, clinical_notes, visit_summary, sequence, reminded_24h, reminded_15m, created_at," \
    " updated_at"

core::Appointment read_appointment(const sqlite::Statement& s) {
    core::Appointment a;
    a.id = s.int64(0);
    a.doctor_id = s.int64(1);
    a.patient_id = s.int64(2);
    a.starts_at = instant(s.int64(3));
    a.ends_at = instant(s.int64(4));
    a.status = enum_column<core::AppointmentStatus>(s, 5);
    a.concern = s.text(6);
    a.price_credits = static_cast<int>(s.int64(7));
    a.free_cancel_hours = static_cast<int>(s.int64(8));
    a.late_cancel_refund_percent = static_cast<int>(s.int64(9));
    a.clinical_notes = s.text(10);
    a.visit_summary = s.text(11);
    a.sequence = static_cast<int>(s.int64(12));
    a.reminded_24h = s.int64(13) != 0;
    a.reminded_15m = s.int64(14) != 0;
    a.created_at = instant(s.int64(15));
    a.updated_at = instant(s.int64(16));
    return a;
}

// Binds every field but the id to ?2..?17 (the id is ?1 where the statement needs it).
void bind_appointment(sqlite::Statement& s, const core::Appointment& a) {
    s.bind(2, a.doctor_id)
        .bind(3, a.patient_id)
        .bind(4, ms(a.starts_at))
        .bind(5, ms(a.ends_at))
        .bind(6, core::to_string(a.status))
        .bind(7, std::string_view(a.concern))
        .bind(8, std::int64_t{a.price_credits})
        .bind(9, std::int64_t{a.free_cancel_hours})
        .bind(10, std::int64_t{a.late_cancel_refund_percent})
        .bind(11, std::string_view(a.clinical_notes))
        .bind(12, std::string_view(a.visit_summary))
        .bind(13, std::int64_t{a.sequence})
        .bind(14, flag(a.reminded_24h))
        .bind(15, flag(a.reminded_15m))
        .bind(16, ms(a.created_at))
        .bind(17, ms(a.updated_at));
}

std::vector<core::Appointment> read_appointments(sqlite::Statement& s) {
    std::vector<core::Appointment> out;
    while (s.step()) out.push_back(read_appointment(s));
    return out;
}

// Keep equal to core::holds_slot() and to the partial unique index appointments_one_per_slot (the
// planner uses that index only when a query repeats its WHERE term exactly).
#define TELEMED_HOLDS_SLOT "status IN ('requested', 'confirmed', 'in_progress')"

}  // namespace

// [doctors] -----------------------------------------------------------------------------------------
void SqliteClinic::save_doctor_profile(const core::DoctorProfile& p) {
    profiles_read_.erase(p.user_id);
    c_.sql(
          "INSERT INTO doctor_profiles (user_id, specialty, bio, languages, years, licence_number, licence_region,"
          " price_credits, verification, verification_note, updated_at)"
          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
          " ON CONFLICT (user_id) DO UPDATE SET specialty = excluded.specialty, bio = excluded.bio,"
          " languages = excluded.languages, years = excluded.years, licence_number = excluded.licence_number,"
          " licence_region = excluded.licence_region, price_credits = excluded.price_credits,"
          " verification = excluded.verification, verification_note = excluded.verification_note,"
          " updated_at = excluded.updated_at")
        .bind(1, p.user_id)
        .bind(2, std::string_view(p.specialty))
        .bind(3, std::string_view(p.bio))
        .bind(4, std::string_view(nlohmann::json(p.languages).dump()))
        .bind(5, std::int64_t{p.years_of_practice})
        .bind(6, std::string_view(p.licence_number))
        .bind(7, std::string_view(p.licence_region))
        .bind(8, std::int64_t{p.price_credits})
        .bind(9, core::to_string(p.verification))
        .bind(10, std::string_view(p.verification_note))
        .bind(11, ms(p.updated_at))
        .run();
}

std::optional<core::DoctorProfile> SqliteClinic::find_doctor_profile(core::UserId doctor) {
    if (auto seen = profiles_read_.find(doctor); seen != profiles_read_.end()) return seen->second;
    auto& s = c_.sql("SELECT " TELEMED_PROFILE_COLUMNS " FROM doctor_profiles WHERE user_id = ?1");
    s.bind(1, doctor);
    auto profile = s.step() ? std::optional(read_profile(s)) : std::nullopt;
    profiles_read_.emplace(doctor, profile);
    return profile;
}

std::vector<core::DoctorProfile> SqliteClinic::list_doctor_profiles(std::optional<core::Verification> only) {
    auto& s = c_.sql("SELECT " TELEMED_PROFILE_COLUMNS
                     " FROM doctor_profiles WHERE ?1 IS NULL OR verification = ?1 ORDER BY user_id");
    if (only) s.bind(1, core::to_string(*only));
    std::vector<core::DoctorProfile> out;
    while (s.step()) out.push_back(read_profile(s));
    return out;
}

// [availability] ------------------------------------------------------------------------------------
void SqliteClinic::save_availability(const core::Availability& a) {
    c_.sql(
          "INSERT INTO availability_settings (doctor_id, slot_minutes, buffer_minutes, min_notice_minutes,"
          " horizon_days, auto_confirm) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
          " ON CONFLICT (doctor_id) DO UPDATE SET slot_minutes = excluded.slot_minutes,"
          " buffer_minutes = excluded.buffer_minutes, min_notice_minutes = excluded.min_notice_minutes,"
          " horizon_days = excluded.horizon_days, auto_confirm = excluded.auto_confirm")
        .bind(1, a.doctor_id)
        .bind(2, std::int64_t{a.slot_minutes})
        .bind(3, std::int64_t{a.buffer_minutes})
        .bind(4, std::int64_t{a.min_notice_minutes})
        .bind(5, std::int64_t{a.horizon_days})
        .bind(6, flag(a.auto_confirm))
        .run();
    c_.sql("DELETE FROM weekly_hours WHERE doctor_id = ?1").bind(1, a.doctor_id).run();
    c_.sql("DELETE FROM availability_exceptions WHERE doctor_id = ?1").bind(1, a.doctor_id).run();
    for (const core::WeeklyHours& h : a.weekly)
        c_.sql(
              "INSERT INTO weekly_hours (doctor_id, weekday, start_minute, end_minute) VALUES (?1, ?2, ?3, ?4)")
            .bind(1, a.doctor_id)
            .bind(2, std::int64_t{h.weekday})
            .bind(3, std::int64_t{h.start_minute})
            .bind(4, std::int64_t{h.end_minute})
            .run();
    for (const core::AvailabilityException& e : a.exceptions)
        c_.sql(
              "INSERT INTO availability_exceptions (doctor_id, date, day_off, start_minute, end_minute)"
              " VALUES (?1, ?2, ?3, ?4, ?5)")
            .bind(1, a.doctor_id)
            .bind(2, std::string_view(e.date))
            .bind(3, flag(e.day_off))
            .bind(4, std::int64_t{e.start_minute})
            .bind(5, std::int64_t{e.end_minute})
            .run();
}

std::optional<core::Availability> SqliteClinic::find_availability(core::UserId doctor) {
    auto& settings = c_.sql(
        "SELECT slot_minutes, buffer_minutes, min_notice_minutes, horizon_days, auto_confirm"
        " FROM availability_settings WHERE doctor_id = ?1");
    settings.bind(1, doctor);
    if (!settings.step()) return std::nullopt;
    core::Availability a;
    a.doctor_id = doctor;
    a.slot_minutes = static_cast<int>(settings.int64(0));
    a.buffer_minutes = static_cast<int>(settings.int64(1));
    a.min_notice_minutes = static_cast<int>(settings.int64(2));
    a.horizon_days = static_cast<int>(settings.int64(3));
    a.auto_confirm = settings.int64(4) != 0;

    // rowid keeps the order the doctor gave.
    auto& weekly = c_.sql(
        "SELECT weekday, start_minute, end_minute FROM weekly_hours WHERE doctor_id = ?1 ORDER BY rowid");
    weekly.bind(1, doctor);
    while (weekly.step())
        a.weekly.push_back({static_cast<int>(weekly.int64(0)), static_cast<int>(weekly.int64(1)),
                            static_cast<int>(weekly.int64(2))});
    auto& exceptions = c_.sql(
        "SELECT date, day_off, start_minute, end_minute FROM availability_exceptions WHERE doctor_id = ?1"
        " ORDER BY rowid");
    exceptions.bind(1, doctor);
    while (exceptions.step())
        a.exceptions.push_back({exceptions.text(0), exceptions.int64(1) != 0,
                                static_cast<int>(exceptions.int64(2)),
                                static_cast<int>(exceptions.int64(3))});
    return a;
}

// [appointments] ------------------------------------------------------------------------------------
core::AppointmentId SqliteClinic::insert_appointment(const core::Appointment& a) {
    auto& s = c_.sql(
        "INSERT INTO appointments (doctor_id, patient_id, starts_at, ends_at, status, concern, price_credits,"
        " free_cancel_hours, late_cancel_refund_percent, clinical_notes, visit_summary, sequence, reminded_24h,"
        " reminded_15m, created_at, updated_at)"
        " VALUES (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)");
    bind_appointment(s, a);
    run_unique(s, "appointments.doctor_slot");
    return c_.db.last_insert_rowid();
}

void SqliteClinic::update_appointment(const core::Appointment& a) {
    auto& s = c_.sql(
        "UPDATE appointments SET doctor_id = ?2, patient_id = ?3, starts_at = ?4, ends_at = ?5, status = ?6,"
        " concern = ?7, price_credits = ?8, free_cancel_hours = ?9, late_cancel_refund_percent = ?10,"
        " clinical_notes = ?11, visit_summary = ?12, sequence = ?13, reminded_24h = ?14, reminded_15m = ?15,"
        " created_at = ?16, updated_at = ?17 WHERE id = ?1");
    s.bind(1, a.id);
    bind_appointment(s, a);
    run_unique(s, "appointments.doctor_slot");
}

std::optional<core::Appointment> SqliteClinic::find_appointment(core::AppointmentId id) {
    auto& s = c_.sql("SELECT " TELEMED_APPOINTMENT_COLUMNS " FROM appointments WHERE id = ?1");
    s.bind(1, id);
    return s.step() ? std::optional(read_appointment(s)) : std::nullopt;
}

std::vector<core::Appointment> SqliteClinic::active_appointments_overlapping(core::UserId user,
                                                                             bool as_doctor,
                                                                             core::Instant from,
                                                                             core::Instant to) {
    auto& s = c_.sql(as_doctor ? "SELECT " TELEMED_APPOINTMENT_COLUMNS
                                 " FROM appointments WHERE doctor_id = ?1 AND " TELEMED_HOLDS_SLOT
                                 " AND starts_at > ?4 AND starts_at < ?3 AND ends_at > ?2 ORDER BY starts_at, id"
                               : "SELECT " TELEMED_APPOINTMENT_COLUMNS
                                 " FROM appointments WHERE patient_id = ?1 AND " TELEMED_HOLDS_SLOT
                                 " AND starts_at > ?4 AND starts_at < ?3 AND ends_at > ?2 ORDER BY starts_at, id");
    // The lower bound on starts_at makes this a short range of the (user, starts_at) index.
    const std::int64_t earliest = from < core::Instant::min() + core::kLongestAppointment
                                      ? std::numeric_limits<std::int64_t>::min()
                                      : ms(from - core::kLongestAppointment);
    s.bind(1, user).bind(2, ms(from)).bind(3, ms(to)).bind(4, earliest);
    return read_appointments(s);
}

std::vector<core::Appointment> SqliteClinic::appointments_of(core::UserId user, bool as_doctor,
                                                             core::Instant from, core::Instant to) {
    auto& s = c_.sql(as_doctor ? "SELECT " TELEMED_APPOINTMENT_COLUMNS
                                 " FROM appointments WHERE doctor_id = ?1"
                                 " AND starts_at >= ?2 AND starts_at < ?3 ORDER BY starts_at, id"
                               : "SELECT " TELEMED_APPOINTMENT_COLUMNS
                                 " FROM appointments WHERE patient_id = ?1"
                                 " AND starts_at >= ?2 AND starts_at < ?3 ORDER BY starts_at, id");
    s.bind(1, user).bind(2, ms(from)).bind(3, ms(to));
    return read_appointments(s);
}

std::vector<core::Appointment> SqliteClinic::appointments_starting(
    core::Instant from, core::Instant to, const std::vector<core::AppointmentStatus>& statuses) {
    // The statuses travel as one JSON array read back with json_each(): one cached statement for any
    // number of them.
    nlohmann::json names = nlohmann::json::array();
    for (core::AppointmentStatus st : statuses) names.push_back(core::to_string(st));
    auto& s =
        c_.sql("SELECT " TELEMED_APPOINTMENT_COLUMNS
               " FROM appointments"
               " WHERE status IN (SELECT value FROM json_each(?3)) AND starts_at >= ?1 AND starts_at < ?2"
               " ORDER BY starts_at, id");
    s.bind(1, ms(from)).bind(2, ms(to)).bind(3, std::string_view(names.dump()));
    return read_appointments(s);
}

// [history] -----------------------------------------------------------------------------------------
bool SqliteClinic::has_visit_between(core::UserId doctor, core::UserId patient) {
    // appointments_by_pair (schema v7) answers this from the index alone.
    auto& s = c_.sql(
        "SELECT 1 FROM appointments WHERE patient_id = ?1 AND doctor_id = ?2 AND status <> 'declined' LIMIT 1");
    s.bind(1, patient).bind(2, doctor);
    return s.step();
}

std::vector<core::UserId> SqliteClinic::visit_partners(core::UserId user) {
    // appointments_by_doctor / appointments_by_patient find the rows; the pair's status is in the row.
    auto& s = c_.sql(
        "SELECT patient_id FROM appointments WHERE doctor_id = ?1 AND status <> 'declined'"
        " UNION SELECT doctor_id FROM appointments WHERE patient_id = ?1 AND status <> 'declined'"
        " ORDER BY 1");
    s.bind(1, user);
    std::vector<core::UserId> out;
    while (s.step()) out.push_back(s.int64(0));
    return out;
}

void SqliteClinic::insert_appointment_change(const core::AppointmentChange& c) {
    auto& s = c_.sql(
        "INSERT INTO appointment_changes (appointment_id, from_status, to_status, actor, message, at)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    s.bind(1, c.appointment_id);
    if (c.from) s.bind(2, core::to_string(*c.from));  // NULL for the creation
    s.bind(3, core::to_string(c.to))
        .bind(4, c.actor)
        .bind(5, std::string_view(c.message))
        .bind(6, ms(c.at))
        .run();
}

std::vector<core::AppointmentChange> SqliteClinic::appointment_changes(core::AppointmentId id) {
    auto& s = c_.sql(
        "SELECT id, appointment_id, from_status, to_status, actor, message, at FROM appointment_changes"
        " WHERE appointment_id = ?1 ORDER BY id");
    s.bind(1, id);
    std::vector<core::AppointmentChange> out;
    while (s.step()) {
        core::AppointmentChange c;
        c.id = s.int64(0);
        c.appointment_id = s.int64(1);
        if (!s.text(2).empty()) c.from = enum_column<core::AppointmentStatus>(s, 2);  // NULL: the creation
        c.to = enum_column<core::AppointmentStatus>(s, 3);
        c.actor = s.int64(4);
        c.message = s.text(5);
        c.at = instant(s.int64(6));
        out.push_back(std::move(c));
    }
    return out;
}

#undef TELEMED_PROFILE_COLUMNS
#undef TELEMED_APPOINTMENT_COLUMNS
#undef TELEMED_HOLDS_SLOT

}  // namespace server
