// Group commit (server/store/sqlite/store.h): operations queued for the one connection share a COMMIT,
// each in its own savepoint. Many threads at once: every operation that returned is stored, every one
// that threw left nothing, and the numbers add up whatever batches formed.
#include <catch2/catch.hpp>

#include <atomic>
#include <stdexcept>
#include <thread>
#include <vector>

#include "../../../support/temp_dir.h"
#include "store/sqlite/store.h"

using namespace core;
using test_support::TempDir;

namespace {

struct Refused : std::runtime_error {
    Refused() : std::runtime_error("refused on purpose") {}
};

Notification note(UserId user, std::string kind) {
    Notification n;
    n.user_id = user;
    n.kind = std::move(kind);
    n.title = "t";
    n.body = "b";
    n.created_at = from_unix_ms(1'790'000'000'000);
    return n;
}

}  // namespace

TEST_CASE("[server] sqlite group commit: concurrent operations succeed or fail one by one", "[server][store]") {
    TempDir dir;
    server::SqliteStore store(dir.file("telemed.db"));
    const UserId user = store
                            .transact([&](Transaction& tx) {
                                return tx.accounts().insert_user({"g@example.test", "G", Role::patient,
                                                                  AccountStatus::active, "UTC", "$x",
                                                                  from_unix_ms(1)});
                            })
                            .value;

    constexpr int kThreads = 8, kEach = 60;
    std::atomic<int> stored{0}, refused{0}, wrong{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < kEach; ++i) {
                const bool refuse = (t * kEach + i) % 7 == 0;
                try {
                    const auto done = store.transact([&](Transaction& tx) {
                        // Two rows per operation: a batch must never keep half of one.
                        tx.notifications().insert_notification(note(user, "pair"));
                        tx.notifications().insert_notification(note(user, "pair"));
                        tx.effects().deliveries.push_back({Audience::user(user), protocol::Event{"test.stored", {}}});
                        if (refuse) throw Refused();
                        return tx.notifications().unread_notifications(user);
                    });
                    // What this operation saw includes its own two rows.
                    if (done.value < 2 || done.effects.deliveries.size() != 1) ++wrong;
                    ++stored;
                } catch (const Refused&) {
                    ++refused;
                }
            }
        });
    }
    for (auto& th : threads) th.join();

    CHECK(wrong == 0);
    CHECK(stored + refused == kThreads * kEach);
    CHECK(refused == (kThreads * kEach + 6) / 7);
    store.transact([&](Transaction& tx) {
        CHECK(tx.notifications().unread_notifications(user) == 2 * stored);
        // And the connection is usable after all of it: no batch left open.
        CHECK(tx.accounts().find_user(user));
    });
    CHECK(store.healthy());
}
