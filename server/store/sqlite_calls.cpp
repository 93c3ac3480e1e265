// The calls part of SqliteRepository: the call log (call_participations) and the in-call chat
// (call_messages). Schema: migration v3 in migrations.cpp. The semantics are MemoryStore's;
// tests/unit/server/sqlite_calls.test.cpp runs the same scenarios against both.
#include "store/sqlite_repository.h"

namespace server {

namespace {

constexpr const char* kParticipationColumns = "id, appointment_id, user_id, joined_at, left_at";

core::CallParticipation read_participation(const sqlite::Statement& s) {
    core::CallParticipation p;
    p.id = s.int64(0);
    p.appointment_id = s.int64(1);
    p.user_id = s.int64(2);
    p.joined_at = instant(s.int64(3));
    if (auto left = s.optional_int64(4)) p.left_at = instant(*left);
    return p;
}

}  // namespace

std::int64_t SqliteRepository::insert_call_participation(const core::CallParticipation& p) {
    sql("INSERT INTO call_participations (appointment_id, user_id, joined_at, left_at) VALUES (?1, ?2, ?3, ?4)")
        .bind(1, p.appointment_id)
        .bind(2, p.user_id)
        .bind(3, ms(p.joined_at))
        .bind(4, p.left_at ? std::optional(ms(*p.left_at)) : std::nullopt)
        .run();
    return db_.last_insert_rowid();
}

void SqliteRepository::end_call_participation(std::int64_t id, core::Instant left_at) {
    // The first leave stands; a clock that went backwards never makes a negative stretch.
    sql("UPDATE call_participations SET left_at = MAX(joined_at, ?2) WHERE id = ?1 AND left_at IS NULL")
        .bind(1, id)
        .bind(2, ms(left_at))
        .run();
}

std::vector<core::CallParticipation> SqliteRepository::call_participations(core::AppointmentId appointment) {
    auto& s = sql(std::string("SELECT ") + kParticipationColumns +
                  " FROM call_participations WHERE appointment_id = ?1 ORDER BY joined_at, id");
    s.bind(1, appointment);
    std::vector<core::CallParticipation> out;
    while (s.step()) out.push_back(read_participation(s));
    return out;
}

core::CallMessageId SqliteRepository::insert_call_message(const core::CallMessage& m) {
    sql("INSERT INTO call_messages (appointment_id, user_id, text, at) VALUES (?1, ?2, ?3, ?4)")
        .bind(1, m.appointment_id)
        .bind(2, m.user_id)
        .bind(3, std::string_view(m.text))
        .bind(4, ms(m.at))
        .run();
    return db_.last_insert_rowid();
}

std::vector<core::CallMessage> SqliteRepository::call_messages(core::AppointmentId appointment, int limit) {
    if (limit <= 0) return {};
    auto& s = sql(
        "SELECT id, appointment_id, user_id, text, at FROM"
        " (SELECT * FROM call_messages WHERE appointment_id = ?1 ORDER BY id DESC LIMIT ?2) ORDER BY id");
    s.bind(1, appointment).bind(2, std::int64_t{limit});
    std::vector<core::CallMessage> out;
    while (s.step()) {
        core::CallMessage m;
        m.id = s.int64(0);
        m.appointment_id = s.int64(1);
        m.user_id = s.int64(2);
        m.text = s.text(3);
        m.at = instant(s.int64(4));
        out.push_back(std::move(m));
    }
    return out;
}

}  // namespace server
