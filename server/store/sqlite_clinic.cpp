// The clinic part of SqliteRepository: doctors, availability, appointments and their history, the
// double-entry ledger, purchases, notifications. Schema: migration v2 in migrations.cpp. The semantics
// (ordering, uniqueness, refusals) are MemoryStore's; tests/unit/server/sqlite_clinic.test.cpp runs
// the same scenarios against both.
//
// Index: [mapping] [doctors] [availability] [appointments] [ledger] [purchases] [notifications]
#include <sqlite3.h>

#include <array>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "store/sqlite_repository.h"

namespace server {

namespace {

// [mapping] -----------------------------------------------------------------------------------------
std::int64_t flag(bool b) { return b ? 1 : 0; }
std::optional<std::int64_t> optional_ms(const std::optional<core::Instant>& t) {
    return t ? std::optional(ms(*t)) : std::nullopt;
}

// Enums are stored by their protocol names; a name this binary does not know is a corrupt row.
template <typename Enum, std::size_t N>
Enum enum_from(const std::string& text, const std::array<Enum, N>& values, const char* what) {
    for (Enum v : values)
        if (core::to_string(v) == text) return v;
    throw std::runtime_error(std::string("unknown ") + what + " in the database: " + text);
}
constexpr std::array kVerifications{core::Verification::pending, core::Verification::verified,
                                    core::Verification::rejected, core::Verification::suspended};
constexpr std::array kStatuses{core::AppointmentStatus::requested, core::AppointmentStatus::confirmed,
                               core::AppointmentStatus::declined,  core::AppointmentStatus::expired,
                               core::AppointmentStatus::cancelled, core::AppointmentStatus::in_progress,
                               core::AppointmentStatus::completed, core::AppointmentStatus::no_show};
constexpr std::array kLedgerKinds{core::LedgerKind::purchase, core::LedgerKind::hold,    core::LedgerKind::release,
                                  core::LedgerKind::refund,   core::LedgerKind::earning, core::LedgerKind::grant};
constexpr std::array kPurchaseStatuses{core::PurchaseStatus::pending, core::PurchaseStatus::succeeded,
                                       core::PurchaseStatus::declined};

// A list parameter travels as one JSON array, read back with json_each(): one cached statement for
// any number of values.
std::string json_list(const std::vector<std::string>& values) { return nlohmann::json(values).dump(); }

bool is_unique_violation(const sqlite::Error& e) { return e.code == SQLITE_CONSTRAINT_UNIQUE; }

// Runs a write whose only expected failure is a unique index: that one becomes core::UniqueViolation.
void run_unique(sqlite::Statement& s, const char* index) {
    try {
        s.run();
    } catch (const sqlite::Error& e) {
        if (is_unique_violation(e)) throw core::UniqueViolation(index);
        throw;
    }
}

constexpr const char* kProfileColumns =
    "user_id, specialty, bio, languages, years, licence_number, licence_region, price_credits, verification,"
    " verification_note, updated_at";

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
    p.verification = enum_from(s.text(8), kVerifications, "verification");
    p.verification_note = s.text(9);
    p.updated_at = instant(s.int64(10));
    return p;
}

constexpr const char* kAppointmentColumns =
    "id, doctor_id, patient_id, starts_at, ends_at, status, concern, price_credits, free_cancel_hours,"
    " late_cancel_refund_percent, clinical_notes, visit_summary, sequence, reminded_24h, reminded_15m, created_at,"
    " updated_at";

core::Appointment read_appointment(const sqlite::Statement& s) {
    core::Appointment a;
    a.id = s.int64(0);
    a.doctor_id = s.int64(1);
    a.patient_id = s.int64(2);
    a.starts_at = instant(s.int64(3));
    a.ends_at = instant(s.int64(4));
    a.status = enum_from(s.text(5), kStatuses, "appointment status");
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

constexpr const char* kLedgerColumns = "id, posting_id, account, kind, amount, appointment_id, purchase_id, memo, at";

core::LedgerEntry read_ledger_entry(const sqlite::Statement& s) {
    core::LedgerEntry e;
    e.id = s.int64(0);
    e.posting_id = s.int64(1);
    e.account = s.text(2);
    e.kind = enum_from(s.text(3), kLedgerKinds, "ledger kind");
    e.amount = s.int64(4);
    e.appointment_id = s.optional_int64(5);
    e.purchase_id = s.optional_int64(6);
    e.memo = s.text(7);
    e.at = instant(s.int64(8));
    return e;
}

constexpr const char* kPurchaseColumns =
    "id, user_id, idempotency_key, package_id, credits, amount_cents, currency, status, charge_id, card_brand,"
    " card_last4, decline_reason, created_at";

core::Purchase read_purchase(const sqlite::Statement& s) {
    core::Purchase p;
    p.id = s.int64(0);
    p.user_id = s.int64(1);
    p.idempotency_key = s.text(2);
    p.package_id = s.text(3);
    p.credits = static_cast<int>(s.int64(4));
    p.amount_cents = static_cast<int>(s.int64(5));
    p.currency = s.text(6);
    p.status = enum_from(s.text(7), kPurchaseStatuses, "purchase status");
    p.charge_id = s.text(8);
    p.card_brand = s.text(9);
    p.card_last4 = s.text(10);
    p.decline_reason = s.text(11);
    p.created_at = instant(s.int64(12));
    return p;
}

// Binds every field but the id to ?2..?13.
void bind_purchase(sqlite::Statement& s, const core::Purchase& p) {
    s.bind(2, p.user_id)
        .bind(3, std::string_view(p.idempotency_key))
        .bind(4, std::string_view(p.package_id))
        .bind(5, std::int64_t{p.credits})
        .bind(6, std::int64_t{p.amount_cents})
        .bind(7, std::string_view(p.currency))
        .bind(8, core::to_string(p.status))
        .bind(9, std::string_view(p.charge_id))
        .bind(10, std::string_view(p.card_brand))
        .bind(11, std::string_view(p.card_last4))
        .bind(12, std::string_view(p.decline_reason))
        .bind(13, ms(p.created_at));
}

constexpr const char* kNotificationColumns = "id, user_id, kind, title, body, appointment_id, created_at, read_at";

core::Notification read_notification(const sqlite::Statement& s) {
    core::Notification n;
    n.id = s.int64(0);
    n.user_id = s.int64(1);
    n.kind = s.text(2);
    n.title = s.text(3);
    n.body = s.text(4);
    n.appointment_id = s.optional_int64(5);
    n.created_at = instant(s.int64(6));
    if (auto read = s.optional_int64(7)) n.read_at = instant(*read);
    return n;
}

std::string select(const char* columns, const char* rest) { return std::string("SELECT ") + columns + " " + rest; }

}  // namespace

// [doctors] -----------------------------------------------------------------------------------------
void SqliteRepository::set_user_status(core::UserId id, core::AccountStatus status) {
    sql("UPDATE users SET status = ?2 WHERE id = ?1").bind(1, id).bind(2, core::to_string(status)).run();
    if (db_.changes() == 0) throw std::out_of_range("set_user_status: no user " + std::to_string(id));
}

void SqliteRepository::save_doctor_profile(const core::DoctorProfile& p) {
    sql("INSERT INTO doctor_profiles (user_id, specialty, bio, languages, years, licence_number, licence_region,"
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

std::optional<core::DoctorProfile> SqliteRepository::find_doctor_profile(core::UserId doctor) {
    auto& s = sql(select(kProfileColumns, "FROM doctor_profiles WHERE user_id = ?1"));
    s.bind(1, doctor);
    return s.step() ? std::optional(read_profile(s)) : std::nullopt;
}

std::vector<core::DoctorProfile> SqliteRepository::list_doctor_profiles(std::optional<core::Verification> only) {
    auto& s = sql(select(kProfileColumns, "FROM doctor_profiles WHERE ?1 IS NULL OR verification = ?1 ORDER BY user_id"));
    if (only) s.bind(1, core::to_string(*only));
    std::vector<core::DoctorProfile> out;
    while (s.step()) out.push_back(read_profile(s));
    return out;
}

// [availability] ------------------------------------------------------------------------------------
void SqliteRepository::save_availability(const core::Availability& a) {
    sql("INSERT INTO availability_settings (doctor_id, slot_minutes, buffer_minutes, min_notice_minutes, horizon_days,"
        " auto_confirm) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
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
    sql("DELETE FROM weekly_hours WHERE doctor_id = ?1").bind(1, a.doctor_id).run();
    sql("DELETE FROM availability_exceptions WHERE doctor_id = ?1").bind(1, a.doctor_id).run();
    for (const core::WeeklyHours& h : a.weekly)
        sql("INSERT INTO weekly_hours (doctor_id, weekday, start_minute, end_minute) VALUES (?1, ?2, ?3, ?4)")
            .bind(1, a.doctor_id)
            .bind(2, std::int64_t{h.weekday})
            .bind(3, std::int64_t{h.start_minute})
            .bind(4, std::int64_t{h.end_minute})
            .run();
    for (const core::AvailabilityException& e : a.exceptions)
        sql("INSERT INTO availability_exceptions (doctor_id, date, day_off, start_minute, end_minute)"
            " VALUES (?1, ?2, ?3, ?4, ?5)")
            .bind(1, a.doctor_id)
            .bind(2, std::string_view(e.date))
            .bind(3, flag(e.day_off))
            .bind(4, std::int64_t{e.start_minute})
            .bind(5, std::int64_t{e.end_minute})
            .run();
}

std::optional<core::Availability> SqliteRepository::find_availability(core::UserId doctor) {
    auto& settings = sql(
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

    auto& weekly = sql("SELECT weekday, start_minute, end_minute FROM weekly_hours WHERE doctor_id = ?1 ORDER BY rowid");
    weekly.bind(1, doctor);
    while (weekly.step())
        a.weekly.push_back({static_cast<int>(weekly.int64(0)), static_cast<int>(weekly.int64(1)),
                            static_cast<int>(weekly.int64(2))});
    auto& exceptions = sql(
        "SELECT date, day_off, start_minute, end_minute FROM availability_exceptions WHERE doctor_id = ?1"
        " ORDER BY rowid");
    exceptions.bind(1, doctor);
    while (exceptions.step())
        a.exceptions.push_back({exceptions.text(0), exceptions.int64(1) != 0, static_cast<int>(exceptions.int64(2)),
                                static_cast<int>(exceptions.int64(3))});
    return a;
}

// [appointments] ------------------------------------------------------------------------------------
core::AppointmentId SqliteRepository::insert_appointment(const core::Appointment& a) {
    auto& s = sql(
        "INSERT INTO appointments (doctor_id, patient_id, starts_at, ends_at, status, concern, price_credits,"
        " free_cancel_hours, late_cancel_refund_percent, clinical_notes, visit_summary, sequence, reminded_24h,"
        " reminded_15m, created_at, updated_at)"
        " VALUES (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)");
    bind_appointment(s, a);
    run_unique(s, "appointments.doctor_slot");
    return db_.last_insert_rowid();
}

void SqliteRepository::update_appointment(const core::Appointment& a) {
    auto& s = sql(
        "UPDATE appointments SET doctor_id = ?2, patient_id = ?3, starts_at = ?4, ends_at = ?5, status = ?6,"
        " concern = ?7, price_credits = ?8, free_cancel_hours = ?9, late_cancel_refund_percent = ?10,"
        " clinical_notes = ?11, visit_summary = ?12, sequence = ?13, reminded_24h = ?14, reminded_15m = ?15,"
        " created_at = ?16, updated_at = ?17 WHERE id = ?1");
    s.bind(1, a.id);
    bind_appointment(s, a);
    run_unique(s, "appointments.doctor_slot");
    if (db_.changes() == 0) throw std::out_of_range("update_appointment: no appointment " + std::to_string(a.id));
}

std::optional<core::Appointment> SqliteRepository::find_appointment(core::AppointmentId id) {
    auto& s = sql(select(kAppointmentColumns, "FROM appointments WHERE id = ?1"));
    s.bind(1, id);
    return s.step() ? std::optional(read_appointment(s)) : std::nullopt;
}

std::vector<core::Appointment> SqliteRepository::active_appointments_overlapping(core::UserId user, bool as_doctor,
                                                                               core::Instant from, core::Instant to) {
    auto& s = sql(as_doctor ? select(kAppointmentColumns,
                                     "FROM appointments WHERE doctor_id = ?1 AND " TELEMED_HOLDS_SLOT
                                     " AND starts_at < ?3 AND ends_at > ?2 ORDER BY starts_at, id")
                            : select(kAppointmentColumns,
                                     "FROM appointments WHERE patient_id = ?1 AND " TELEMED_HOLDS_SLOT
                                     " AND starts_at < ?3 AND ends_at > ?2 ORDER BY starts_at, id"));
    s.bind(1, user).bind(2, ms(from)).bind(3, ms(to));
    return read_appointments(s);
}

std::vector<core::Appointment> SqliteRepository::appointments_of(core::UserId user, bool as_doctor, core::Instant from,
                                                               core::Instant to) {
    auto& s = sql(as_doctor ? select(kAppointmentColumns,
                                     "FROM appointments WHERE doctor_id = ?1 AND starts_at >= ?2 AND starts_at < ?3"
                                     " ORDER BY starts_at, id")
                            : select(kAppointmentColumns,
                                     "FROM appointments WHERE patient_id = ?1 AND starts_at >= ?2 AND starts_at < ?3"
                                     " ORDER BY starts_at, id"));
    s.bind(1, user).bind(2, ms(from)).bind(3, ms(to));
    return read_appointments(s);
}

std::vector<core::Appointment> SqliteRepository::appointments_starting(
    core::Instant from, core::Instant to, const std::vector<core::AppointmentStatus>& statuses) {
    std::vector<std::string> names;
    for (core::AppointmentStatus st : statuses) names.emplace_back(core::to_string(st));
    auto& s = sql(select(kAppointmentColumns,
                         "FROM appointments WHERE status IN (SELECT value FROM json_each(?3))"
                         " AND starts_at >= ?1 AND starts_at < ?2 ORDER BY starts_at, id"));
    s.bind(1, ms(from)).bind(2, ms(to)).bind(3, std::string_view(json_list(names)));
    return read_appointments(s);
}

#undef TELEMED_HOLDS_SLOT

void SqliteRepository::insert_appointment_change(const core::AppointmentChange& c) {
    auto& s = sql(
        "INSERT INTO appointment_changes (appointment_id, from_status, to_status, actor, message, at)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    s.bind(1, c.appointment_id);
    if (c.from) s.bind(2, core::to_string(*c.from));
    s.bind(3, core::to_string(c.to)).bind(4, c.actor).bind(5, std::string_view(c.message)).bind(6, ms(c.at)).run();
}

std::vector<core::AppointmentChange> SqliteRepository::appointment_changes(core::AppointmentId id) {
    auto& s = sql(
        "SELECT id, appointment_id, from_status, to_status, actor, message, at FROM appointment_changes"
        " WHERE appointment_id = ?1 ORDER BY id");
    s.bind(1, id);
    std::vector<core::AppointmentChange> out;
    while (s.step()) {
        core::AppointmentChange c;
        c.id = s.int64(0);
        c.appointment_id = s.int64(1);
        if (const std::string from = s.text(2); !from.empty()) c.from = enum_from(from, kStatuses, "appointment status");
        c.to = enum_from(s.text(3), kStatuses, "appointment status");
        c.actor = s.int64(4);
        c.message = s.text(5);
        c.at = instant(s.int64(6));
        out.push_back(std::move(c));
    }
    return out;
}

// [ledger] ------------------------------------------------------------------------------------------
std::int64_t SqliteRepository::post_ledger(const std::vector<core::LedgerEntry>& entries) {
    std::int64_t sum = 0;
    for (const auto& e : entries) sum += e.amount;
    if (sum != 0) throw std::logic_error("unbalanced ledger posting");
    // A posting is named by the id of its first entry: the next rowid, inside this write transaction.
    auto& next = sql("SELECT COALESCE(MAX(id), 0) + 1 FROM ledger_entries");
    next.step();
    const std::int64_t posting = next.int64(0);
    bool first = true;
    for (const core::LedgerEntry& e : entries) {
        auto& s = sql(
            "INSERT INTO ledger_entries (id, posting_id, account, kind, amount, appointment_id, purchase_id, memo, at)"
            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
        if (first) s.bind(1, posting);  // NULL otherwise: SQLite assigns the next id
        first = false;
        s.bind(2, posting)
            .bind(3, std::string_view(e.account))
            .bind(4, core::to_string(e.kind))
            .bind(5, e.amount)
            .bind(6, e.appointment_id)
            .bind(7, e.purchase_id)
            .bind(8, std::string_view(e.memo))
            .bind(9, ms(e.at))
            .run();
    }
    return posting;
}

std::int64_t SqliteRepository::account_balance(std::string_view account) {
    auto& s = sql("SELECT COALESCE(SUM(amount), 0) FROM ledger_entries WHERE account = ?1");
    s.bind(1, account);
    s.step();
    return s.int64(0);
}

std::vector<core::LedgerEntry> SqliteRepository::ledger_entries(const std::vector<std::string>& accounts, int limit) {
    if (limit <= 0) return {};  // LIMIT -1 would mean "all" to SQLite
    auto& s = sql(select(kLedgerColumns,
                         "FROM ledger_entries WHERE account IN (SELECT value FROM json_each(?1)) ORDER BY id DESC"
                         " LIMIT ?2"));
    s.bind(1, std::string_view(json_list(accounts))).bind(2, std::int64_t{limit});
    std::vector<core::LedgerEntry> out;
    while (s.step()) out.push_back(read_ledger_entry(s));
    return out;
}

std::int64_t SqliteRepository::ledger_total() {
    auto& s = sql("SELECT COALESCE(SUM(amount), 0) FROM ledger_entries");
    s.step();
    return s.int64(0);
}

// [purchases] ---------------------------------------------------------------------------------------
std::optional<core::Purchase> SqliteRepository::find_purchase(core::UserId user, std::string_view key) {
    auto& s = sql(select(kPurchaseColumns, "FROM purchases WHERE user_id = ?1 AND idempotency_key = ?2"));
    s.bind(1, user).bind(2, key);
    return s.step() ? std::optional(read_purchase(s)) : std::nullopt;
}

core::PurchaseId SqliteRepository::insert_purchase(const core::Purchase& p) {
    auto& s = sql(
        "INSERT INTO purchases (user_id, idempotency_key, package_id, credits, amount_cents, currency, status,"
        " charge_id, card_brand, card_last4, decline_reason, created_at)"
        " VALUES (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
    bind_purchase(s, p);
    run_unique(s, "purchases.idempotency_key");
    return db_.last_insert_rowid();
}

void SqliteRepository::update_purchase(const core::Purchase& p) {
    auto& s = sql(
        "UPDATE purchases SET user_id = ?2, idempotency_key = ?3, package_id = ?4, credits = ?5, amount_cents = ?6,"
        " currency = ?7, status = ?8, charge_id = ?9, card_brand = ?10, card_last4 = ?11, decline_reason = ?12,"
        " created_at = ?13 WHERE id = ?1");
    s.bind(1, p.id);
    bind_purchase(s, p);
    run_unique(s, "purchases.idempotency_key");
    if (db_.changes() == 0) throw std::out_of_range("update_purchase: no purchase " + std::to_string(p.id));
}

// [notifications] -----------------------------------------------------------------------------------
core::NotificationId SqliteRepository::insert_notification(const core::Notification& n) {
    sql("INSERT INTO notifications (user_id, kind, title, body, appointment_id, created_at, read_at)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
        .bind(1, n.user_id)
        .bind(2, std::string_view(n.kind))
        .bind(3, std::string_view(n.title))
        .bind(4, std::string_view(n.body))
        .bind(5, n.appointment_id)
        .bind(6, ms(n.created_at))
        .bind(7, optional_ms(n.read_at))
        .run();
    return db_.last_insert_rowid();
}

std::vector<core::Notification> SqliteRepository::notifications_of(core::UserId user, int limit) {
    if (limit <= 0) return {};
    auto& s = sql(select(kNotificationColumns, "FROM notifications WHERE user_id = ?1 ORDER BY id DESC LIMIT ?2"));
    s.bind(1, user).bind(2, std::int64_t{limit});
    std::vector<core::Notification> out;
    while (s.step()) out.push_back(read_notification(s));
    return out;
}

bool SqliteRepository::mark_notification_read(core::UserId user, core::NotificationId id, core::Instant at) {
    // Only the owner's; the first reading stands.
    sql("UPDATE notifications SET read_at = COALESCE(read_at, ?3) WHERE id = ?1 AND user_id = ?2")
        .bind(1, id)
        .bind(2, user)
        .bind(3, ms(at))
        .run();
    return db_.changes() > 0;
}

int SqliteRepository::unread_notifications(core::UserId user) {
    auto& s = sql("SELECT COUNT(*) FROM notifications WHERE user_id = ?1 AND read_at IS NULL");
    s.bind(1, user);
    s.step();
    return static_cast<int>(s.int64(0));
}

}  // namespace server
