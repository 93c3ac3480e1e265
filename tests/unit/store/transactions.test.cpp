// What every store's transactions promise (core/store/store.h): the value and the effects come out
// only after COMMIT; an exception rolls back every change and drops the effects; a transaction inside
// a transaction is refused; a retried transaction runs its work again and keeps only the last
// attempt's effects.
#include <stdexcept>

#include "core/accounts/messages.h"
#include "stores.h"

using namespace core;
using store_test::new_user;

namespace {

// A MemoryStore whose first `losses` attempts lose a (pretend) serialization conflict: each runs the
// work in full, rolls back, and reports RetryTransaction, as PostgreSQL's store will.
class LosingStore final : public Store {
public:
    explicit LosingStore(int losses) : losses_(losses) {}
    int attempts = 0;

protected:
    void run_attempt(const std::function<void(Transaction&)>& work) override {
        ++attempts;
        if (attempts > losses_) {
            memory_.transact([&](Transaction& tx) { work(tx); });
            return;
        }
        struct Lost {};
        try {
            memory_.transact([&](Transaction& tx) {
                work(tx);
                throw Lost{};  // after the work: everything it did must be undone
            });
        } catch (const Lost&) {
            throw RetryTransaction("lost a serialization conflict (test)");
        }
    }

private:
    MemoryStore memory_;
    int losses_;
};

}  // namespace

STORE_TEST_CASE("[store] transactions: commit, rollback, nesting", "[store][transactions]") {
    TestType fixture;
    Store& store = fixture.store;
    store.transact([&](Transaction& tx) { tx.accounts().insert_user(new_user("ada@example.test")); });

    SECTION("transact returns the work's value and the effects it collected") {
        auto done = store.transact([&](Transaction& tx) {
            const UserId bob = tx.accounts().insert_user(new_user("bob@example.test"));
            tx.effects().to_user(bob, msg::SessionEnded{SessionEndReason::expired});
            tx.effects().sessions_to_close.push_back(7);
            tx.effects().users_changed.push_back(bob);
            return bob;
        });
        CHECK(done.value > 0);
        REQUIRE(done.effects.deliveries.size() == 1);
        CHECK(done.effects.deliveries[0].to.id == done.value);
        CHECK(done.effects.deliveries[0].event.name == "session.ended");
        CHECK(done.effects.sessions_to_close == std::vector<SessionId>{7});
        CHECK(done.effects.users_changed == std::vector<UserId>{done.value});
        store.transact([&](Transaction& tx) { CHECK(tx.accounts().find_user(done.value)); });
    }
    SECTION("the effects are appended to `out`, and a void work gives effects only") {
        Effects out;
        out.sessions_to_close.push_back(1);
        const std::int64_t users = store.transact(
            [&](Transaction& tx) {
                tx.effects().sessions_to_close.push_back(2);
                return tx.accounts().count_users();
            },
            out);
        CHECK(users == 1);
        CHECK(out.sessions_to_close == std::vector<SessionId>{1, 2});
        auto done = store.transact([&](Transaction& tx) { tx.effects().users_changed.push_back(3); });
        CHECK(done.effects.users_changed == std::vector<UserId>{3});
    }
    SECTION("any exception rolls back every change") {
        CHECK_THROWS_AS(store.transact([&](Transaction& tx) {
            tx.accounts().insert_user(new_user("b@example.test"));
            throw std::runtime_error("boom");
        }),
                        std::runtime_error);
        std::int64_t n = 0;
        store.transact([&](Transaction& tx) { n = tx.accounts().count_users(); });
        CHECK(n == 1);
    }
    SECTION("an exception leaves nothing behind in any domain, and no effects") {
        Effects out;
        CHECK_THROWS_WITH(store.transact(
                              [&](Transaction& tx) {
                                  const UserId bob = tx.accounts().insert_user(new_user("bob@example.test"));
                                  tx.accounts().record_sign_in_attempt("bob@example.test", store_test::at(1),
                                                                       false);
                                  tx.notifications().insert_notification(
                                      {0, bob, "k", "t", "b", std::nullopt, store_test::at(1), std::nullopt});
                                  tx.effects().to_user(bob, msg::SessionEnded{});
                                  tx.effects().sessions_to_close.push_back(9);
                                  throw std::runtime_error("boom");
                              },
                              out),
                          "boom");
        CHECK(out.empty());
        store.transact([&](Transaction& tx) {
            CHECK(tx.accounts().count_users() == 1);
            CHECK_FALSE(tx.accounts().find_user_by_email("bob@example.test"));
            CHECK(tx.accounts().failed_sign_ins_since("bob@example.test", store_test::at(0)).empty());
        });
    }
    SECTION("the store keeps working after a rollback, and ids stay increasing") {
        const UserId before = store
                                  .transact([&](Transaction& tx) {
                                      return tx.accounts().find_user_by_email("ada@example.test")->id;
                                  })
                                  .value;
        CHECK_THROWS(store.transact([&](Transaction& tx) {
            tx.accounts().insert_user(new_user("lost@example.test"));
            throw std::runtime_error("boom");
        }));
        const UserId after = store
                                 .transact([&](Transaction& tx) {
                                     return tx.accounts().insert_user(new_user("kept@example.test"));
                                 })
                                 .value;
        CHECK(after > before);
    }
    SECTION("nested transactions are refused, not deadlocked") {
        CHECK_THROWS_AS(store.transact([&](Transaction&) { store.transact([](Transaction&) {}); }),
                        std::logic_error);
    }
    SECTION("a refused nested transaction rolls the outer one back") {
        CHECK_THROWS_AS(store.transact([&](Transaction& tx) {
            tx.accounts().insert_user(new_user("outer@example.test"));
            store.transact([](Transaction&) {});
        }),
                        std::logic_error);
        store.transact(
            [&](Transaction& tx) { CHECK_FALSE(tx.accounts().find_user_by_email("outer@example.test")); });
    }
}

TEST_CASE("[store] transactions: a retried transaction runs again; only the last attempt counts",
          "[store][transactions]") {
    LosingStore store(1);
    int runs = 0;
    auto done = store.transact([&](Transaction& tx) {
        ++runs;
        tx.accounts().insert_user(
            new_user("ada@example.test"));  // a second insert would clash, were the first kept
        tx.effects().sessions_to_close.push_back(runs);
        return tx.accounts().count_users();
    });
    CHECK(runs == 2);
    CHECK(store.attempts == 2);
    CHECK(done.value == 1);
    CHECK(done.effects.sessions_to_close ==
          std::vector<SessionId>{2});  // the first attempt's effects are gone
}

TEST_CASE("[store] transactions: retries stop after kMaxAttempts", "[store][transactions]") {
    LosingStore store(Store::kMaxAttempts);
    Effects out;
    CHECK_THROWS_AS(
        store.transact([&](Transaction& tx) { tx.effects().sessions_to_close.push_back(1); }, out),
        RetryTransaction);
    CHECK(store.attempts == Store::kMaxAttempts);
    CHECK(out.empty());
}
