// Limits on the requests that cost a password hash (sign_in, sign_up, change_password,
// create_staff_account; Work::password routes): token buckets per connection and per remote address,
// checked on the connection's strand before any hash, and a bound on how many wait for the hash pool.
// Refusals are rate_limited (with retry_after_s) or overloaded; nothing is hashed for them.
//
// The hash pool: threads of their own (ServerConfig::max_concurrent_hashes, at nice +5), so hashes
// never occupy the workers that answer everyone else, and the I/O thread wins the CPU over them. The
// scan threads (scan_limits.h) are a LanePool too, at the workers' priority: they hold the store.
//
// Threading: AuthLimits may be used from any thread. A LanePool is started and stopped by Server.
#pragma once
#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include "config.h"
#include "core/errors.h"
#include "core/limits/token_bucket.h"
#include "core/time/clock.h"

namespace server {

class AuthLimits {
public:
    explicit AuthLimits(const ServerConfig& config);

    // A full bucket for a new connection.
    core::TokenBucket connection_bucket() const;
    // Takes one attempt from the connection's bucket and from its address's; the refusal otherwise
    // (rate_limited, retry_after_s set; the sentence says whether it is this connection or the address).
    std::optional<core::Error> admit(core::TokenBucket& connection, const std::string& address);
    // A request joins the queue of the hash pool (false: the queue is full, answer overloaded); leave
    // when it has been handled.
    bool enter_hash_queue();
    void leave_hash_queue();

private:
    const ServerConfig& config_;
    core::SystemClock clock_;
    core::KeyedBuckets per_address_;
    std::atomic<unsigned> queued_{0};
};

// "203.0.113.7:51234" -> "203.0.113.7"; "[::1]:80" or "::1:80" -> the part before the last colon.
std::string address_of(const std::string& remote);

// Threads of their own running an io_context, at `nice` above the process's priority (Linux: per thread).
class LanePool {
public:
    LanePool(unsigned threads, int nice);
    ~LanePool();  // stop() + join()
    boost::asio::io_context& context() { return *ioc_; }  // valid until join()
    void stop();  // jobs not started are not run; running ones finish
    // Waits for the threads, then destroys the jobs never run (and what they hold, e.g. sessions)
    // while the rest of the server is still alive.
    void join();

private:
    std::unique_ptr<boost::asio::io_context> ioc_;
    std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> guard_;
    std::vector<std::thread> threads_;
};

}  // namespace server
