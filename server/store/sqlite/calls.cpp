// SQLite's calls: the call log (call_participations) and the in-call chat (call_messages) (rules:
// core/calls/repository.h), and their tables (schema v3, rebuilt for guests in v5).
#include <algorithm>

#include "store/sqlite/repositories.h"
#include "store/sqlite/schema.h"

namespace server {

// [schema] ------------------------------------------------------------------------------------------
// Video consultations: the call log (each stretch of time a person was in an appointment's call; an
// empty left_at is a stretch still running) and the in-call chat. Media is never stored; both tables
// are records of the visit and are never deleted. Shipped: never edit.
std::string_view schema::calls_v3() {
    return R"sql(
CREATE TABLE call_participations (
    id             INTEGER PRIMARY KEY,
    appointment_id INTEGER NOT NULL REFERENCES appointments (id),
    user_id        INTEGER NOT NULL REFERENCES users (id),
    joined_at      INTEGER NOT NULL,
    left_at        INTEGER,
    CHECK (left_at IS NULL OR left_at >= joined_at)
);
CREATE INDEX call_participations_by_appointment ON call_participations (appointment_id, joined_at);

CREATE TABLE call_messages (
    id             INTEGER PRIMARY KEY,
    appointment_id INTEGER NOT NULL REFERENCES appointments (id),
    user_id        INTEGER NOT NULL REFERENCES users (id),
    text           TEXT    NOT NULL,
    at             INTEGER NOT NULL
);
CREATE INDEX call_messages_by_appointment ON call_messages (appointment_id, id);
)sql";
}

// The second part of schema v5 (after invitations.cpp's call_invites): guests have no account, so the
// call log and the chat are rebuilt with a nullable user_id beside an invite_id (exactly one of the
// two is set; both keep their foreign key). Shipped: never edit.
std::string_view schema::calls_v5() {
    return R"sql(
CREATE TABLE call_participations_v5 (
    id             INTEGER PRIMARY KEY,
    appointment_id INTEGER NOT NULL REFERENCES appointments (id),
    user_id        INTEGER REFERENCES users (id),
    invite_id      INTEGER REFERENCES call_invites (id),
    joined_at      INTEGER NOT NULL,
    left_at        INTEGER,
    CHECK ((user_id IS NULL) <> (invite_id IS NULL)),
    CHECK (left_at IS NULL OR left_at >= joined_at)
);
INSERT INTO call_participations_v5 (id, appointment_id, user_id, invite_id, joined_at, left_at)
    SELECT id, appointment_id, user_id, NULL, joined_at, left_at FROM call_participations;
DROP TABLE call_participations;
ALTER TABLE call_participations_v5 RENAME TO call_participations;
CREATE INDEX call_participations_by_appointment ON call_participations (appointment_id, joined_at);

CREATE TABLE call_messages_v5 (
    id             INTEGER PRIMARY KEY,
    appointment_id INTEGER NOT NULL REFERENCES appointments (id),
    user_id        INTEGER REFERENCES users (id),
    invite_id      INTEGER REFERENCES call_invites (id),
    text           TEXT    NOT NULL,
    at             INTEGER NOT NULL,
    CHECK ((user_id IS NULL) <> (invite_id IS NULL))
);
INSERT INTO call_messages_v5 (id, appointment_id, user_id, invite_id, text, at)
    SELECT id, appointment_id, user_id, NULL, text, at FROM call_messages;
DROP TABLE call_messages;
ALTER TABLE call_messages_v5 RENAME TO call_messages;
CREATE INDEX call_messages_by_appointment ON call_messages (appointment_id, id);
)sql";
}

namespace {

// A guest's rows carry invite_id instead of user_id (v5); core sees user_id = -invite_id (core/ids.h).
std::optional<std::int64_t> user_column(core::UserId id) {
    return core::is_guest(id) ? std::nullopt : std::optional(id);
}
std::optional<std::int64_t> invite_column(core::UserId id) {
    return core::is_guest(id) ? std::optional(core::invite_of_guest(id)) : std::nullopt;
}

core::CallParticipation read_participation(const sqlite::Statement& s) {
    core::CallParticipation p;
    p.id = s.int64(0);
    p.appointment_id = s.int64(1);
    p.user_id = s.int64(2);
    p.joined_at = instant(s.int64(3));
    p.left_at = optional_instant(s, 4);
    return p;
}

}  // namespace

std::int64_t SqliteCalls::insert_call_participation(const core::CallParticipation& p) {
    // Never a negative stretch (the table's CHECK would refuse one): a left_at before the join is the join.
    const auto left = p.left_at ? std::optional(std::max(*p.left_at, p.joined_at)) : std::nullopt;
    c_.sql(
          "INSERT INTO call_participations (appointment_id, user_id, invite_id, joined_at, left_at)"
          " VALUES (?1, ?2, ?3, ?4, ?5)")
        .bind(1, p.appointment_id)
        .bind(2, user_column(p.user_id))
        .bind(3, invite_column(p.user_id))
        .bind(4, ms(p.joined_at))
        .bind(5, optional_ms(left))
        .run();
    return c_.db.last_insert_rowid();
}

void SqliteCalls::end_call_participation(std::int64_t id, core::Instant left_at) {
    // The first leave stands; a clock that went backwards never makes a negative stretch.
    c_.sql("UPDATE call_participations SET left_at = MAX(joined_at, ?2) WHERE id = ?1 AND left_at IS NULL")
        .bind(1, id)
        .bind(2, ms(left_at))
        .run();
}

std::vector<core::CallParticipation> SqliteCalls::call_participations(core::AppointmentId appointment) {
    auto& s = c_.sql(
        "SELECT id, appointment_id, COALESCE(user_id, -invite_id), joined_at, left_at FROM call_participations"
        " WHERE appointment_id = ?1 ORDER BY joined_at, id");
    s.bind(1, appointment);
    std::vector<core::CallParticipation> out;
    while (s.step()) out.push_back(read_participation(s));
    return out;
}

core::CallMessageId SqliteCalls::insert_call_message(const core::CallMessage& m) {
    c_.sql(
          "INSERT INTO call_messages (appointment_id, user_id, invite_id, text, at) VALUES (?1, ?2, ?3, ?4, ?5)")
        .bind(1, m.appointment_id)
        .bind(2, user_column(m.user_id))
        .bind(3, invite_column(m.user_id))
        .bind(4, std::string_view(m.text))
        .bind(5, ms(m.at))
        .run();
    return c_.db.last_insert_rowid();
}

std::vector<core::CallMessage> SqliteCalls::call_messages(core::AppointmentId appointment, int limit) {
    if (limit <= 0) return {};  // LIMIT -1 would mean "all" to SQLite
    auto& s = c_.sql(
        "SELECT id, appointment_id, COALESCE(user_id, -invite_id), text, at FROM"
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
