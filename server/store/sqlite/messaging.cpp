// SQLite's messaging: conversations, numbered messages, receipts, the audit and full-text search
// (rules: core/messaging/repository.h), and their tables (schema v7).
//
// and its attachments (schema v8); unread counts kept by triggers (v11); revisions for "changed since" (v12).
//
// Index: [schema] [mapping] [conversations] [messages] [receipts] [search] [attachments]
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

// Schema v11: unread counts kept, not counted. Counting a person's unread messages on every message
// sent read every unread row (and its table row, for sender and tombstone): the cost grew with the
// backlog. `conversation_receipts.unread` is now kept by triggers as `ledger_balances` is (v6): a new
// message from the other member adds one for a member who has not read that far; a message deleted
// while unread takes one away; moving read_upto recounts the messages after it (usually none). The
// partial index makes a person's total a sum over their conversations with something unread.
// Shipped: never edit.
std::string_view schema::messaging_v11() {
    return R"sql(
ALTER TABLE conversation_receipts ADD COLUMN unread INTEGER NOT NULL DEFAULT 0 CHECK (unread >= 0);
UPDATE conversation_receipts SET unread = (
    SELECT COUNT(*) FROM messages m
    WHERE m.conversation_id = conversation_receipts.conversation_id
      AND m.sender_id <> conversation_receipts.user_id
      AND m.deleted_at IS NULL
      AND m.number > conversation_receipts.read_upto);
CREATE INDEX conversation_receipts_unread_by_user ON conversation_receipts (user_id, unread) WHERE unread > 0;
CREATE TRIGGER messages_count_unread AFTER INSERT ON messages
BEGIN
    UPDATE conversation_receipts SET unread = unread + 1
    WHERE conversation_id = NEW.conversation_id AND user_id <> NEW.sender_id AND read_upto < NEW.number;
END;
CREATE TRIGGER messages_uncount_deleted AFTER UPDATE OF deleted_at ON messages
WHEN OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL
BEGIN
    UPDATE conversation_receipts SET unread = unread - 1
    WHERE conversation_id = NEW.conversation_id AND user_id <> NEW.sender_id AND read_upto < NEW.number;
END;
CREATE TRIGGER conversation_receipts_recount AFTER UPDATE OF read_upto ON conversation_receipts
WHEN NEW.read_upto <> OLD.read_upto
BEGIN
    UPDATE conversation_receipts SET unread = (
        SELECT COUNT(*) FROM messages m
        WHERE m.conversation_id = NEW.conversation_id AND m.sender_id <> NEW.user_id
          AND m.deleted_at IS NULL AND m.number > NEW.read_upto)
    WHERE conversation_id = NEW.conversation_id AND user_id = NEW.user_id;
END;
)sql";
}

// Schema v8: message attachments. A file's bytes are BLOB chunks in this same file, like call
// recordings (a backup of the database is a backup of the attachments). An upload (status uploading)
// belongs to no message yet; send_message checks it and attaches it (status attached, message_id set),
// and from then on it is kept as its message is (a trigger refuses deleting it). An upload never
// attached is deleted with its chunks by the sweep. Every opening through a signed link is logged in
// message_attachment_accesses, once per link. Shipped: never edit.
std::string_view schema::messaging_v8() {
    return R"sql(
CREATE TABLE message_attachments (
    id              INTEGER PRIMARY KEY,
    conversation_id INTEGER NOT NULL REFERENCES conversations (id),
    uploader_id     INTEGER NOT NULL REFERENCES users (id),
    name            TEXT    NOT NULL,
    declared_bytes  INTEGER NOT NULL CHECK (declared_bytes > 0),
    bytes           INTEGER NOT NULL DEFAULT 0 CHECK (bytes >= 0),
    chunks          INTEGER NOT NULL DEFAULT 0 CHECK (chunks >= 0),
    status          TEXT    NOT NULL CHECK (status IN ('uploading', 'attached')),
    kind            TEXT    CHECK (kind IN ('jpeg', 'png', 'webp', 'pdf')),  -- set when attached
    message_id      INTEGER REFERENCES messages (id),
    created_at      INTEGER NOT NULL,
    last_chunk_at   INTEGER NOT NULL,
    CHECK ((status = 'attached') = (message_id IS NOT NULL AND kind IS NOT NULL))
);
CREATE UNIQUE INDEX message_attachments_by_message ON message_attachments (message_id) WHERE message_id IS NOT NULL;
CREATE INDEX message_attachments_uploading ON message_attachments (last_chunk_at) WHERE status = 'uploading';
CREATE TRIGGER message_attachments_kept BEFORE DELETE ON message_attachments WHEN OLD.status = 'attached'
BEGIN
    SELECT RAISE(ABORT, 'attachments are kept with their message');
END;

CREATE TABLE message_attachment_chunks (
    attachment_id INTEGER NOT NULL REFERENCES message_attachments (id),
    seq           INTEGER NOT NULL CHECK (seq >= 0),
    offset_bytes  INTEGER NOT NULL CHECK (offset_bytes >= 0),
    data          BLOB    NOT NULL,
    PRIMARY KEY (attachment_id, seq)
) WITHOUT ROWID;

CREATE TABLE message_attachment_accesses (
    id            INTEGER PRIMARY KEY,
    attachment_id INTEGER NOT NULL REFERENCES message_attachments (id),
    user_id       INTEGER NOT NULL REFERENCES users (id),
    at            INTEGER NOT NULL,
    token_id      TEXT    NOT NULL
);
CREATE INDEX message_attachment_accesses_by_attachment ON message_attachment_accesses (attachment_id, id);
CREATE UNIQUE INDEX message_attachment_accesses_by_token ON message_attachment_accesses (token_id) WHERE token_id <> '';
)sql";
}

