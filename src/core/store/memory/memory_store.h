// An in-memory Store, for the offline demo (the page's own backend) and for tests. Each domain's
// repository lives in its own file beside this one (memory/<domain>.cpp); they all work on one
// MemoryData (memory/repositories.h).
//
// Threading: transactions are serialized by one mutex, so they are serializable by construction; a
// transaction never waits for another except on that mutex. A transaction started inside another on
// the same thread is refused with std::logic_error (it would deadlock on the mutex).
// Rollback: the data is copied at BEGIN and restored when the work throws. Recording chunk bytes are
// shared between copies (never changed once stored), so the copy stays cheap.
#pragma once
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "core/store/store.h"

namespace core {

struct MemoryData;

class MemoryStore final : public Store {
public:
    MemoryStore();
    ~MemoryStore() override;
    MemoryStore(const MemoryStore&) = delete;
    MemoryStore& operator=(const MemoryStore&) = delete;

protected:
    void run_attempt(const std::function<void(Transaction&)>& work) override;

private:
    std::mutex mutex_;
    std::atomic<std::thread::id> owner_{};  // the thread inside a transaction, to refuse nesting
    std::unique_ptr<MemoryData> data_;      // guarded by mutex_
};

}  // namespace core
