// SQLite's messaging: conversations, numbered messages, receipts, the audit and full-text search
// (rules: core/messaging/repository.h), and their tables (schema v7).
//
// Index: [schema] [mapping] [conversations] [messages] [receipts] [search]
#include "store/sqlite/repositories.h"
#include "store/sqlite/schema.h"

namespace server {

// [schema] ------------------------------------------------------------------------------------------
// Schema v7 is one version in two parts, run in this order: the clinic's index (clinic.cpp), then the
// messaging tables here. Shipped: never edit.
//
// Messages are medical correspondence: never deleted (a trigger refuses it). Deleting one in the app
// blanks its text and sets deleted_at; the text goes to message_audit, as does the text an edit
// replaced. The audit is append-only.
//
// Search: messages_fts is a contentless FTS5 index (the text lives in `messages`) of each message's
// text and its conversation's members ("u<patient> u<doctor>"), so a search is restricted to one's own
// conversations inside the index instead of filtering every match afterwards. The triggers keep it in
// step with `messages`; a tombstone's empty text leaves nothing to match. Diacritics are kept ("cafe"
// does not find "café"), as the highlighter (core/messaging/search.h) sees them.
std::string_view schema::messaging_v7() {
    return R"sql(
CREATE TABLE conversations (
    id              INTEGER PRIMARY KEY,
    patient_id      INTEGER NOT NULL REFERENCES users (id),
    doctor_id       INTEGER NOT NULL REFERENCES users (id),
    created_at      INTEGER NOT NULL,
    last_number     INTEGER NOT NULL DEFAULT 0,  -- the newest message's number
    last_message_at INTEGER
);
CREATE UNIQUE INDEX conversations_one_per_pair ON conversations (patient_id, doctor_id);
CREATE INDEX conversations_by_doctor ON conversations (doctor_id);

CREATE TABLE conversation_receipts (
    conversation_id INTEGER NOT NULL REFERENCES conversations (id),
    user_id         INTEGER NOT NULL REFERENCES users (id),
    delivered_upto  INTEGER NOT NULL DEFAULT 0,
    read_upto       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (conversation_id, user_id)
) WITHOUT ROWID;
CREATE INDEX conversation_receipts_by_user ON conversation_receipts (user_id);

CREATE TABLE messages (
    id                INTEGER PRIMARY KEY,
    conversation_id   INTEGER NOT NULL REFERENCES conversations (id),
    number            INTEGER NOT NULL CHECK (number > 0),
    sender_id         INTEGER NOT NULL REFERENCES users (id),
    client_message_id TEXT    NOT NULL,
    text              TEXT    NOT NULL,  -- '' once deleted
    appointment_id    INTEGER REFERENCES appointments (id),
    created_at        INTEGER NOT NULL,
    edited_at         INTEGER,
    deleted_at        INTEGER
);
CREATE UNIQUE INDEX messages_by_number ON messages (conversation_id, number);
CREATE UNIQUE INDEX messages_by_client_id ON messages (conversation_id, sender_id, client_message_id);
CREATE TRIGGER messages_never_deleted BEFORE DELETE ON messages
BEGIN
    SELECT RAISE(ABORT, 'messages are kept: deleting one leaves a tombstone');
END;

CREATE TABLE message_audit (
    id         INTEGER PRIMARY KEY,
    message_id INTEGER NOT NULL REFERENCES messages (id),
    action     TEXT    NOT NULL CHECK (action IN ('edited', 'deleted')),
    text       TEXT    NOT NULL,  -- the text before the change
    actor      INTEGER NOT NULL,
    at         INTEGER NOT NULL
);
CREATE INDEX message_audit_by_message ON message_audit (message_id);
CREATE TRIGGER message_audit_append_only_update BEFORE UPDATE ON message_audit
BEGIN
    SELECT RAISE(ABORT, 'the message audit is append-only');
END;
CREATE TRIGGER message_audit_append_only_delete BEFORE DELETE ON message_audit
BEGIN
    SELECT RAISE(ABORT, 'the message audit is append-only');
END;

CREATE VIRTUAL TABLE messages_fts USING fts5 (
    text, members, content = '', tokenize = 'unicode61 remove_diacritics 0'
);
CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages
BEGIN
    INSERT INTO messages_fts (rowid, text, members)
        SELECT NEW.id, NEW.text, 'u' || patient_id || ' u' || doctor_id FROM conversations WHERE id = NEW.conversation_id;
END;
CREATE TRIGGER messages_fts_update AFTER UPDATE OF text ON messages
BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, text, members)
        SELECT 'delete', OLD.id, OLD.text, 'u' || patient_id || ' u' || doctor_id FROM conversations WHERE id = OLD.conversation_id;
    INSERT INTO messages_fts (rowid, text, members)
        SELECT NEW.id, NEW.text, 'u' || patient_id || ' u' || doctor_id FROM conversations WHERE id = NEW.conversation_id;
END;
)sql";
}