// Schema v12: revisions. A conversation counts every change to its messages (sent, edited, deleted) in
// last_revision; the message changed carries the count as its revision, so a client coming back asks
// for the messages whose revision is above the last it knew (an edit or a deletion made while it was
// away) through the index. A message from before v12 gets its number as its revision, and its
// conversation its last_number: increasing and unique per conversation as the rule wants; a client
// that read such a thread before the upgrade loads it again after the server restart anyway.
// Shipped: never edit.
std::string_view schema::messaging_v12() {
    return R"sql(
ALTER TABLE conversations ADD COLUMN last_revision INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
UPDATE messages SET revision = number;
UPDATE conversations SET last_revision = last_number;
CREATE INDEX messages_by_revision ON messages (conversation_id, revision);
)sql";
}

namespace {

// [mapping] -----------------------------------------------------------------------------------------
#define TELEMED_CONVERSATION_COLUMNS "id, patient_id, doctor_id, created_at, last_number, last_message_at, last_revision"

core::Conversation read_conversation(const sqlite::Statement& s) {
    core::Conversation c;
    c.id = s.int64(0);
    c.patient_id = s.int64(1);
    c.doctor_id = s.int64(2);
    c.created_at = instant(s.int64(3));
    c.last_number = s.int64(4);
    c.last_message_at = optional_instant(s, 5);
    c.last_revision = s.int64(6);
    return c;
}

#define TELEMED_MESSAGE_COLUMNS(p)                                                                            \
    p "id, " p "conversation_id, " p "number, " p "sender_id, " p "client_message_id, " p "text, " p \
      "appointment_id, " p "created_at, " p "edited_at, " p "deleted_at, " p "revision"

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
    m.revision = s.int64(10);
    return m;
}

#define TELEMED_ATTACHMENT_COLUMNS                                                                         \
    "id, conversation_id, uploader_id, name, declared_bytes, bytes, chunks, status, kind, message_id, created_at," \
    " last_chunk_at"

