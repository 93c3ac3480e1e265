// SQLite's invitations: the doctor's invitation links and who claimed them (rules:
// core/invitations/repository.h), and their table (the first part of schema v5).
#include "store/sqlite/repositories.h"
#include "store/sqlite/schema.h"

namespace server {

// [schema] ------------------------------------------------------------------------------------------
// Invitations to a video visit (colleague, interpreter, family member). The first part of schema v5;
// calls.cpp's part then rebuilds the call log and chat to name guests by invitation. Shipped: never edit.
std::string_view schema::invitations_v5() {
    return R"sql(
CREATE TABLE call_invites (
    id              INTEGER PRIMARY KEY,
    appointment_id  INTEGER NOT NULL REFERENCES appointments (id),
    created_by      INTEGER NOT NULL REFERENCES users (id),
    role            TEXT    NOT NULL CHECK (role IN ('colleague', 'interpreter', 'family')),
    name            TEXT    NOT NULL,
    token_hash      TEXT    NOT NULL UNIQUE,
    created_at      INTEGER NOT NULL,
    expires_at      INTEGER NOT NULL,
    revoked_at      INTEGER,
    claimed_at      INTEGER,
    guest_name      TEXT    NOT NULL DEFAULT '',
    guest_key_hash  TEXT    NOT NULL DEFAULT '',
    guest_time_zone TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX call_invites_by_appointment ON call_invites (appointment_id, id);
)sql";
}

namespace {

#define TELEMED_INVITE_COLUMNS                                                                                \
    "id, appointment_id, created_by, role, name, token_hash, created_at, expires_at, revoked_at, claimed_at," \
    " guest_name, guest_key_hash, guest_time_zone"

core::CallInvite read_invite(const sqlite::Statement& s) {
    core::CallInvite i;
    i.id = s.int64(0);
    i.appointment_id = s.int64(1);
    i.created_by = s.int64(2);
    i.role = enum_column<core::CallRole>(s, 3);
    i.name = s.text(4);
    i.token_hash = s.text(5);
    i.created_at = instant(s.int64(6));
    i.expires_at = instant(s.int64(7));
    i.revoked_at = optional_instant(s, 8);
    i.claimed_at = optional_instant(s, 9);
    i.guest_name = s.text(10);
    i.guest_key_hash = s.text(11);
    i.guest_time_zone = s.text(12);
    return i;
}

}  // namespace

core::InviteId SqliteInvitations::insert_call_invite(const core::CallInvite& i) {
    // The table's CHECK allows these three; refused here first, as MemoryStore refuses it.
    if (i.role != core::CallRole::colleague && i.role != core::CallRole::interpreter &&
        i.role != core::CallRole::family)
        throw std::logic_error("an invitation for a role no guest has");
    auto& s = c_.sql(
        "INSERT INTO call_invites (appointment_id, created_by, role, name, token_hash, created_at, expires_at)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    s.bind(1, i.appointment_id)
        .bind(2, i.created_by)
        .bind(3, core::to_string(i.role))
        .bind(4, std::string_view(i.name))
        .bind(5, std::string_view(i.token_hash))
        .bind(6, ms(i.created_at))
        .bind(7, ms(i.expires_at));
    run_unique(s, "call_invites.token_hash");
    return c_.db.last_insert_rowid();
}

std::optional<core::CallInvite> SqliteInvitations::find_call_invite(core::InviteId id) {
    auto& s = c_.sql("SELECT " TELEMED_INVITE_COLUMNS " FROM call_invites WHERE id = ?1");
    s.bind(1, id);
    return s.step() ? std::optional(read_invite(s)) : std::nullopt;
}

std::optional<core::CallInvite> SqliteInvitations::find_call_invite_by_token_hash(
    std::string_view token_hash) {
    auto& s = c_.sql("SELECT " TELEMED_INVITE_COLUMNS " FROM call_invites WHERE token_hash = ?1");
    s.bind(1, token_hash);
    return s.step() ? std::optional(read_invite(s)) : std::nullopt;
}

std::vector<core::CallInvite> SqliteInvitations::call_invites(core::AppointmentId appointment) {
    auto& s =
        c_.sql("SELECT " TELEMED_INVITE_COLUMNS " FROM call_invites WHERE appointment_id = ?1 ORDER BY id");
    s.bind(1, appointment);
    std::vector<core::CallInvite> out;
    while (s.step()) out.push_back(read_invite(s));
    return out;
}

void SqliteInvitations::revoke_call_invite(core::InviteId id, core::Instant at) {
    c_.sql("UPDATE call_invites SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL")
        .bind(1, id)
        .bind(2, ms(at))
        .run();
}

void SqliteInvitations::claim_call_invite(core::InviteId id, std::string_view guest_name,
                                          std::string_view key_hash, std::string_view time_zone,
                                          core::Instant at) {
    // The first claim stands: the browser that opened the link first keeps it.
    c_.sql(
          "UPDATE call_invites SET claimed_at = ?2, guest_name = ?3, guest_key_hash = ?4, guest_time_zone = ?5"
          " WHERE id = ?1 AND claimed_at IS NULL")
        .bind(1, id)
        .bind(2, ms(at))
        .bind(3, guest_name)
        .bind(4, key_hash)
        .bind(5, time_zone)
        .run();
}

#undef TELEMED_INVITE_COLUMNS

}  // namespace server
