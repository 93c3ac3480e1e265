#include "store/migrations.h"

#include <chrono>
#include <string>

namespace server {

namespace {

// Instants are INTEGER unix milliseconds (UTC). E-mails are stored normalized, so a plain unique index
// enforces "one account per e-mail".
constexpr const char* kV1 = R"sql(
CREATE TABLE users (
    id                  INTEGER PRIMARY KEY,
    email               TEXT    NOT NULL,
    display_name        TEXT    NOT NULL,
    role                TEXT    NOT NULL CHECK (role IN ('patient', 'doctor', 'admin', 'support')),
    status              TEXT    NOT NULL CHECK (status IN ('active', 'pending_verification', 'suspended')),
    time_zone           TEXT    NOT NULL,
    password_hash       TEXT    NOT NULL,
    created_at          INTEGER NOT NULL,
    password_changed_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX users_email ON users (email);

CREATE TABLE sessions (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash   TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    revoked_at   INTEGER
);
CREATE UNIQUE INDEX sessions_token_hash ON sessions (token_hash);
CREATE INDEX sessions_live_by_user ON sessions (user_id) WHERE revoked_at IS NULL;
CREATE INDEX sessions_live_by_last_seen ON sessions (last_seen_at) WHERE revoked_at IS NULL;
CREATE INDEX sessions_live_by_created ON sessions (created_at) WHERE revoked_at IS NULL;

CREATE TABLE sign_in_attempts (
    id        INTEGER PRIMARY KEY,
    email     TEXT    NOT NULL,
    at        INTEGER NOT NULL,
    succeeded INTEGER NOT NULL CHECK (succeeded IN (0, 1))
);
CREATE INDEX sign_in_attempts_by_email_at ON sign_in_attempts (email, at);
)sql";

// The clinic. Instants are INTEGER unix milliseconds (UTC); enums are their protocol names; booleans
// are 0/1. Local dates and minutes of availability are the doctor's own time zone (never converted).
// Appointments, their history, ledger entries and purchases are never deleted: they are medical and
// financial records. The ledger is append-only (triggers refuse UPDATE and DELETE).
constexpr const char* kV2 = R"sql(
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

CREATE TABLE purchases (
    id              INTEGER PRIMARY KEY,
    user_id         INTEGER NOT NULL REFERENCES users (id),
    idempotency_key TEXT    NOT NULL,
    package_id      TEXT    NOT NULL,
    credits         INTEGER NOT NULL,
    amount_cents    INTEGER NOT NULL,
    currency        TEXT    NOT NULL,
    status          TEXT    NOT NULL CHECK (status IN ('pending', 'succeeded', 'declined')),
    charge_id       TEXT    NOT NULL,
    card_brand      TEXT    NOT NULL,
    card_last4      TEXT    NOT NULL,
    decline_reason  TEXT    NOT NULL,
    created_at      INTEGER NOT NULL,
    UNIQUE (user_id, idempotency_key)
);

-- Double entry: the entries of one posting (same posting_id, the id of its first entry) sum to zero.
CREATE TABLE ledger_entries (
    id             INTEGER PRIMARY KEY,
    posting_id     INTEGER NOT NULL,
    account        TEXT    NOT NULL,  -- "wallet:<user>", "escrow:<appointment>", "earnings:<user>", "external:payments"
    kind           TEXT    NOT NULL CHECK (kind IN ('purchase', 'hold', 'release', 'refund', 'earning', 'grant')),
    amount         INTEGER NOT NULL,
    appointment_id INTEGER REFERENCES appointments (id),
    purchase_id    INTEGER REFERENCES purchases (id),
    memo           TEXT    NOT NULL,
    at             INTEGER NOT NULL
);
CREATE INDEX ledger_entries_by_account ON ledger_entries (account, amount);  -- covers balances
CREATE INDEX ledger_entries_by_posting ON ledger_entries (posting_id);
CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;

CREATE TABLE notifications (
    id             INTEGER PRIMARY KEY,
    user_id        INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind           TEXT    NOT NULL,
    title          TEXT    NOT NULL,
    body           TEXT    NOT NULL,
    appointment_id INTEGER REFERENCES appointments (id),
    created_at     INTEGER NOT NULL,
    read_at        INTEGER
);
CREATE INDEX notifications_by_user ON notifications (user_id, id);
CREATE INDEX notifications_unread_by_user ON notifications (user_id) WHERE read_at IS NULL;
)sql";

// Video consultations: the call log (each stretch of time a person was in an appointment's call; an
// empty left_at is a stretch still running) and the in-call chat. Media is never stored; both tables
// are records of the visit and are never deleted.
constexpr const char* kV3 = R"sql(
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

// Call recordings: one row per recorded stretch, its bytes as BLOB chunks in this same file (a backup
// of the database file is a backup of the recordings), and the log of every play and download.
constexpr const char* kV4 = R"sql(
CREATE TABLE call_recordings (
    id             INTEGER PRIMARY KEY,
    appointment_id INTEGER NOT NULL REFERENCES appointments (id),
    started_by     INTEGER NOT NULL REFERENCES users (id),
    started_at     INTEGER NOT NULL,
    finished_at    INTEGER,
    mime_type      TEXT    NOT NULL,
    bytes          INTEGER NOT NULL DEFAULT 0 CHECK (bytes >= 0),
    chunks         INTEGER NOT NULL DEFAULT 0 CHECK (chunks >= 0),
    duration_ms    INTEGER NOT NULL DEFAULT 0 CHECK (duration_ms >= 0),
    status         TEXT    NOT NULL CHECK (status IN ('uploading', 'complete', 'failed')),
    last_chunk_at  INTEGER NOT NULL
);
CREATE INDEX call_recordings_by_appointment ON call_recordings (appointment_id, started_at);
CREATE INDEX call_recordings_uploading ON call_recordings (id) WHERE status = 'uploading';

CREATE TABLE call_recording_chunks (
    recording_id INTEGER NOT NULL REFERENCES call_recordings (id),
    seq          INTEGER NOT NULL CHECK (seq >= 0),
    offset_bytes INTEGER NOT NULL CHECK (offset_bytes >= 0),
    data         BLOB    NOT NULL,
    PRIMARY KEY (recording_id, seq)
) WITHOUT ROWID;
CREATE INDEX call_recording_chunks_by_offset ON call_recording_chunks (recording_id, offset_bytes);

CREATE TABLE call_recording_accesses (
    id           INTEGER PRIMARY KEY,
    recording_id INTEGER NOT NULL REFERENCES call_recordings (id),
    user_id      INTEGER NOT NULL REFERENCES users (id),
    action       TEXT    NOT NULL CHECK (action IN ('play', 'download')),
    at           INTEGER NOT NULL,
    token_id     TEXT    NOT NULL
);
CREATE INDEX call_recording_accesses_by_recording ON call_recording_accesses (recording_id, id);
CREATE UNIQUE INDEX call_recording_accesses_by_token ON call_recording_accesses (token_id) WHERE token_id <> '';
)sql";