core::Attachment read_attachment(const sqlite::Statement& s) {
    core::Attachment a;
    a.id = s.int64(0);
    a.conversation_id = s.int64(1);
    a.uploader_id = s.int64(2);
    a.name = s.text(3);
    a.declared_bytes = s.int64(4);
    a.bytes = s.int64(5);
    a.chunks = s.int64(6);
    a.status = enum_column<core::AttachmentStatus>(s, 7);
    if (a.status == core::AttachmentStatus::attached) a.kind = enum_column<core::AttachmentKind>(s, 8);
    a.message_id = s.optional_int64(9);
    a.created_at = instant(s.int64(10));
    a.last_chunk_at = instant(s.int64(11));
    return a;
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
        "UPDATE conversations SET last_number = last_number + 1, last_revision = last_revision + 1,"
        " last_message_at = ?2 WHERE id = ?1 RETURNING last_number, last_revision");
    bump.bind(1, message.conversation_id).bind(2, ms(message.created_at));
    if (!bump.step()) throw std::logic_error("insert_message: no such conversation");
    core::Message stored = message;
    stored.number = bump.int64(0);
    stored.revision = bump.int64(1);
    bump.reset();

    auto& s = c_.sql(
        "INSERT INTO messages (conversation_id, number, sender_id, client_message_id, text, appointment_id,"
        " created_at, edited_at, deleted_at, revision) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
    s.bind(1, stored.conversation_id)
        .bind(2, stored.number)
        .bind(3, stored.sender_id)
        .bind(4, std::string_view(stored.client_message_id))
        .bind(5, std::string_view(stored.text))
        .bind(6, stored.appointment_id)
        .bind(7, ms(stored.created_at))
        .bind(8, optional_ms(stored.edited_at))
        .bind(9, optional_ms(stored.deleted_at))
        .bind(10, stored.revision);
    run_unique(s, "messages.client_message_id");
    stored.id = c_.db.last_insert_rowid();
    return stored;
}

std::optional<core::Message> SqliteMessaging::find_message(core::MessageId id) {
    auto& s = c_.sql("SELECT " TELEMED_MESSAGE_COLUMNS("") " FROM messages WHERE id = ?1");
    s.bind(1, id);
    if (!s.step()) return std::nullopt;
    core::Message m = read_message(s);
    s.reset();
    fill_attachment(m);
    return m;
}

std::optional<core::Message> SqliteMessaging::find_message_by_client_id(core::ConversationId conversation,
                                                                         core::UserId sender,
                                                                         std::string_view client_message_id) {
    auto& s = c_.sql("SELECT " TELEMED_MESSAGE_COLUMNS("")
                     " FROM messages WHERE conversation_id = ?1 AND sender_id = ?2 AND client_message_id = ?3");
    s.bind(1, conversation).bind(2, sender).bind(3, client_message_id);
    if (!s.step()) return std::nullopt;
    core::Message m = read_message(s);
    s.reset();
    fill_attachment(m);
    return m;
}

std::vector<core::Message> SqliteMessaging::messages_before(core::ConversationId conversation, std::int64_t before,
                                                            int limit) {
    if (limit <= 0) return {};
    // The newest `limit` below `before`, turned back to ascending order.
    auto& s = c_.sql("SELECT * FROM (SELECT " TELEMED_MESSAGE_COLUMNS("")
                     " FROM messages WHERE conversation_id = ?1 AND number < ?2 ORDER BY number DESC LIMIT ?3)"
                     " ORDER BY number");
    s.bind(1, conversation).bind(2, before).bind(3, std::int64_t{limit});
    return read_messages_filled(s);
}

std::vector<core::Message> SqliteMessaging::messages_after(core::ConversationId conversation, std::int64_t after,
                                                           int limit) {
    if (limit <= 0) return {};
    auto& s = c_.sql("SELECT " TELEMED_MESSAGE_COLUMNS("")
                     " FROM messages WHERE conversation_id = ?1 AND number > ?2 ORDER BY number LIMIT ?3");
    s.bind(1, conversation).bind(2, after).bind(3, std::int64_t{limit});
    return read_messages_filled(s);
}

std::vector<core::Message> SqliteMessaging::messages_changed_since(core::ConversationId conversation,
                                                                   std::int64_t up_to, std::int64_t since, int limit) {
    if (limit <= 0) return {};
    auto& s = c_.sql("SELECT " TELEMED_MESSAGE_COLUMNS("")
                     " FROM messages WHERE conversation_id = ?1 AND revision > ?2 AND number <= ?3"
                     " ORDER BY revision LIMIT ?4");
    s.bind(1, conversation).bind(2, since).bind(3, up_to).bind(4, std::int64_t{limit});
    return read_messages_filled(s);
}

std::int64_t SqliteMessaging::next_revision(core::ConversationId conversation) {
    auto& s = c_.sql("UPDATE conversations SET last_revision = last_revision + 1 WHERE id = ?1 RETURNING last_revision");
    s.bind(1, conversation);
    if (!s.step()) throw std::logic_error("next_revision: no such conversation");
    const std::int64_t revision = s.int64(0);
    s.reset();
    return revision;
}

