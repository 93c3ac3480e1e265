// The calls part of SqliteRepository: the call log (call_participations) and the in-call chat
// (call_messages). Schema: migration v3 in migrations.cpp. The semantics are MemoryStore's;
// tests/unit/server/sqlite_calls.test.cpp runs the same scenarios against both.
#include "store/sqlite_repository.h"

namespace server {

namespace {

// A guest's rows carry invite_id instead of user_id (migration v5); core sees user_id = -invite_id.
constexpr const char* kParticipationColumns = "id, appointment_id, COALESCE(user_id, -invite_id), joined_at, left_at";

std::optional<std::int64_t> user_column(core::UserId id) { return core::is_guest(id) ? std::nullopt : std::optional(id); }
std::optional<std::int64_t> invite_column(core::UserId id) {
    return core::is_guest(id) ? std::optional(core::invite_of_guest(id)) : std::nullopt;
}

constexpr const char* kInviteColumns =
    "id, appointment_id, created_by, role, name, token_hash, created_at, expires_at, revoked_at, claimed_at, guest_name,"
    " guest_key_hash, guest_time_zone";

core::CallInvite read_invite(const sqlite::Statement& s) {
    core::CallInvite i;
    i.id = s.int64(0);
    i.appointment_id = s.int64(1);
    i.created_by = s.int64(2);
    i.role = core::guest_role_from_string(s.text(3)).value_or(core::CallRole::colleague);
    i.name = s.text(4);
    i.token_hash = s.text(5);
    i.created_at = instant(s.int64(6));
    i.expires_at = instant(s.int64(7));
    if (auto v = s.optional_int64(8)) i.revoked_at = instant(*v);
    if (auto v = s.optional_int64(9)) i.claimed_at = instant(*v);
    i.guest_name = s.text(10);
    i.guest_key_hash = s.text(11);
    i.guest_time_zone = s.text(12);
    return i;
}

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
    sql("INSERT INTO call_participations (appointment_id, user_id, invite_id, joined_at, left_at) VALUES (?1, ?2, ?5, ?3, ?4)")
        .bind(1, p.appointment_id)
        .bind(2, user_column(p.user_id))
        .bind(3, ms(p.joined_at))
        .bind(4, p.left_at ? std::optional(ms(*p.left_at)) : std::nullopt)
        .bind(5, invite_column(p.user_id))
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
    sql("INSERT INTO call_messages (appointment_id, user_id, invite_id, text, at) VALUES (?1, ?2, ?5, ?3, ?4)")
        .bind(1, m.appointment_id)
        .bind(2, user_column(m.user_id))
        .bind(3, std::string_view(m.text))
        .bind(4, ms(m.at))
        .bind(5, invite_column(m.user_id))
        .run();
    return db_.last_insert_rowid();
}

std::vector<core::CallMessage> SqliteRepository::call_messages(core::AppointmentId appointment, int limit) {
    if (limit <= 0) return {};
    auto& s = sql(
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

core::InviteId SqliteRepository::insert_call_invite(const core::CallInvite& i) {
    sql("INSERT INTO call_invites (appointment_id, created_by, role, name, token_hash, created_at, expires_at)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
        .bind(1, i.appointment_id)
        .bind(2, i.created_by)
        .bind(3, core::to_string(i.role))
        .bind(4, std::string_view(i.name))
        .bind(5, std::string_view(i.token_hash))
        .bind(6, ms(i.created_at))
        .bind(7, ms(i.expires_at))
        .run();
    return db_.last_insert_rowid();
}

std::optional<core::CallInvite> SqliteRepository::find_call_invite(core::InviteId id) {
    auto& s = sql(std::string("SELECT ") + kInviteColumns + " FROM call_invites WHERE id = ?1");
    s.bind(1, id);
    if (!s.step()) return std::nullopt;
    return read_invite(s);
}

std::optional<core::CallInvite> SqliteRepository::find_call_invite_by_token_hash(std::string_view token_hash) {
    auto& s = sql(std::string("SELECT ") + kInviteColumns + " FROM call_invites WHERE token_hash = ?1");
    s.bind(1, token_hash);
    if (!s.step()) return std::nullopt;
    return read_invite(s);
}

std::vector<core::CallInvite> SqliteRepository::call_invites(core::AppointmentId appointment) {
    auto& s = sql(std::string("SELECT ") + kInviteColumns + " FROM call_invites WHERE appointment_id = ?1 ORDER BY id");
    s.bind(1, appointment);
    std::vector<core::CallInvite> out;
    while (s.step()) out.push_back(read_invite(s));
    return out;
}

void SqliteRepository::revoke_call_invite(core::InviteId id, core::Instant at) {
    sql("UPDATE call_invites SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL").bind(1, id).bind(2, ms(at)).run();
}

void SqliteRepository::claim_call_invite(core::InviteId id, std::string_view guest_name, std::string_view key_hash,
                                         std::string_view time_zone, core::Instant at) {
    sql("UPDATE call_invites SET claimed_at = ?2, guest_name = ?3, guest_key_hash = ?4, guest_time_zone = ?5 WHERE id = ?1")
        .bind(1, id)
        .bind(2, ms(at))
        .bind(3, guest_name)
        .bind(4, key_hash)
        .bind(5, time_zone)
        .run();
}

}  // namespace server