// Invitations to a video visit (colleague, interpreter, family member) and their guests. Guests have
// no account: the call log and the chat name them by invitation, so both tables are rebuilt with a
// nullable user_id beside an invite_id (exactly one of the two is set; both keep their foreign key).
// Core code sees a guest as user_id = -invite_id (sqlite_calls.cpp maps the columns).
constexpr const char* kV5 = R"sql(
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

constexpr Migration kMigrations[] = {
    {1, "users, sessions, sign-in attempts", kV1},
    {2, "clinic: doctors, availability, appointments, ledger, purchases, notifications", kV2},
    {3, "calls: call participations (the call log), in-call chat", kV3},
    {4, "call recordings: records, BLOB chunks, access log", kV4},
    {5, "calls: invitations and guests (call_invites; guests in the call log and chat)", kV5},
};

std::int64_t now_unix_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace

void rollback_quietly(sqlite::Database& db) noexcept {
    // SQLite may already have rolled back (e.g. after SQLITE_FULL); the original error is what matters.
    try {
        db.exec("ROLLBACK");
    } catch (...) {
    }
}

std::span<const Migration> schema_migrations() { return kMigrations; }

int schema_version(sqlite::Database& db) {
    auto exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'");
    if (!exists.step()) return 0;
    auto max = db.prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    max.step();
    return static_cast<int>(max.int64(0));
}

int apply_migrations(sqlite::Database& db, std::span<const Migration> migrations) {
    db.exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)");
    const int known = migrations.empty() ? 0 : migrations.back().version;
    int applied = 0;
    for (const Migration& m : migrations) {
        // Read the version inside the write lock, so two processes starting at once do not both migrate.
        db.exec("BEGIN IMMEDIATE");
        try {
            const int current = schema_version(db);
            if (current > known)
                throw std::runtime_error("the database has schema version " + std::to_string(current) +
                                         ", newer than this server knows (" + std::to_string(known) + ")");
            if (m.version > current) {
                db.exec(m.sql);
                db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)")
                    .bind(1, std::int64_t{m.version})
                    .bind(2, std::string_view(m.name))
                    .bind(3, now_unix_ms())
                    .run();
                ++applied;
            }
            db.exec("COMMIT");
        } catch (...) {
            rollback_quietly(db);
            throw;
        }
    }
    return applied;
}

}  // namespace server