void SqliteMessaging::edit_message(core::MessageId id, std::string_view text, core::UserId actor, core::Instant at) {
    const auto before = find_message(id);
    if (!before) return;
    insert_audit(c_, id, core::MessageAuditAction::edited, before->text, actor, at);
    c_.sql("UPDATE messages SET text = ?2, edited_at = ?3, revision = ?4 WHERE id = ?1")
        .bind(1, id)
        .bind(2, text)
        .bind(3, ms(at))
        .bind(4, next_revision(before->conversation_id))
        .run();
}

void SqliteMessaging::delete_message(core::MessageId id, core::UserId actor, core::Instant at) {
    const auto before = find_message(id);
    if (!before) return;
    insert_audit(c_, id, core::MessageAuditAction::deleted, before->text, actor, at);
    c_.sql("UPDATE messages SET text = '', deleted_at = ?2, revision = ?3 WHERE id = ?1")
        .bind(1, id)
        .bind(2, ms(at))
        .bind(3, next_revision(before->conversation_id))
        .run();
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
    // Kept by the v11 triggers.
    auto& s = c_.sql("SELECT unread FROM conversation_receipts WHERE conversation_id = ?1 AND user_id = ?2");
    s.bind(1, conversation).bind(2, user);
    const int unread = s.step() ? static_cast<int>(s.int64(0)) : 0;
    s.reset();
    return unread;
}

int SqliteMessaging::unread_total(core::UserId user) {
    auto& s = c_.sql("SELECT COALESCE(SUM(unread), 0) FROM conversation_receipts WHERE user_id = ?1 AND unread > 0");
    s.bind(1, user);
    s.step();
    const int total = static_cast<int>(s.int64(0));
    s.reset();
    return total;
}

// [search] ------------------------------------------------------------------------------------------
std::vector<core::Message> SqliteMessaging::search_messages(core::UserId user, const std::vector<std::string>& terms,
                                                            int limit) {
    if (limit <= 0 || terms.empty()) return {};
    auto& s = c_.sql("SELECT " TELEMED_MESSAGE_COLUMNS("m.")
                     " FROM messages_fts f JOIN messages m ON m.id = f.rowid"
                     " WHERE messages_fts MATCH ?1 AND m.deleted_at IS NULL ORDER BY f.rowid DESC LIMIT ?2");
    s.bind(1, fts_query(user, terms)).bind(2, std::int64_t{limit});
    return read_messages_filled(s);
}

// [attachments] -------------------------------------------------------------------------------------
std::vector<core::Message> SqliteMessaging::read_messages_filled(sqlite::Statement& s) {
    std::vector<core::Message> out;
    while (s.step()) out.push_back(read_message(s));
    s.reset();
    for (core::Message& m : out) fill_attachment(m);
    return out;
}

void SqliteMessaging::fill_attachment(core::Message& m) {
    auto& s = c_.sql("SELECT id, kind, name, bytes FROM message_attachments WHERE message_id = ?1 AND status = 'attached'");
    s.bind(1, m.id);
    if (s.step()) m.attachment = core::AttachmentSummary{s.int64(0), enum_column<core::AttachmentKind>(s, 1), s.text(2), s.int64(3)};
    else m.attachment.reset();
    s.reset();
}