namespace {

// [mapping] -----------------------------------------------------------------------------------------
#define TELEMED_CONVERSATION_COLUMNS "id, patient_id, doctor_id, created_at, last_number, last_message_at"

core::Conversation read_conversation(const sqlite::Statement& s) {
    core::Conversation c;
    c.id = s.int64(0);
    c.patient_id = s.int64(1);
    c.doctor_id = s.int64(2);
    c.created_at = instant(s.int64(3));
    c.last_number = s.int64(4);
    c.last_message_at = optional_instant(s, 5);
    return c;
}

#define TELEMED_MESSAGE_COLUMNS(p)                                                                            \
    p "id, " p "conversation_id, " p "number, " p "sender_id, " p "client_message_id, " p "text, " p \
      "appointment_id, " p "created_at, " p "edited_at, " p "deleted_at"

core::Message read_message(const sqlite::Statement& s) {
    core::Message m;
    m.id = s.int64(0);
    m.conversation_id = s.int64(1);
    m.number = s.int64(2);
    m.sender_id = s.int64(3);
    m.client_message_id = s.text(4);
    m.text = s.text(5);
    m.appointment_id = s.optional_int64(6);
    m.created_at = instant(s.int64(7));
    m.edited_at = optional_instant(s, 8);
    m.deleted_at = optional_instant(s, 9);
    return m;
}

std::vector<core::Message> read_messages(sqlite::Statement& s) {
    std::vector<core::Message> out;
    while (s.step()) out.push_back(read_message(s));
    return out;
}

void insert_audit(Connection& c, core::MessageId id, core::MessageAuditAction action, std::string_view old_text,
                  core::UserId actor, core::Instant at) {
    c.sql("INSERT INTO message_audit (message_id, action, text, actor, at) VALUES (?1, ?2, ?3, ?4, ?5)")
        .bind(1, id)
        .bind(2, core::to_string(action))
        .bind(3, old_text)
        .bind(4, actor)
        .bind(5, ms(at))
        .run();
}

// An FTS5 query for the terms: each a quoted prefix ("rash"*) of the text column, all required, inside
// the user's own conversations. Terms hold only word characters (core::search_terms), never a quote.
std::string fts_query(core::UserId user, const std::vector<std::string>& terms) {
    std::string q = "members:u" + std::to_string(user);
    for (const std::string& term : terms) q += " AND text:\"" + term + "\"*";
    return q;
}

}  // namespace

// [conversations] -----------------------------------------------------------------------------------
core::ConversationId SqliteMessaging::insert_conversation(const core::Conversation& conversation) {
    auto& s = c_.sql("INSERT INTO conversations (patient_id, doctor_id, created_at) VALUES (?1, ?2, ?3)");
    s.bind(1, conversation.patient_id).bind(2, conversation.doctor_id).bind(3, ms(conversation.created_at));
    run_unique(s, "conversations.pair");
    const core::ConversationId id = c_.db.last_insert_rowid();
    for (core::UserId member : {conversation.patient_id, conversation.doctor_id})
        c_.sql("INSERT INTO conversation_receipts (conversation_id, user_id) VALUES (?1, ?2)").bind(1, id).bind(2, member).run();
    return id;
}

std::optional<core::Conversation> SqliteMessaging::find_conversation(core::ConversationId id) {
    auto& s = c_.sql("SELECT " TELEMED_CONVERSATION_COLUMNS " FROM conversations WHERE id = ?1");
    s.bind(1, id);
    return s.step() ? std::optional(read_conversation(s)) : std::nullopt;
}

std::optional<core::Conversation> SqliteMessaging::find_conversation_between(core::UserId patient, core::UserId doctor) {
    auto& s = c_.sql("SELECT " TELEMED_CONVERSATION_COLUMNS " FROM conversations WHERE patient_id = ?1 AND doctor_id = ?2");
    s.bind(1, patient).bind(2, doctor);
    return s.step() ? std::optional(read_conversation(s)) : std::nullopt;
}

