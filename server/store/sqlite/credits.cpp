// SQLite's credits: the append-only double-entry ledger and card purchases (rules:
// core/credits/repository.h), and their tables (the credits' part of schema v2).
#include <nlohmann/json.hpp>

#include "store/sqlite/repositories.h"
#include "store/sqlite/schema.h"

namespace server {

// [schema] ------------------------------------------------------------------------------------------
// The second part of schema v2 (after clinic.cpp's, before notifications.cpp's). Ledger entries and
// purchases are financial records, never deleted; the ledger is append-only (triggers refuse UPDATE
// and DELETE). Shipped: never edit.
std::string_view schema::credits_v2() {
    return R"sql(
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
)sql";
}

// Version 6: running totals kept beside the ledger, so reading one is a lookup, not a sum over every
// entry an account (or a patient's visits) ever had: each account's balance, and per patient the
// credits in the escrow accounts of their appointments ("escrow:<appointment id>"). Triggers keep them
// in the same transaction as the entry; the ledger stays the record (SUM(amount) per account always
// equals the balance). Shipped: never edit.
std::string_view schema::credits_v6() {
    return R"sql(
CREATE TABLE ledger_balances (
    account TEXT    PRIMARY KEY,
    balance INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO ledger_balances (account, balance) SELECT account, SUM(amount) FROM ledger_entries GROUP BY account;
CREATE TRIGGER ledger_entries_keep_balance AFTER INSERT ON ledger_entries
BEGIN
    INSERT INTO ledger_balances (account, balance) VALUES (NEW.account, NEW.amount)
        ON CONFLICT (account) DO UPDATE SET balance = balance + excluded.balance;
END;

CREATE TABLE ledger_escrow_by_patient (
    patient_id INTEGER PRIMARY KEY REFERENCES users (id),
    held       INTEGER NOT NULL
);
INSERT INTO ledger_escrow_by_patient (patient_id, held)
    SELECT a.patient_id, SUM(b.balance) FROM ledger_balances b JOIN appointments a ON b.account = 'escrow:' || a.id
    GROUP BY a.patient_id;
CREATE TRIGGER ledger_entries_keep_escrow_by_patient AFTER INSERT ON ledger_entries
WHEN NEW.account LIKE 'escrow:%'
BEGIN
    INSERT INTO ledger_escrow_by_patient (patient_id, held)
        SELECT patient_id, NEW.amount FROM appointments WHERE id = CAST(substr(NEW.account, 8) AS INTEGER)
        ON CONFLICT (patient_id) DO UPDATE SET held = held + excluded.held;
END;
)sql";
}

