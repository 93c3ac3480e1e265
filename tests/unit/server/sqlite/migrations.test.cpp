// SQLite's schema versions (server/store/sqlite/migrations.h): a fresh file gets every version; a file
// left by any shipped version (fixtures/vN.sql) opens unchanged in its data and ends with exactly the
// schema a fresh one has (fixtures/schema.sql); versions run in order, one transaction each; a file
// newer than the binary is refused; the pragmas hold.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "../../../support/temp_dir.h"
#include "store/sqlite/migrations.h"
#include "store/sqlite/store.h"

namespace fs = std::filesystem;
using namespace core;
using test_support::TempDir;

namespace {

NewUser new_user(const std::string& email) {
    return NewUser{email,
                   "Ada",
                   Role::doctor,
                   AccountStatus::pending_verification,
                   "Europe/Berlin",
                   "$argon2id$x",
                   from_unix_ms(1'700'000'000'123)};
}

std::string read_fixture(const std::string& name) {
    const fs::path path = fs::path(TELEMED_SQLITE_FIXTURES) / name;
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("missing fixture " + path.string());
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// sqlite_master as fixtures/schema.sql has it: one block per object, by type and name.
std::string schema_text(const std::string& path) {
    server::sqlite::Database db(path);
    auto s = db.prepare(
        "SELECT '-- ' || type || ' ' || name || ' on ' || tbl_name || char(10) || COALESCE(sql, '(automatic)') || ';'"
        " || char(10) FROM sqlite_master ORDER BY type, name");
    std::string out;
    while (s.step()) out += s.text(0) + "\n";
    return out;
}

// A database file at schema version `version`, as that version left it.
void load_fixture(const std::string& path, int version) {
    server::sqlite::Database db(path);
    db.exec(read_fixture("v" + std::to_string(version) + ".sql"));
}

Instant ms(std::int64_t v) {
    return from_unix_ms(v);
}

}  // namespace

TEST_CASE("[server] sqlite store: migrations", "[server][store]") {
    TempDir dir;
    const auto path = dir.file("telemed.db");
    {
        server::SqliteStore store(path);
        CHECK(store.schema_version() == server::schema_migrations().back().version);
        CHECK(store.healthy());
    }
    SECTION("reopening applies nothing twice and keeps the data") {
        {
            server::SqliteStore store(path);
            store.transact([](Transaction& tx) { tx.accounts().insert_user(new_user("a@example.test")); });
        }
        server::SqliteStore again(path);
        CHECK(again.schema_version() == server::schema_migrations().back().version);
        std::int64_t users = 0;
        again.transact([&](Transaction& tx) { users = tx.accounts().count_users(); });
        CHECK(users == 1);
        server::sqlite::Database db(path);
        CHECK(server::apply_migrations(db) == 0);
        auto rows = db.prepare("SELECT COUNT(*) FROM schema_migrations");
        rows.step();
        CHECK(rows.int64(0) == static_cast<std::int64_t>(server::schema_migrations().size()));
    }
    SECTION("the file is in WAL mode with foreign keys on") {
        server::SqliteStore store(path);
        CHECK(fs::exists(path + "-wal"));
    }
    SECTION("a database newer than the binary is refused") {
        {
            server::sqlite::Database db(path);
            db.exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 0)");
        }
        CHECK_THROWS_WITH(server::SqliteStore(path), Catch::Contains("newer"));
    }
}

TEST_CASE("[server] sqlite store: migrations run in order, one transaction each", "[server][store]") {
    TempDir dir;
    server::sqlite::Database db(dir.file("m.db"));
    const server::Migration good[] = {{1, "t", "CREATE TABLE t (x INTEGER)"},
                                      {2, "u", "CREATE TABLE u (y INTEGER)"}};
    CHECK(server::apply_migrations(db, good) == 2);
    CHECK(server::schema_version(db) == 2);

    const server::Migration broken[] = {
        good[0], good[1], {3, "v", "CREATE TABLE v (z INTEGER); SELECT nonsense FROM nowhere"}};
    CHECK_THROWS(server::apply_migrations(db, broken));
    CHECK(server::schema_version(db) == 2);
    auto v = db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'v'");
    v.step();
    CHECK(v.int64(0) == 0);  // the half-done migration was rolled back
}

