// The accounts repository's contract (core/accounts/repository.h), on every store.
#include "stores.h"

using namespace core;
using store_test::at;

namespace {

NewUser pending_doctor(const std::string& email) {
    return NewUser{email,           "Ada",         Role::doctor,         AccountStatus::pending_verification,
                   "Europe/Berlin", "$argon2id$x", at(1'700'000'000'123)};
}

Session session(UserId user, std::string token_hash, std::int64_t created_ms) {
    return Session{0, user, std::move(token_hash), at(created_ms), at(created_ms), std::nullopt};
}

}  // namespace

STORE_TEST_CASE("[store] accounts: users, sessions, sign-in attempts", "[store][accounts]") {
    TestType fixture;
    Store& store = fixture.store;

    const UserId id = store
                          .transact([&](Transaction& tx) {
                              return tx.accounts().insert_user(pending_doctor("ada@example.test"));
                          })
                          .value;
    REQUIRE(id > 0);

    SECTION("users round-trip") {
        store.transact([&](Transaction& tx) {
            auto& r = tx.accounts();
            auto u = r.find_user_by_email("ada@example.test");
            REQUIRE(u);
            CHECK(u->id == id);
            CHECK(u->role == Role::doctor);
            CHECK(u->status == AccountStatus::pending_verification);
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
    SECTION("every field of a user is kept") {
        store.transact([&](Transaction& tx) {
            auto& r = tx.accounts();
            NewUser n;
            n.email = "zoe@example.test";
            n.display_name = "Zoë — 佐藤";
            n.role = Role::support;
            n.status = AccountStatus::suspended;
            n.time_zone = "Asia/Tokyo";
            n.password_hash = "$pbkdf2-sha256$z";
            n.created_at = at(1'700'000'000'999);
            const UserId zoe = r.insert_user(n);
            const auto u = r.find_user(zoe);
            REQUIRE(u);
            CHECK(u->email == n.email);
            CHECK(u->display_name == n.display_name);
            CHECK(u->role == Role::support);
            CHECK(u->status == AccountStatus::suspended);
            CHECK(u->time_zone == "Asia/Tokyo");
            CHECK(u->password_hash == "$pbkdf2-sha256$z");
            CHECK(u->created_at == n.created_at);
            CHECK(u->password_changed_at == n.created_at);
            CHECK(r.find_user_by_email("zoe@example.test")->id == zoe);
            CHECK_FALSE(
                r.find_user_by_email("ZOE@example.test"));  // e-mails are stored normalized: no folding
        });
    }
    SECTION("profile, e-mail and a deleted account's erasure") {
        const UserId other = store.transact([&](Transaction& tx) {
                                      return tx.accounts().insert_user(pending_doctor("bea@example.test"));
                                  }).value;
        store.transact([&](Transaction& tx) {
            auto& r = tx.accounts();
            CHECK(r.find_user(id)->country.empty());  // not given until the person says
            CHECK(r.find_user(id)->language == "en");
            CHECK_FALSE(r.find_user(id)->deleted_at);
            r.update_profile(id, {"Ada Lovelace — 艾达", "America/Sao_Paulo", "BR", "pt"});
            auto u = r.find_user(id);
            CHECK(u->display_name == "Ada Lovelace — 艾达");
            CHECK(u->time_zone == "America/Sao_Paulo");
            CHECK(u->country == "BR");
            CHECK(u->language == "pt");
            r.update_profile(id + 100, {"Nobody", "UTC", "", "en"});  // unknown id: nothing, no throw

            r.update_email(id, "ada.l@example.test");
            CHECK(r.find_user(id)->email == "ada.l@example.test");
            CHECK(r.find_user_by_email("ada.l@example.test")->id == id);
            CHECK_FALSE(r.find_user_by_email("ada@example.test"));
            r.update_email(id, "ada.l@example.test");  // its own address again: no violation
        });
        CHECK_THROWS_AS(store.transact([&](Transaction& tx) { tx.accounts().update_email(other, "ada.l@example.test"); }),
                        UniqueViolation);
        store.transact([&](Transaction& tx) {
            auto& r = tx.accounts();
            r.erase_personal_data(id, at(1'700'000'500'000));
            auto u = r.find_user(id);
            CHECK(u->email == deleted_account_email(id));
            CHECK(u->display_name == kDeletedAccountName);
            CHECK(u->password_hash.empty());
            CHECK(u->country.empty());
            CHECK(u->deleted_at == at(1'700'000'500'000));
            CHECK(u->role == Role::doctor);            // the records that refer to the account stay readable
            CHECK(u->time_zone == "America/Sao_Paulo");
            CHECK_FALSE(r.find_user_by_email("ada.l@example.test"));
            CHECK(r.find_user(other)->email == "bea@example.test");
        });
        // The erased address is free again for a new account.
        CHECK(store.transact([&](Transaction& tx) { return tx.accounts().insert_user(pending_doctor("ada.l@example.test")); }).value > 0);
    }
    SECTION("user status") {
        store.transact([&](Transaction& tx) {
            auto& r = tx.accounts();
            r.set_user_status(id, AccountStatus::pending_verification);
            CHECK(r.find_user(id)->status == AccountStatus::pending_verification);
            r.set_user_status(id, AccountStatus::suspended);
            CHECK(r.find_user(id)->status == AccountStatus::suspended);
        });
    }
    SECTION("ids are positive and increase; list_users and count_users") {
        store.transact([&](Transaction& tx) {
            auto& r = tx.accounts();
            const UserId b = r.insert_user(pending_doctor("b@example.test"));
            const UserId c = r.insert_user(pending_doctor("c@example.test"));
            CHECK(b > id);
            CHECK(c > b);
            const auto all = r.list_users();
            REQUIRE(all.size() == 3);
            CHECK(all[0].id == id);  // by id
            CHECK(all[1].id == b);
            CHECK(all[2].id == c);
            CHECK(r.count_users() == 3);
        });
    }
    SECTION("a taken e-mail throws UniqueViolation and the transaction rolls back") {
        CHECK_THROWS_AS(store.transact([&](Transaction& tx) {
            tx.accounts().insert_user(pending_doctor("other@example.test"));
            tx.accounts().insert_user(pending_doctor("ada@example.test"));
        }),
                        UniqueViolation);
        store.transact([&](Transaction& tx) {
            CHECK(tx.accounts().count_users() == 1);
            CHECK_FALSE(tx.accounts().find_user_by_email("other@example.test"));
        });
    }
    SECTION("updates of an unknown user change nothing and do not throw") {
        store.transact([&](Transaction& tx) {
            auto& r = tx.accounts();
            CHECK_NOTHROW(r.update_password(id + 100, "$argon2id$z", at(1'700'000'200'000)));
            CHECK_NOTHROW(r.set_user_status(id + 100, AccountStatus::suspended));
            CHECK(r.count_users() == 1);
            CHECK_FALSE(r.find_user(id + 100));
            CHECK(r.find_user(id)->password_hash == "$argon2id$x");
            CHECK(r.find_user(id)->status == AccountStatus::pending_verification);
        });
    }
    SECTION("sessions") {
        store.transact([&](Transaction& tx) {
            auto& r = tx.accounts();
            Session s{0, id, "hash-1", at(1000), at(1000), std::nullopt};
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
    SECTION("a session keeps every field; ids are positive and increase") {
        store.transact([&](Transaction& tx) {
            auto& r = tx.accounts();
            Session s{0, id, "hash-x", at(1000), at(1500), at(2000)};
            const SessionId first = r.insert_session(s);
            const SessionId second = r.insert_session(session(id, "hash-y", 3000));
            CHECK(first > 0);
            CHECK(second > first);
            const auto found = r.find_session(first);
            REQUIRE(found);
            CHECK(found->id == first);
            CHECK(found->user_id == id);
            CHECK(found->token_hash == "hash-x");
            CHECK(found->created_at == at(1000));
            CHECK(found->last_seen_at == at(1500));
            CHECK(found->revoked_at == at(2000));  // inserted revoked: not live
            CHECK_FALSE(r.find_session(second + 100));
            REQUIRE(r.live_sessions_of(id).size() == 1);
            CHECK(r.live_sessions_of(id)[0].id == second);
        });
    }
    SECTION("a token hash names one session: UniqueViolation") {
        CHECK_THROWS_AS(store.transact([&](Transaction& tx) {
            tx.accounts().insert_session(session(id, "same", 1000));
            tx.accounts().insert_session(session(id, "same", 2000));
        }),
                        UniqueViolation);
        store.transact(
            [&](Transaction& tx) { CHECK_FALSE(tx.accounts().find_session_by_token_hash("same")); });
    }
    SECTION("touch and revoke of an unknown session change nothing and do not throw") {
        store.transact([&](Transaction& tx) {
            auto& r = tx.accounts();
            const SessionId s = r.insert_session(session(id, "hash-1", 1000));
            CHECK_NOTHROW(r.touch_session(s + 100, at(9000)));
            CHECK_NOTHROW(r.revoke_session(s + 100, at(9000)));
            CHECK_FALSE(r.find_session(s + 100));
            CHECK(r.find_session(s)->last_seen_at == at(1000));
            CHECK_FALSE(r.find_session(s)->revoked_at);
        });
    }
    SECTION("a revoked session is neither live nor stale") {
        store.transact([&](Transaction& tx) {
            auto& r = tx.accounts();
            const SessionId s = r.insert_session(session(id, "hash-1", 1000));
            r.revoke_session(s, at(2000));
            CHECK(r.live_sessions_of(id).empty());
            CHECK(r.stale_sessions(at(100'000), at(100'000)).empty());
        });
    }
    SECTION("live and stale sessions come by id, only the user's, cutoffs exclusive") {
        store.transact([&](Transaction& tx) {
            auto& r = tx.accounts();
            const UserId other = r.insert_user(pending_doctor("other@example.test"));
            // Created out of time order: the lists still come by id.
            const SessionId a = r.insert_session(session(id, "a", 5000));
            const SessionId b = r.insert_session(session(other, "b", 1000));
            const SessionId c = r.insert_session(session(id, "c", 1000));
            const auto live = r.live_sessions_of(id);
            REQUIRE(live.size() == 2);
            CHECK(live[0].id == a);
            CHECK(live[1].id == c);
            const auto stale = r.stale_sessions(at(6000), at(0));
            REQUIRE(stale.size() == 3);
            CHECK(stale[0].id == a);
            CHECK(stale[1].id == b);
            CHECK(stale[2].id == c);
            CHECK(r.stale_sessions(at(1000), at(1000)).empty());  // strictly before either cutoff
            CHECK(r.stale_sessions(at(1001), at(0)).size() == 2);
        });
    }
    SECTION("sign-in attempts") {
        store.transact([&](Transaction& tx) {
            auto& r = tx.accounts();
            r.record_sign_in_attempt("ada@example.test", at(100), false);
            r.record_sign_in_attempt("ada@example.test", at(200), true);
            r.record_sign_in_attempt("ada@example.test", at(300), false);
            r.record_sign_in_attempt("bob@example.test", at(300), false);
            CHECK(r.failed_sign_ins_since("ada@example.test", at(0)) == std::vector{at(100), at(300)});
            CHECK(r.failed_sign_ins_since("ada@example.test", at(300)) == std::vector{at(300)});
            CHECK(r.failed_sign_ins_since("nobody@example.test", at(0)).empty());
        });
    }
    SECTION("an attempt recorded as failed can be settled as succeeded; old attempts are pruned") {
        store.transact([&](Transaction& tx) {
            auto& r = tx.accounts();
            const auto first = r.record_sign_in_attempt("ada@example.test", at(100), false);
            const auto second = r.record_sign_in_attempt("ada@example.test", at(200), false);
            const auto third = r.record_sign_in_attempt("bob@example.test", at(300), false);
            CHECK(first > 0);
            CHECK(second > first);
            CHECK(third > second);
            r.mark_sign_in_succeeded(second);
            r.mark_sign_in_succeeded(987654);  // unknown: nothing changes
            CHECK(r.failed_sign_ins_since("ada@example.test", at(0)) == std::vector{at(100)});
            CHECK(r.prune_sign_in_attempts(at(100)) == 0);  // strictly before
            CHECK(r.prune_sign_in_attempts(at(250)) == 2);  // both of ada's, succeeded or not
            CHECK(r.failed_sign_ins_since("ada@example.test", at(0)).empty());
            CHECK(r.failed_sign_ins_since("bob@example.test", at(0)) == std::vector{at(300)});
        });
    }
    SECTION("failed sign-ins come oldest first, whatever order they were recorded in") {
        store.transact([&](Transaction& tx) {
            auto& r = tx.accounts();
            r.record_sign_in_attempt("ada@example.test", at(500), false);
            r.record_sign_in_attempt("ada@example.test", at(100), false);
            r.record_sign_in_attempt("ada@example.test", at(300), false);
            r.record_sign_in_attempt("ada@example.test", at(300), false);
            CHECK(r.failed_sign_ins_since("ada@example.test", at(0)) ==
                  std::vector{at(100), at(300), at(300), at(500)});
            CHECK(r.failed_sign_ins_since("ada@example.test", at(301)) == std::vector{at(500)});
        });
    }
}