std::vector<core::Conversation> SqliteMessaging::conversations_of(core::UserId user, int limit) {
    if (limit <= 0) return {};  // LIMIT -1 would mean "all" to SQLite
    auto& s = c_.sql("SELECT " TELEMED_CONVERSATION_COLUMNS
                     " FROM conversations WHERE (patient_id = ?1 OR doctor_id = ?1) AND last_number > 0"
                     " ORDER BY last_message_at DESC, id DESC LIMIT ?2");
    s.bind(1, user).bind(2, std::int64_t{limit});
    std::vector<core::Conversation> out;
    while (s.step()) out.push_back(read_conversation(s));
    return out;
}

// [messages] ----------------------------------------------------------------------------------------
core::Message SqliteMessaging::insert_message(const core::Message& message) {
    // The number is the conversation's next, read and bumped inside this transaction: transactions are
    // serialized, so two messages never get the same one (the unique index would refuse it anyway).
    auto& bump = c_.sql(
        "UPDATE conversations SET last_number = last_number + 1, last_message_at = ?2 WHERE id = ?1"
        " RETURNING last_number");
    bump.bind(1, message.conversation_id).bind(2, ms(message.created_at));
    if (!bump.step()) throw std::logic_error("insert_message: no such conversation");
    core::Message stored = message;
    stored.number = bump.int64(0);
    bump.reset();

    auto& s = c_.sql(
        "INSERT INTO messages (conversation_id, number, sender_id, client_message_id, text, appointment_id,"
        " created_at, edited_at, deleted_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    s.bind(1, stored.conversation_id)
        .bind(2, stored.number)
        .bind(3, stored.sender_id)
        .bind(4, std::string_view(stored.client_message_id))
        .bind(5, std::string_view(stored.text))
        .bind(6, stored.appointment_id)
        .bind(7, ms(stored.created_at))
        .bind(8, optional_ms(stored.edited_at))
        .bind(9, optional_ms(stored.deleted_at));
    run_unique(s, "messages.client_message_id");
    stored.id = c_.db.last_insert_rowid();
    return stored;
}

std::optional<core::Message> SqliteMessaging::find_message(core::MessageId id) {
    auto& s = c_.sql("SELECT " TELEMED_MESSAGE_COLUMNS("") " FROM messages WHERE id = ?1");
    s.bind(1, id);
    return s.step() ? std::optional(read_message(s)) : std::nullopt;
}

std::optional<core::Message> SqliteMessaging::find_message_by_client_id(core::ConversationId conversation,
                                                                         core::UserId sender,
                                                                         std::string_view client_message_id) {
    auto& s = c_.sql("SELECT " TELEMED_MESSAGE_COLUMNS("")
                     " FROM messages WHERE conversation_id = ?1 AND sender_id = ?2 AND client_message_id = ?3");
    s.bind(1, conversation).bind(2, sender).bind(3, client_message_id);
    return s.step() ? std::optional(read_message(s)) : std::nullopt;
}

std::vector<core::Message> SqliteMessaging::messages_before(core::ConversationId conversation, std::int64_t before,
                                                            int limit) {
    if (limit <= 0) return {};
    // The newest `limit` below `before`, turned back to ascending order.
    auto& s = c_.sql("SELECT * FROM (SELECT " TELEMED_MESSAGE_COLUMNS("")
                     " FROM messages WHERE conversation_id = ?1 AND number < ?2 ORDER BY number DESC LIMIT ?3)"
                     " ORDER BY number");
    s.bind(1, conversation).bind(2, before).bind(3, std::int64_t{limit});
    return read_messages(s);
}

std::vector<core::Message> SqliteMessaging::messages_after(core::ConversationId conversation, std::int64_t after,
                                                           int limit) {
    if (limit <= 0) return {};
    auto& s = c_.sql("SELECT " TELEMED_MESSAGE_COLUMNS("")
                     " FROM messages WHERE conversation_id = ?1 AND number > ?2 ORDER BY number LIMIT ?3");
    s.bind(1, conversation).bind(2, after).bind(3, std::int64_t{limit});
    return read_messages(s);
}

void SqliteMessaging::edit_message(core::MessageId id, std::string_view text, core::UserId actor, core::Instant at) {
    const auto before = find_message(id);
    if (!before) return;
    insert_audit(c_, id, core::MessageAuditAction::edited, before->text, actor, at);
    c_.sql("UPDATE messages SET text = ?2, edited_at = ?3 WHERE id = ?1").bind(1, id).bind(2, text).bind(3, ms(at)).run();
}

void SqliteMessaging::delete_message(core::MessageId id, core::UserId actor, core::Instant at) {
    const auto before = find_message(id);
    if (!before) return;
    insert_audit(c_, id, core::MessageAuditAction::deleted, before->text, actor, at);
    c_.sql("UPDATE messages SET text = '', deleted_at = ?2 WHERE id = ?1").bind(1, id).bind(2, ms(at)).run();
}

std::vector<core::MessageAudit> SqliteMessaging::message_audit(core::MessageId id) {
    auto& s = c_.sql("SELECT id, message_id, action, text, actor, at FROM message_audit WHERE message_id = ?1 ORDER BY id");
    s.bind(1, id);
    std::vector<core::MessageAudit> out;
    while (s.step())
        out.push_back({s.int64(0), s.int64(1), enum_column<core::MessageAuditAction>(s, 2), s.text(3), s.int64(4),
                       instant(s.int64(5))});
    return out;
}

// [receipts] ----------------------------------------------------------------------------------------
core::Receipt SqliteMessaging::find_receipt(core::ConversationId conversation, core::UserId user) {
    auto& s = c_.sql("SELECT delivered_upto, read_upto FROM conversation_receipts WHERE conversation_id = ?1 AND user_id = ?2");
    s.bind(1, conversation).bind(2, user);
    if (!s.step()) return {conversation, user, 0, 0};
    return {conversation, user, s.int64(0), s.int64(1)};
}

core::Receipt SqliteMessaging::advance_receipt(core::ConversationId conversation, core::UserId user,
                                               std::int64_t delivered, std::int64_t read) {
    // max() of SQLite's is the scalar one with several arguments; the new read_upto is reused for
    // delivered_upto because reading implies delivery.
    auto& s = c_.sql(
        "INSERT INTO conversation_receipts (conversation_id, user_id, delivered_upto, read_upto)"
        " VALUES (?1, ?2, max(?3, ?4), ?4)"
        " ON CONFLICT (conversation_id, user_id) DO UPDATE SET"
        "   read_upto = max(read_upto, excluded.read_upto),"
        "   delivered_upto = max(delivered_upto, excluded.delivered_upto, read_upto, excluded.read_upto)"
        " RETURNING delivered_upto, read_upto");
    s.bind(1, conversation).bind(2, user).bind(3, delivered).bind(4, read);
    s.step();
    const core::Receipt r{conversation, user, s.int64(0), s.int64(1)};
    s.reset();
    return r;
}

int SqliteMessaging::unread_in(core::ConversationId conversation, core::UserId user) {
    auto& s = c_.sql(
        "SELECT COUNT(*) FROM messages m"
        " WHERE m.conversation_id = ?1 AND m.sender_id <> ?2 AND m.deleted_at IS NULL"
        "   AND m.number > COALESCE((SELECT read_upto FROM conversation_receipts"
        "                            WHERE conversation_id = ?1 AND user_id = ?2), 0)");
    s.bind(1, conversation).bind(2, user);
    s.step();
    return static_cast<int>(s.int64(0));
}

int SqliteMessaging::unread_total(core::UserId user) {
    auto& s = c_.sql(
        "SELECT COUNT(*) FROM conversation_receipts r"
        " JOIN messages m ON m.conversation_id = r.conversation_id AND m.number > r.read_upto"
        " WHERE r.user_id = ?1 AND m.sender_id <> ?1 AND m.deleted_at IS NULL");
    s.bind(1, user);
    s.step();
    return static_cast<int>(s.int64(0));
}

// [search] ------------------------------------------------------------------------------------------
std::vector<core::Message> SqliteMessaging::search_messages(core::UserId user, const std::vector<std::string>& terms,
                                                            int limit) {
    if (limit <= 0 || terms.empty()) return {};
    auto& s = c_.sql("SELECT " TELEMED_MESSAGE_COLUMNS("m.")
                     " FROM messages_fts f JOIN messages m ON m.id = f.rowid"
                     " WHERE messages_fts MATCH ?1 AND m.deleted_at IS NULL ORDER BY f.rowid DESC LIMIT ?2");
    s.bind(1, fts_query(user, terms)).bind(2, std::int64_t{limit});
    return read_messages(s);
}

#undef TELEMED_MESSAGE_COLUMNS
#undef TELEMED_CONVERSATION_COLUMNS

}  // namespace server
