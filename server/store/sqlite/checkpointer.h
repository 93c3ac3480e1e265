// WAL checkpoints off the store's connection. SQLite by default checkpoints inside the COMMIT that
// pushes the WAL past 1,000 pages: that COMMIT then copies pages into the database file and waits for
// fsync while every other operation queues behind it. Here the store turns that off (wal_autocheckpoint
// = 0) and a thread with its own connection runs PASSIVE checkpoints instead — when the WAL has grown
// past kPagesBeforeCheckpoint, and at least every kIdleInterval — concurrently with the writer (WAL
// mode allows it). The WAL still restarts from its beginning once a checkpoint has copied all of it.
#pragma once
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "store/sqlite/database.h"

namespace server {

class Checkpointer {
public:
    static constexpr int kPagesBeforeCheckpoint = 1000;  // SQLite's own default threshold
    static constexpr std::chrono::seconds kIdleInterval{1};

    // Opens its own connection to `path` (the file must exist, in WAL mode) and starts the thread.
    explicit Checkpointer(const std::string& path);
    ~Checkpointer();  // stops the thread; the store's last close does the final checkpoint
    Checkpointer(const Checkpointer&) = delete;
    Checkpointer& operator=(const Checkpointer&) = delete;

    // Called by the store after a COMMIT with the WAL's size in pages (sqlite3_wal_hook).
    void committed(int wal_pages);

    // Checkpoints run so far (for tests and /metrics).
    long long checkpoints() const;

private:
    void run();

    sqlite::Database db_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    bool due_ = false, stopping_ = false;
    long long checkpoints_ = 0;
    std::thread thread_;  // last: started after everything it uses
};

}  // namespace server
