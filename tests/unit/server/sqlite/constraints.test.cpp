// What only the SQLite file itself enforces, below the repositories: foreign keys (an orphan row is
// refused even if a service forgot to check) and the append-only ledger (triggers refuse UPDATE and
// DELETE, whoever connects). MemoryStore checks neither; the contract suite never writes such rows.
#include <catch2/catch.hpp>

#include "../../../support/temp_dir.h"
#include "store/sqlite/store.h"

using namespace core;
using test_support::TempDir;

namespace {

Instant at(std::int64_t ms) {
    return from_unix_ms(ms);
}

LedgerEntry entry(std::string account, std::int64_t amount) {
    LedgerEntry e;
    e.account = std::move(account);
    e.kind = LedgerKind::grant;
    e.amount = amount;
    e.memo = "memo";
    e.at = at(1'790'000'000'000);
    return e;
}

UserId add_user(server::SqliteStore& store, const char* email) {
    return store
        .transact([&](Transaction& tx) {
            return tx.accounts().insert_user(
                {email, email, Role::patient, AccountStatus::active, "UTC", "$x", at(1)});
        })
        .value;
}

}  // namespace

TEST_CASE("[server] sqlite store: foreign keys and the append-only ledger", "[server][store]") {
    TempDir dir;
    const auto path = dir.file("telemed.db");
    server::SqliteStore store(path);
    const UserId id = add_user(store, "ada@example.test");

    SECTION("a session must belong to a user") {
        CHECK_THROWS(store.transact([&](Transaction& tx) {
            tx.accounts().insert_session(core::Session{0, id + 42, "orphan", at(1), at(1), std::nullopt});
        }));
    }
    SECTION("an appointment, a stretch in a call and a guest need their rows") {
        Appointment a;
        a.doctor_id = id + 42;  // nobody
        a.patient_id = id;
        CHECK_THROWS_AS(store.transact([&](Transaction& tx) { tx.clinic().insert_appointment(a); }),
                        server::sqlite::Error);
        a.doctor_id = id;
        const AppointmentId visit =
            store.transact([&](Transaction& tx) { return tx.clinic().insert_appointment(a); }).value;
        CHECK_THROWS_AS(store.transact([&](Transaction& tx) {
            tx.calls().insert_call_participation({0, visit + 1, id, at(1), std::nullopt});
        }),
                        server::sqlite::Error);
        CHECK_THROWS_AS(store.transact([&](Transaction& tx) {
            tx.calls().insert_call_message({0, visit, guest_user_id(99), "no such invitation", at(1)});
        }),
                        server::sqlite::Error);
        store.transact([&](Transaction& tx) { CHECK(tx.calls().call_messages(visit, 10).empty()); });
    }
    SECTION("the ledger is append-only in the database itself") {
        store.transact([&](Transaction& tx) {
            tx.credits().post_ledger({entry(kExternalPayments, -1), entry(wallet_account(id), 1)});
        });
        server::sqlite::Database db(path);
        CHECK_THROWS_WITH(db.exec("UPDATE ledger_entries SET amount = 100"), Catch::Contains("append-only"));
        CHECK_THROWS_WITH(db.exec("DELETE FROM ledger_entries"), Catch::Contains("append-only"));
    }
}
