// Token buckets: how often something may happen. A bucket holds up to `burst` tokens and gains one every
// `refill`; an action takes one (or `cost`) or is refused with the time until it could be taken. Time is
// passed in (Instant from a core::Clock), so the rule is tested with a fake clock.
//
// KeyedBuckets keeps one bucket per key (a remote address, a user) behind a mutex, with a bounded
// number of keys: when full, buckets that have refilled completely are dropped first (they hold no
// memory of anything), then the oldest-touched ones.
//
// Threading: TokenBucket is a plain value (its owner serializes access); KeyedBuckets may be used from
// any thread.
#pragma once
#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "core/time/clock.h"

namespace core {

struct Rate {
    double burst = 10;                                // tokens a full bucket holds
    Duration refill = std::chrono::seconds(1);        // one token comes back every `refill`
};

class TokenBucket {
public:
    TokenBucket() = default;
    TokenBucket(Rate rate, Instant now) : rate_(rate), tokens_(rate.burst), at_(now) {}

    // Takes `cost` tokens and returns nullopt, or takes nothing and returns how long until `cost` tokens
    // will be there (at least 1 ms). A cost larger than the burst is never granted (returns the time to
    // a full bucket).
    std::optional<Duration> take(Instant now, double cost = 1);
    // Tokens at `now` (for tests and for dropping full buckets).
    double tokens(Instant now) const;
    bool full(Instant now) const { return tokens(now) >= rate_.burst; }
    const Rate& rate() const { return rate_; }

private:
    Rate rate_{};
    double tokens_ = 0;
    Instant at_{};
};

class KeyedBuckets {
public:
    explicit KeyedBuckets(Rate rate, std::size_t max_keys = 100'000) : rate_(rate), max_keys_(max_keys) {}

    // As TokenBucket::take, on the key's bucket (a new key starts full).
    std::optional<Duration> take(const std::string& key, Instant now, double cost = 1);
    std::size_t size() const;
    const Rate& rate() const { return rate_; }

private:
    void make_room(Instant now);

    Rate rate_;
    std::size_t max_keys_;
    mutable std::mutex mutex_;
    struct Entry {
        TokenBucket bucket;
        Instant touched{};
    };
    std::map<std::string, Entry> buckets_;
};

// Whole seconds to tell a person to wait (at least 1).
int retry_after_seconds(Duration wait);

}  // namespace core
