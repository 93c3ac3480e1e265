// Limits on the requests that read many rows (Work::scan routes: search_messages, conversation_history,
// messages_after, list_conversations, get_slots, find_doctors, list_appointments, list_notifications,
// get_wallet, list_accounts, verification_queue): a token bucket per connection, checked on the
// connection's strand before anything runs, and a bound on how many wait for the scan threads.
// Refusals are rate_limited (with retry_after_s) or overloaded (retry_after_s 1), answered at once.
//
// Why: a valid request can cost milliseconds of store time (a search over a long history, 62 days of
// 15-minute slots, a year of visits). Fifty sockets asking for them back to back kept every worker
// busy and the store's one connection taken, so another person's message waited behind them
// (tests/bench/flood.cpp). Limited and run on a few threads of their own, such a flood waits behind
// itself.
//
// Threading: ScanLimits may be used from any thread.
#pragma once
#include <atomic>
#include <optional>

#include "config.h"
#include "core/errors.h"
#include "core/limits/token_bucket.h"
#include "core/time/clock.h"

namespace server {

class ScanLimits {
public:
    explicit ScanLimits(const ServerConfig& config) : config_(config) {}

    // A full bucket for a new connection.
    core::TokenBucket connection_bucket() const;
    // Takes one token from the connection's bucket and a place in the scan threads' queue; the refusal
    // otherwise. A request refused for a full queue has spent its token (it did ask).
    std::optional<core::Error> admit(core::TokenBucket& connection);
    // An admitted request has been handled.
    void leave_queue() { queued_.fetch_sub(1); }

private:
    const ServerConfig& config_;
    core::SystemClock clock_;
    std::atomic<unsigned> queued_{0};
};

}  // namespace server
