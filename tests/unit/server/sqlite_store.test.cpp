#include <catch2/catch.hpp>

#include <filesystem>
#include <stdexcept>

#include <unistd.h>

#include "store/migrations.h"
#include "store/sqlite_store.h"

namespace fs = std::filesystem;

namespace {

// A fresh directory per test, removed at the end.
struct TempDir {
    fs::path path;
    TempDir() {
        char pattern[] = "/tmp/telemed-sqlite-test-XXXXXX";
        if (!mkdtemp(pattern)) throw std::runtime_error("mkdtemp failed");
        path = pattern;
    }
    ~TempDir() {
        std::error_code ignored;
        fs::remove_all(path, ignored);
    }
    std::string file(const char* name) const { return (path / name).string(); }
};

core::Instant at(std::int64_t ms) { return core::from_unix_ms(ms); }

core::NewUser new_user(const std::string& email) {
    return core::NewUser{email, "Ada", core::Role::doctor, core::AccountStatus::pending_verification,
                         "Europe/Berlin", "$argon2id$x", at(1'700'000'000'123)};
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
            store.transact([](core::Repository& r) { r.insert_user(new_user("a@example.test")); });
        }
        server::SqliteStore again(path);
        CHECK(again.schema_version() == server::schema_migrations().back().version);
        std::int64_t users = 0;
        again.transact([&](core::Repository& r) { users = r.count_users(); });
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
    const server::Migration good[] = {{1, "t", "CREATE TABLE t (x INTEGER)"}, {2, "u", "CREATE TABLE u (y INTEGER)"}};
    CHECK(server::apply_migrations(db, good) == 2);
    CHECK(server::schema_version(db) == 2);

    const server::Migration broken[] = {good[0], good[1], {3, "v", "CREATE TABLE v (z INTEGER); SELECT nonsense FROM nowhere"}};
    CHECK_THROWS(server::apply_migrations(db, broken));
    CHECK(server::schema_version(db) == 2);
    auto v = db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'v'");
    v.step();
    CHECK(v.int64(0) == 0);  // the half-done migration was rolled back
}

TEST_CASE("[server] sqlite store: repository", "[server][store]") {
    TempDir dir;
    server::SqliteStore store(dir.file("telemed.db"));

    core::UserId id = 0;
    store.transact([&](core::Repository& r) { id = r.insert_user(new_user("ada@example.test")); });
    REQUIRE(id > 0);

    SECTION("users round-trip") {
        store.transact([&](core::Repository& r) {
            auto u = r.find_user_by_email("ada@example.test");
            REQUIRE(u);
            CHECK(u->id == id);
            CHECK(u->role == core::Role::doctor);
            CHECK(u->status == core::AccountStatus::pending_verification);
            CHECK(u->time_zone == "Europe/Berlin");
            CHECK(u->created_at == at(1'700'000'000'123));
            CHECK(u->password_changed_at == u->created_at);
            r.update_password(id, "$argon2id$y", at(1'700'000'100'000));
            CHECK(r.find_user(id)->password_hash == "$argon2id$y");
            CHECK(r.find_user(id)->password_changed_at == at(1'700'000'100'000));
            CHECK_FALSE(r.find_user(id + 100));
            CHECK(r.list_users().size() == 1);
        });
    }
    SECTION("a taken e-mail throws UniqueViolation and the transaction rolls back") {
        CHECK_THROWS_AS(store.transact([&](core::Repository& r) {
                            r.insert_user(new_user("other@example.test"));
                            r.insert_user(new_user("ada@example.test"));
                        }),
                        core::UniqueViolation);
        store.transact([&](core::Repository& r) {
            CHECK(r.count_users() == 1);
            CHECK_FALSE(r.find_user_by_email("other@example.test"));
        });
    }
    SECTION("any exception rolls back every change") {
        CHECK_THROWS_AS(store.transact([&](core::Repository& r) {
                            r.insert_user(new_user("b@example.test"));
                            throw std::runtime_error("boom");
                        }),
                        std::runtime_error);
        std::int64_t n = 0;
        store.transact([&](core::Repository& r) { n = r.count_users(); });
        CHECK(n == 1);
    }
    SECTION("nested transactions are refused, not deadlocked") {
        CHECK_THROWS_AS(store.transact([&](core::Repository&) { store.transact([](core::Repository&) {}); }),
                        std::logic_error);
    }
    SECTION("sessions") {
        store.transact([&](core::Repository& r) {
            core::Session s{0, id, "hash-1", at(1000), at(1000), std::nullopt};
            const auto s1 = r.insert_session(s);
            s.token_hash = "hash-2";
            s.created_at = at(5000);
            s.last_seen_at = at(5000);
            const auto s2 = r.insert_session(s);
            CHECK(r.find_session_by_token_hash("hash-2")->id == s2);
            CHECK_FALSE(r.find_session_by_token_hash("nope"));

            r.touch_session(s1, at(3000));
            r.touch_session(s1, at(2000));  // never moves backwards
            CHECK(r.find_session(s1)->last_seen_at == at(3000));

            auto stale = r.stale_sessions(at(4000), at(0));
            REQUIRE(stale.size() == 1);
            CHECK(stale[0].id == s1);
            CHECK(r.stale_sessions(at(0), at(2000)).size() == 1);  // by absolute age

            r.revoke_session(s1, at(6000));
            r.revoke_session(s1, at(7000));  // the first revocation stands
            CHECK(r.find_session(s1)->revoked_at == at(6000));
            CHECK(r.live_sessions_of(id).size() == 1);
            CHECK(r.stale_sessions(at(10'000), at(10'000)).size() == 1);
        });
    }
    SECTION("a session must belong to a user") {
        CHECK_THROWS(store.transact([&](core::Repository& r) {
            r.insert_session(core::Session{0, id + 42, "orphan", at(1), at(1), std::nullopt});
        }));
    }
    SECTION("sign-in attempts") {
        store.transact([&](core::Repository& r) {
            r.record_sign_in_attempt("ada@example.test", at(100), false);
            r.record_sign_in_attempt("ada@example.test", at(200), true);
            r.record_sign_in_attempt("ada@example.test", at(300), false);
            r.record_sign_in_attempt("bob@example.test", at(300), false);
            CHECK(r.failed_sign_ins_since("ada@example.test", at(0)) == std::vector{at(100), at(300)});
            CHECK(r.failed_sign_ins_since("ada@example.test", at(300)) == std::vector{at(300)});
            CHECK(r.failed_sign_ins_since("nobody@example.test", at(0)).empty());
        });
    }
}