core::AttachmentId SqliteMessaging::insert_attachment(const core::Attachment& a) {
    auto& s = c_.sql(
        "INSERT INTO message_attachments (conversation_id, uploader_id, name, declared_bytes, bytes, chunks, status,"
        " kind, message_id, created_at, last_chunk_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
    s.bind(1, a.conversation_id)
        .bind(2, a.uploader_id)
        .bind(3, std::string_view(a.name))
        .bind(4, a.declared_bytes)
        .bind(5, a.bytes)
        .bind(6, a.chunks)
        .bind(7, core::to_string(a.status));
    if (a.status == core::AttachmentStatus::attached) s.bind(8, core::to_string(a.kind));
    else s.bind(8, std::optional<std::int64_t>());
    s.bind(9, a.message_id).bind(10, ms(a.created_at)).bind(11, ms(a.last_chunk_at)).run();
    return c_.db.last_insert_rowid();
}

std::optional<core::Attachment> SqliteMessaging::find_attachment(core::AttachmentId id) {
    auto& s = c_.sql("SELECT " TELEMED_ATTACHMENT_COLUMNS " FROM message_attachments WHERE id = ?1");
    s.bind(1, id);
    if (!s.step()) return std::nullopt;
    core::Attachment a = read_attachment(s);
    s.reset();
    return a;
}

void SqliteMessaging::update_attachment(const core::Attachment& a) {
    auto& s = c_.sql(
        "UPDATE message_attachments SET bytes = ?2, chunks = ?3, status = ?4, kind = ?5, message_id = ?6,"
        " last_chunk_at = ?7 WHERE id = ?1");
    s.bind(1, a.id).bind(2, a.bytes).bind(3, a.chunks).bind(4, core::to_string(a.status));
    if (a.status == core::AttachmentStatus::attached) s.bind(5, core::to_string(a.kind));
    else s.bind(5, std::optional<std::int64_t>());
    s.bind(6, a.message_id).bind(7, ms(a.last_chunk_at)).run();
}

void SqliteMessaging::insert_attachment_chunk(const core::AttachmentChunk& c) {
    auto& s = c_.sql(
        "INSERT INTO message_attachment_chunks (attachment_id, seq, offset_bytes, data) VALUES (?1, ?2, ?3, ?4)");
    s.bind(1, c.attachment_id).bind(2, c.seq).bind(3, c.offset).bind_blob(4, c.data);
    run_unique(s, "message_attachment_chunks.seq");
}

std::vector<core::AttachmentChunk> SqliteMessaging::attachment_chunks(core::AttachmentId id, std::int64_t from,
                                                                      std::int64_t to) {
    auto& s = c_.sql(
        "SELECT seq, offset_bytes, data FROM message_attachment_chunks WHERE attachment_id = ?1"
        " AND offset_bytes < ?3 AND offset_bytes + length(data) > ?2 ORDER BY seq");
    s.bind(1, id).bind(2, from).bind(3, to);
    std::vector<core::AttachmentChunk> out;
    while (s.step()) out.push_back({id, s.int64(0), s.int64(1), s.blob(2)});
    s.reset();
    return out;
}

void SqliteMessaging::delete_attachment_chunks(core::AttachmentId id) {
    c_.sql("DELETE FROM message_attachment_chunks WHERE attachment_id = ?1").bind(1, id).run();
}

void SqliteMessaging::delete_upload(core::AttachmentId id) {
    const auto a = find_attachment(id);
    if (!a || a->status != core::AttachmentStatus::uploading) return;
    delete_attachment_chunks(id);
    c_.sql("DELETE FROM message_attachment_accesses WHERE attachment_id = ?1").bind(1, id).run();
    c_.sql("DELETE FROM message_attachments WHERE id = ?1 AND status = 'uploading'").bind(1, id).run();
}

std::vector<core::Attachment> SqliteMessaging::uploads_idle_since(core::Instant before) {
    auto& s = c_.sql("SELECT " TELEMED_ATTACHMENT_COLUMNS
                     " FROM message_attachments WHERE status = 'uploading' AND last_chunk_at < ?1 ORDER BY id");
    s.bind(1, ms(before));
    std::vector<core::Attachment> out;
    while (s.step()) out.push_back(read_attachment(s));
    s.reset();
    return out;
}

bool SqliteMessaging::insert_attachment_access(const core::AttachmentAccess& a) {
    c_.sql(
          "INSERT INTO message_attachment_accesses (attachment_id, user_id, at, token_id) VALUES (?1, ?2, ?3, ?4)"
          " ON CONFLICT DO NOTHING")
        .bind(1, a.attachment_id)
        .bind(2, a.user_id)
        .bind(3, ms(a.at))
        .bind(4, std::string_view(a.token_id))
        .run();
    return c_.db.changes() > 0;
}

std::vector<core::AttachmentAccess> SqliteMessaging::attachment_accesses(core::AttachmentId id) {
    auto& s = c_.sql(
        "SELECT id, user_id, at, token_id FROM message_attachment_accesses WHERE attachment_id = ?1 ORDER BY id");
    s.bind(1, id);
    std::vector<core::AttachmentAccess> out;
    while (s.step()) out.push_back({s.int64(0), id, s.int64(1), instant(s.int64(2)), s.text(3)});
    s.reset();
    return out;
}

#undef TELEMED_ATTACHMENT_COLUMNS
#undef TELEMED_MESSAGE_COLUMNS
#undef TELEMED_CONVERSATION_COLUMNS

}  // namespace server