TEST_CASE("[server] sqlite clinic: migrations", "[server][store]") {
    TempDir dir;
    const auto path = dir.file("telemed.db");
    const auto table_count = [](server::sqlite::Database& db) {
        auto s = db.prepare(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('doctor_profiles', 'weekly_hours',"
            " 'availability_settings', 'availability_exceptions', 'appointments', 'appointment_changes',"
            " 'ledger_entries', 'purchases', 'notifications')");
        s.step();
        return s.int64(0);
    };

    SECTION("an empty file gets every version") {
        server::SqliteStore store(path);
        CHECK(store.schema_version() == server::schema_migrations().back().version);
        server::sqlite::Database db(path);
        CHECK(table_count(db) == 9);
        auto index = db.prepare("SELECT sql FROM sqlite_master WHERE name = 'appointments_one_per_slot'");
        REQUIRE(index.step());
        CHECK_THAT(index.text(0), Catch::Contains("UNIQUE") && Catch::Contains("WHERE status IN"));
    }
    SECTION("a version 1 database is upgraded to version 2 and keeps its data") {
        {
            server::sqlite::Database db(path);
            REQUIRE(server::apply_migrations(db, server::schema_migrations().first(1)) == 1);
            REQUIRE(server::schema_version(db) == 1);
            CHECK(table_count(db) == 0);
            db.exec(
                "INSERT INTO users (email, display_name, role, status, time_zone, password_hash, created_at,"
                " password_changed_at) VALUES ('old@example.test', 'Old', 'doctor', 'active', 'UTC', '$x', 1, 1)");
        }
        server::SqliteStore store(path);
        CHECK(store.schema_version() == server::schema_migrations().back().version);
        store.transact([&](Transaction& tx) {
            auto old = tx.accounts().find_user_by_email("old@example.test");
            REQUIRE(old);
            CHECK(old->display_name == "Old");
            DoctorProfile profile;
            profile.user_id = old->id;
            tx.clinic().save_doctor_profile(profile);  // the new tables work with the old rows
            CHECK(tx.clinic().find_doctor_profile(old->id));
        });
        server::sqlite::Database db(path);
        CHECK(table_count(db) == 9);
        auto versions = db.prepare("SELECT version FROM schema_migrations ORDER BY version");
        std::vector<std::int64_t> applied;
        while (versions.step()) applied.push_back(versions.int64(0));
        std::vector<std::int64_t> known;  // and on to the newest (v3: calls, v4: recordings, …)
        for (const auto& m : server::schema_migrations()) known.push_back(m.version);
        CHECK(applied == known);
    }
}

TEST_CASE("[server] sqlite calls: a version 2 database is upgraded to version 3", "[server][store][calls]") {
    TempDir dir;
    const auto path = dir.file("telemed.db");
    {
        server::sqlite::Database db(path);
        REQUIRE(server::apply_migrations(db, server::schema_migrations().first(2)) == 2);
        db.exec(
            "INSERT INTO users (email, display_name, role, status, time_zone, password_hash, created_at,"
            " password_changed_at) VALUES ('old@example.test', 'Old', 'doctor', 'active', 'UTC', '$x', 1, 1)");
    }
    server::SqliteStore store(path);
    CHECK(store.schema_version() == server::schema_migrations().back().version);  // v3, and on to the newest
    store.transact([&](Transaction& tx) {
        REQUIRE(tx.accounts().find_user_by_email("old@example.test"));
        CHECK(tx.calls().call_participations(1).empty());
        CHECK(tx.calls().call_messages(1, 10).empty());
    });
}

TEST_CASE("[server] sqlite calls: a version 3 database keeps its call log and chat through v5",
          "[server][store][calls]") {
    TempDir dir;
    const auto path = dir.file("telemed.db");
    {
        server::sqlite::Database db(path);
        REQUIRE(server::apply_migrations(db, server::schema_migrations().first(3)) == 3);
        db.exec(
            "INSERT INTO users (id, email, display_name, role, status, time_zone, password_hash, created_at,"
            " password_changed_at) VALUES (7, 'old@example.test', 'Old', 'doctor', 'active', 'UTC', '$x', 1, 1)");
        db.exec(
            "INSERT INTO appointments (id, patient_id, doctor_id, starts_at, ends_at, status, concern, price_credits,"
            " free_cancel_hours, late_cancel_refund_percent, clinical_notes, visit_summary, sequence, reminded_24h,"
            " reminded_15m, created_at, updated_at) VALUES (3, 7, 7, 1000, 2000, 'completed', '', 1, 24, 50, '', '', 0, 0, 0, 1, 1)");
        db.exec(
            "INSERT INTO call_participations (appointment_id, user_id, joined_at, left_at) VALUES (3, 7, 1000, 1500)");
        db.exec("INSERT INTO call_messages (appointment_id, user_id, text, at) VALUES (3, 7, 'kept', 1200)");
    }
    server::SqliteStore store(path);
    CHECK(store.schema_version() == server::schema_migrations().back().version);
    store.transact([&](Transaction& tx) {
        const auto stretches = tx.calls().call_participations(3);
        REQUIRE(stretches.size() == 1);
        CHECK(stretches[0].user_id == 7);
        CHECK(stretches[0].left_at == from_unix_ms(1500));
        const auto messages = tx.calls().call_messages(3, 10);
        REQUIRE(messages.size() == 1);
        CHECK(messages[0].text == "kept");
        CHECK(messages[0].user_id == 7);
    });
}

TEST_CASE("[server] sqlite recordings: a version 3 database is upgraded to version 4",
          "[server][store][recordings]") {
    TempDir dir;
    const auto path = dir.file("telemed.db");
    {
        server::sqlite::Database db(path);
        REQUIRE(server::apply_migrations(db, server::schema_migrations().first(3)) == 3);
    }
    server::SqliteStore store(path);
    CHECK(store.schema_version() >= 4);
    store.transact([&](Transaction& tx) { CHECK(tx.recordings().recordings_of(1).empty()); });
}

TEST_CASE("[server] sqlite migrations: a fresh file has exactly the schema the shipped versions made",
          "[server][store]") {
    TempDir dir;
    const auto path = dir.file("telemed.db");
    { server::SqliteStore store(path); }
    CHECK(schema_text(path) == read_fixture("schema.sql"));
}

TEST_CASE("[server] sqlite migrations: a file from every shipped version opens with its data",
          "[server][store]") {
    const int version = GENERATE(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13);
    CAPTURE(version);
    TempDir dir;
    const auto path = dir.file("telemed.db");
    load_fixture(path, version);
    {
        server::sqlite::Database db(path);
        REQUIRE(server::schema_version(db) == version);
    }
    server::SqliteStore store(path);
    CHECK(store.schema_version() == server::schema_migrations().back().version);
    CHECK(schema_text(path) == read_fixture("schema.sql"));

    store.transact([&](Transaction& tx) {
        // v1: users, sessions, sign-in attempts
        auto& accounts = tx.accounts();
        const auto dr = accounts.find_user(1);
        REQUIRE(dr);
        CHECK(dr->email == "old-dr@example.test");
        CHECK(dr->display_name == "Dr. Old — Ärztin");
        CHECK(dr->role == Role::doctor);
        CHECK(dr->status == AccountStatus::active);
        CHECK(dr->time_zone == "Europe/Berlin");
        CHECK(dr->password_hash == "$argon2id$old");
        CHECK(dr->created_at == ms(1700000000123));
        CHECK(dr->password_changed_at == ms(1700000100000));
        // v13: country and language (not given before v13: none and English), no deleted accounts
        CHECK(dr->country.empty());
        CHECK(dr->language == "en");
        CHECK_FALSE(dr->deleted_at);
        if (version >= 13) {
            CHECK(accounts.find_user(2)->country == "DE");
            CHECK(accounts.find_user(2)->language == "de");
        }
        CHECK(accounts.find_user(3)->status == AccountStatus::suspended);
        CHECK(accounts.find_user(3)->role == Role::admin);
        CHECK(accounts.count_users() == 3);
        const auto live = accounts.live_sessions_of(2);
        REQUIRE(live.size() == 1);
        CHECK(live[0].token_hash == "old-token-1");
        CHECK(live[0].last_seen_at == ms(1700000002000));
        CHECK(accounts.find_session_by_token_hash("old-token-2")->revoked_at == ms(1700000003000));
        CHECK(accounts.failed_sign_ins_since("old-pat@example.test", ms(0)) ==
              std::vector{ms(1700000000500)});
        // ids go on after the old rows
        CHECK(accounts.insert_user({"new@example.test", "New", Role::patient, AccountStatus::active, "UTC",
                                    "$x", ms(1800000000000)}) > 3);
        if (version < 2) return;

        // v2: the clinic, credits and notifications
        auto& clinic = tx.clinic();
        const auto profile = clinic.find_doctor_profile(1);
        REQUIRE(profile);
        CHECK(profile->specialty == "cardiology");
        CHECK(profile->languages == std::vector<std::string>{"English", "Deutsch"});
        CHECK(profile->verification == Verification::verified);
        const auto hours = clinic.find_availability(1);
        REQUIRE(hours);
        CHECK(hours->slot_minutes == 20);
        CHECK(hours->auto_confirm);
        REQUIRE(hours->weekly.size() == 2);
        CHECK(hours->weekly[0].weekday == 4);
        CHECK(hours->weekly[1].weekday == 0);
        REQUIRE(hours->exceptions.size() == 1);
        CHECK(hours->exceptions[0].date == "2026-12-24");
        const auto visit = clinic.find_appointment(1);
        REQUIRE(visit);
        CHECK(visit->status == AppointmentStatus::completed);
        CHECK(visit->concern == "Palpitations");
        CHECK(visit->sequence == 2);
        CHECK(visit->reminded_24h);
        CHECK(visit->starts_at == ms(1700100000000));
        const auto history = clinic.appointment_changes(1);
        REQUIRE(history.size() == 2);
        CHECK_FALSE(history[0].from);
        CHECK(history[1].from == AppointmentStatus::requested);
        CHECK(history[1].to == AppointmentStatus::confirmed);
        auto& credits = tx.credits();
        CHECK(credits.find_purchase(2, "old-key-1")->status == PurchaseStatus::succeeded);
        CHECK(credits.account_balance("wallet:2") == 7);
        CHECK(credits.account_balance("escrow:1") == 3);
        CHECK(credits.escrow_held_for(2) == 3);  // v6 adds it up from the rows already there
        CHECK(credits.escrow_held_for(1) == 0);
        CHECK(credits.ledger_total() == 0);
        const auto wallet = credits.ledger_entries({"wallet:2"}, 10);
        REQUIRE(wallet.size() == 2);
        CHECK(wallet[0].posting_id == 3);
        CHECK(wallet[0].appointment_id == 1);
        CHECK(wallet[1].purchase_id == 1);
        CHECK(credits.post_ledger(
                  {{0, 0, "wallet:2", LedgerKind::grant, 1, {}, {}, "new", ms(1800000000000)},
                   {0, 0, "external:payments", LedgerKind::grant, -1, {}, {}, "new", ms(1800000000000)}}) ==
              5);  // named by its first entry, after the old ones
        CHECK(credits.account_balance("wallet:2") == 8);  // v6: the running balance follows new entries
        CHECK(credits.account_balance("external:payments") == -11);
        CHECK(tx.notifications().unread_notifications(2) == 1);
        CHECK(tx.notifications().notifications_of(2, 10)[0].kind == "appointment.confirmed");
        // v10: older notifications stand for one event each, about no conversation; preferences only from
        // v10's own fixture (checked with the messaging rows below).
        CHECK(tx.notifications().notifications_of(2, 10)[0].count == 1);
        CHECK_FALSE(tx.notifications().notifications_of(2, 10)[0].conversation_id);
        CHECK(tx.notifications().notification_prefs(2).size() == (version >= 10 ? 1u : 0u));
        if (version < 3) return;

        // v3: the call log and chat (rebuilt for guests in v5)
        const auto stretches = tx.calls().call_participations(1);
        REQUIRE(stretches.size() >= 2);
        CHECK(stretches[0].user_id == 1);
        CHECK(stretches[0].left_at == ms(1700100900000));
        CHECK(stretches[1].user_id == 2);
        CHECK_FALSE(stretches[1].left_at);
        const auto chat = tx.calls().call_messages(1, 10);
        REQUIRE(chat.size() >= 1);
        CHECK(chat[0].text == "kept — ü");
        CHECK(chat[0].user_id == 2);
        if (version < 4) return;

        // v4: recordings
        auto& recordings = tx.recordings();
        const auto recording = recordings.find_recording(1);
        REQUIRE(recording);
        CHECK(recording->status == RecordingStatus::complete);
        CHECK(recording->bytes == 7);
        CHECK(recording->finished_at == ms(1700100300000));
        const auto chunks = recordings.recording_chunks(1, 0, 7);
        REQUIRE(chunks.size() == 2);
        CHECK(chunks[0].data == std::string("\x1a\x45\xdf", 3));
        CHECK(chunks[1].data == std::string("\xa3\x00\xff\x00", 4));
        REQUIRE(recordings.recording_accesses(1).size() == 1);
        CHECK_FALSE(
            recordings.insert_recording_access({0, 1, 2, RecordingAccessAction::play, ms(1), "old-nonce-1"}));
        if (version < 5) return;

        // v5: invitations, and a guest in the call log and chat
        const auto invite = tx.invitations().find_call_invite_by_token_hash("old-invite-hash");
        REQUIRE(invite);
        CHECK(invite->role == CallRole::interpreter);
        CHECK(invite->guest_name == "Maria Silva");
        CHECK(invite->claimed_at == ms(1700100050000));
        REQUIRE(stretches.size() == 3);
        CHECK(stretches[2].user_id == guest_user_id(invite->id));
        REQUIRE(chat.size() == 2);
        CHECK(chat[1].user_id == guest_user_id(invite->id));
        CHECK(chat[1].text == "Olá");
        if (version < 7) return;

        // v7: messaging: a conversation of the old patient (2) and doctor (1), an edited message, a
        // deleted one, the audit of both, receipts, and the search index that came with the file.
        auto& messaging = tx.messaging();
        const auto conversation = messaging.find_conversation_between(2, 1);
        REQUIRE(conversation);
        CHECK(conversation->last_number == 3);
        const auto thread = messaging.messages_after(conversation->id, 0, 10);
        REQUIRE(thread.size() == 3);
        CHECK(thread[0].text == "Herzklopfen seit gestern — ü");
        CHECK(thread[0].appointment_id == 1);
        CHECK(thread[1].edited_at == ms(1700200250000));
        CHECK(thread[2].deleted());
        CHECK(thread[2].text.empty());
        CHECK(messaging.find_message_by_client_id(conversation->id, 2, "old-client-1")->id == thread[0].id);
        REQUIRE(messaging.message_audit(thread[2].id).size() == 1);
        CHECK(messaging.message_audit(thread[2].id)[0].text == "Puls 120, sorry wrong chat");
        CHECK(messaging.message_audit(thread[1].id)[0].action == MessageAuditAction::edited);
        CHECK(messaging.find_receipt(conversation->id, 1).read_upto == 2);
        CHECK(messaging.unread_total(1) == 0);  // the only unread one was deleted
        // v11 keeps the counts: the upgrade counted the patient's one unread message (the doctor's).
        CHECK(messaging.unread_in(conversation->id, 1) == 0);
        CHECK(messaging.unread_in(conversation->id, 2) == 1);
        CHECK(messaging.unread_total(2) == 1);
        CHECK(messaging.search_messages(2, {"herzklopfen"}, 10).size() == 1);
        CHECK(messaging.search_messages(1, {"puls"}, 10).size() == 1);  // the edited text, not the tombstone
        CHECK(messaging.search_messages(1, {"blutdruck"}, 10).empty());
        // numbers go on after the old ones
        Message next;
        next.conversation_id = conversation->id;
        next.sender_id = 1;
        next.client_message_id = "new-1";
        next.text = "new";
        next.created_at = ms(1800000000000);
        // v12: revisions: an older message's revision is its number, its conversation's the newest number,
        // so a new change counts on from there and "changed since" finds the edits made after the upgrade.
        CHECK(thread[0].revision == 1);
        CHECK(thread[2].revision == 3);
        CHECK(conversation->last_revision == 3);
        const Message fourth = messaging.insert_message(next);
        CHECK(fourth.number == 4);
        CHECK(fourth.revision == 4);
        CHECK(messaging.unread_total(2) == 2);  // counted by the v11 trigger
        messaging.edit_message(thread[1].id, "Puls bitte morgens messen", 1, ms(1800000001000));
        const auto changed = messaging.messages_changed_since(conversation->id, 4, 4, 10);
        REQUIRE(changed.size() == 1);
        CHECK(changed[0].number == 2);
        CHECK(changed[0].revision == 5);
        CHECK(messaging.find_conversation(conversation->id)->last_revision == 5);

        // v9: presence: the old doctor (1) chose to hide; the others never chose. Last seen comes from
        // the sessions (all versions have them).
        CHECK(tx.presence().is_hidden(1) == (version >= 9));
        CHECK_FALSE(tx.presence().is_hidden(2));
        CHECK(tx.presence().last_active(2) == ms(1700000002000));

        // v10: notifications: the old doctor (1) has one coalesced notification for 3 messages of the
        // conversation; the old patient (2) turned browser notifications for messages off.
        const auto notes = tx.notifications().notifications_of(1, 10);
        REQUIRE(notes.size() == (version >= 10 ? 1u : 0u));
        if (version >= 10) {
            CHECK(notes[0].conversation_id == conversation->id);
            CHECK(notes[0].count == 3);
            CHECK(tx.notifications().unread_notifications(1) == 1);
        }
        const auto prefs = tx.notifications().notification_prefs(2);
        REQUIRE(prefs.size() == (version >= 10 ? 1u : 0u));
        if (version >= 10) {
            CHECK(prefs[0].category == NotificationCategory::messages);
            CHECK(prefs[0].channels.in_app);
            CHECK_FALSE(prefs[0].channels.browser);
            CHECK(prefs[0].channels.sound);
        }
        if (version < 8) {
            // v8 came with the upgrade: no attachment yet, and messages read without one.
            CHECK_FALSE(messaging.find_attachment(1));
            CHECK_FALSE(thread[0].attachment);
            return;
        }

        // v8: attachments: message 1 carries an attached JPEG opened once; an upload never finished.
        REQUIRE(thread[0].attachment);
        CHECK(thread[0].attachment->name == "rash.jpg");
        CHECK(thread[0].attachment->kind == AttachmentKind::jpeg);
        CHECK(thread[0].attachment->bytes == 4);
        CHECK(messaging.attachment_chunks(1, 0, 4)[0].data == std::string("\xFF\xD8\xFF\xD9", 4));
        REQUIRE(messaging.attachment_accesses(1).size() == 1);
        CHECK(messaging.attachment_accesses(1)[0].user_id == 1);
        const auto upload = messaging.find_attachment(2);
        REQUIRE(upload);
        CHECK(upload->status == AttachmentStatus::uploading);
        CHECK(messaging.uploads_idle_since(ms(1800000000000)).size() == 1);
        messaging.delete_upload(2);
        CHECK_FALSE(messaging.find_attachment(2));
    });
}

TEST_CASE("[server] sqlite messaging: a version 6 database is upgraded to version 7", "[server][store][messaging]") {
    TempDir dir;
    const auto path = dir.file("telemed.db");
    load_fixture(path, 6);
    {
        server::sqlite::Database db(path);
        REQUIRE(server::schema_version(db) == 6);
    }
    server::SqliteStore store(path);
    CHECK(store.schema_version() >= 7);

    // The old clinic's doctor (1) and patient (2) had a completed visit: they may talk at once.
    MessageId first = 0;
    store.transact([&](Transaction& tx) {
        CHECK(tx.clinic().has_visit_between(1, 2));
        CHECK_FALSE(tx.clinic().has_visit_between(1, 3));
        auto& messaging = tx.messaging();
        const ConversationId c = messaging.insert_conversation({0, 2, 1, ms(1800000000000), 0, std::nullopt});
        Message m;
        m.conversation_id = c;
        m.sender_id = 2;
        m.client_message_id = "after-upgrade";
        m.text = "Herzklopfen wieder seit gestern";
        m.appointment_id = 1;  // the old visit
        m.created_at = ms(1800000000001);
        first = messaging.insert_message(m).id;
        CHECK(first > 0);
        CHECK(messaging.unread_total(1) == 1);
        CHECK(messaging.search_messages(2, {"herzklopf"}, 10).size() == 1);
        CHECK(messaging.search_messages(3, {"herzklopf"}, 10).empty());
        // The old notifications and ledger are untouched by the new tables.
        CHECK(tx.notifications().unread_notifications(2) == 1);
        CHECK(tx.credits().account_balance("wallet:2") == 7);
    });

    // Whoever connects, messages are never deleted and the audit is never rewritten.
    store.transact([&](Transaction& tx) { tx.messaging().delete_message(first, 2, ms(1800000000002)); });
    server::sqlite::Database db(path);
    CHECK_THROWS_WITH(db.exec("DELETE FROM messages"), Catch::Contains("tombstone"));
    CHECK_THROWS_WITH(db.exec("UPDATE message_audit SET text = 'rewritten'"), Catch::Contains("append-only"));
    CHECK_THROWS_WITH(db.exec("DELETE FROM message_audit"), Catch::Contains("append-only"));
    auto audit = db.prepare("SELECT action, text FROM message_audit");
    REQUIRE(audit.step());
    CHECK(audit.text(0) == "deleted");
    CHECK(audit.text(1) == "Herzklopfen wieder seit gestern");
    auto fts = db.prepare("SELECT COUNT(*) FROM messages_fts WHERE messages_fts MATCH 'herzklopfen'");
    REQUIRE(fts.step());
    CHECK(fts.int64(0) == 0);  // the tombstone left nothing to find
}

TEST_CASE("[server] sqlite store: pragmas", "[server][store]") {
    TempDir dir;
    const auto path = dir.file("telemed.db");
    server::SqliteStore store(path);
    server::sqlite::Database other(path);  // a second connection reads what the file remembers
    auto mode = other.prepare("PRAGMA journal_mode");
    REQUIRE(mode.step());
    CHECK(mode.text(0) == "wal");
    CHECK(store.path() == path);
}