namespace {

// [mapping] -----------------------------------------------------------------------------------------
#define TELEMED_LEDGER_COLUMNS "id, posting_id, account, kind, amount, appointment_id, purchase_id, memo, at"

core::LedgerEntry read_ledger_entry(const sqlite::Statement& s) {
    core::LedgerEntry e;
    e.id = s.int64(0);
    e.posting_id = s.int64(1);
    e.account = s.text(2);
    e.kind = enum_column<core::LedgerKind>(s, 3);
    e.amount = s.int64(4);
    e.appointment_id = s.optional_int64(5);
    e.purchase_id = s.optional_int64(6);
    e.memo = s.text(7);
    e.at = instant(s.int64(8));
    return e;
}

#define TELEMED_PURCHASE_COLUMNS                                                                                \
    "id, user_id, idempotency_key, package_id, credits, amount_cents, currency, status, charge_id, card_brand," \
    " card_last4, decline_reason, created_at"

core::Purchase read_purchase(const sqlite::Statement& s) {
    core::Purchase p;
    p.id = s.int64(0);
    p.user_id = s.int64(1);
    p.idempotency_key = s.text(2);
    p.package_id = s.text(3);
    p.credits = static_cast<int>(s.int64(4));
    p.amount_cents = static_cast<int>(s.int64(5));
    p.currency = s.text(6);
    p.status = enum_column<core::PurchaseStatus>(s, 7);
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

}  // namespace

// [ledger] ------------------------------------------------------------------------------------------
std::int64_t SqliteCredits::post_ledger(const std::vector<core::LedgerEntry>& entries) {
    if (entries.empty()) throw std::logic_error("an empty ledger posting");
    std::int64_t sum = 0;
    for (const auto& e : entries) sum += e.amount;
    if (sum != 0) throw std::logic_error("unbalanced ledger posting");
    // A posting is named by the id of its first entry: the next rowid, inside this write transaction.
    auto& next = c_.sql("SELECT COALESCE(MAX(id), 0) + 1 FROM ledger_entries");
    next.step();
    const std::int64_t posting = next.int64(0);
    bool first = true;
    for (const core::LedgerEntry& e : entries) {
        auto& s = c_.sql(
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

std::int64_t SqliteCredits::account_balance(std::string_view account) {
    auto& s = c_.sql("SELECT balance FROM ledger_balances WHERE account = ?1");
    s.bind(1, account);
    return s.step() ? s.int64(0) : 0;
}

std::int64_t SqliteCredits::escrow_held_for(core::UserId patient) {
    auto& s = c_.sql("SELECT held FROM ledger_escrow_by_patient WHERE patient_id = ?1");
    s.bind(1, patient);
    return s.step() ? s.int64(0) : 0;
}

std::vector<core::LedgerEntry> SqliteCredits::ledger_entries(const std::vector<std::string>& accounts,
                                                             int limit) {
    if (limit <= 0) return {};  // LIMIT -1 would mean "all" to SQLite
    // The accounts travel as one JSON array read back with json_each(): one cached statement for any
    // number of them.
    auto& s = c_.sql("SELECT " TELEMED_LEDGER_COLUMNS
                     " FROM ledger_entries"
                     " WHERE account IN (SELECT value FROM json_each(?1)) ORDER BY id DESC LIMIT ?2");
    s.bind(1, std::string_view(nlohmann::json(accounts).dump())).bind(2, std::int64_t{limit});
    std::vector<core::LedgerEntry> out;
    while (s.step()) out.push_back(read_ledger_entry(s));
    return out;
}

std::int64_t SqliteCredits::ledger_total() {
    auto& s = c_.sql("SELECT COALESCE(SUM(amount), 0) FROM ledger_entries");
    s.step();
    return s.int64(0);
}

// [purchases] ---------------------------------------------------------------------------------------
std::optional<core::Purchase> SqliteCredits::find_purchase(core::UserId user, std::string_view key) {
    auto& s = c_.sql("SELECT " TELEMED_PURCHASE_COLUMNS
                     " FROM purchases WHERE user_id = ?1 AND idempotency_key = ?2");
    s.bind(1, user).bind(2, key);
    return s.step() ? std::optional(read_purchase(s)) : std::nullopt;
}

core::PurchaseId SqliteCredits::insert_purchase(const core::Purchase& p) {
    auto& s = c_.sql(
        "INSERT INTO purchases (user_id, idempotency_key, package_id, credits, amount_cents, currency, status,"
        " charge_id, card_brand, card_last4, decline_reason, created_at)"
        " VALUES (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
    bind_purchase(s, p);
    run_unique(s, "purchases.idempotency_key");
    return c_.db.last_insert_rowid();
}

void SqliteCredits::update_purchase(const core::Purchase& p) {
    auto& s = c_.sql(
        "UPDATE purchases SET user_id = ?2, idempotency_key = ?3, package_id = ?4, credits = ?5, amount_cents = ?6,"
        " currency = ?7, status = ?8, charge_id = ?9, card_brand = ?10, card_last4 = ?11, decline_reason = ?12,"
        " created_at = ?13 WHERE id = ?1");
    s.bind(1, p.id);
    bind_purchase(s, p);
    run_unique(s, "purchases.idempotency_key");
}

#undef TELEMED_LEDGER_COLUMNS
#undef TELEMED_PURCHASE_COLUMNS

}  // namespace server
