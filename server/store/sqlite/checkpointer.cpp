#include "store/sqlite/checkpointer.h"

#include <sqlite3.h>

namespace server {

Checkpointer::Checkpointer(const std::string& path) : db_(path), thread_([this] { run(); }) {}

Checkpointer::~Checkpointer() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
}

void Checkpointer::committed(int wal_pages) {
    if (wal_pages < kPagesBeforeCheckpoint) return;
    {
        std::lock_guard lock(mutex_);
        if (due_) return;
        due_ = true;
    }
    wake_.notify_one();
}

long long Checkpointer::checkpoints() const {
    std::lock_guard lock(mutex_);
    return checkpoints_;
}

void Checkpointer::run() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        wake_.wait_for(lock, kIdleInterval, [this] { return due_ || stopping_; });
        if (stopping_) break;
        due_ = false;
        lock.unlock();
        // PASSIVE never waits for the writer or readers; a busy or failed attempt is simply tried again
        // at the next wake-up, and the WAL keeps every commit meanwhile.
        const int rc = sqlite3_wal_checkpoint_v2(db_.handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
        lock.lock();
        if (rc == SQLITE_OK) ++checkpoints_;
    }
}

}  // namespace server
