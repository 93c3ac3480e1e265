#include "core/limits/token_bucket.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace core {

namespace {
double seconds_of(Duration d) { return std::chrono::duration<double>(d).count(); }
}  // namespace

double TokenBucket::tokens(Instant now) const {
    const double per_second = 1.0 / std::max(1e-9, seconds_of(rate_.refill));
    const double elapsed = std::max(0.0, seconds_of(now - at_));
    return std::min(rate_.burst, tokens_ + elapsed * per_second);
}

std::optional<Duration> TokenBucket::take(Instant now, double cost) {
    const double have = tokens(now);
    if (now > at_) at_ = now;  // a clock stepping back never adds tokens
    tokens_ = have;
    if (cost <= have && cost <= rate_.burst) {
        tokens_ = have - cost;
        return std::nullopt;
    }
    const double missing = std::min(cost, rate_.burst) - have;
    const auto wait = std::chrono::duration_cast<Duration>(std::chrono::duration<double>(missing * seconds_of(rate_.refill)));
    return std::max<Duration>(wait, std::chrono::milliseconds(1));
}

std::optional<Duration> KeyedBuckets::take(const std::string& key, Instant now, double cost) {
    std::lock_guard lock(mutex_);
    auto it = buckets_.find(key);
    if (it == buckets_.end()) {
        if (buckets_.size() >= max_keys_) make_room(now);
        it = buckets_.emplace(key, Entry{TokenBucket(rate_, now), now}).first;
    }
    it->second.touched = now;
    return it->second.bucket.take(now, cost);
}

std::size_t KeyedBuckets::size() const {
    std::lock_guard lock(mutex_);
    return buckets_.size();
}

void KeyedBuckets::make_room(Instant now) {
    std::erase_if(buckets_, [&](const auto& kv) { return kv.second.bucket.full(now); });
    if (buckets_.size() < max_keys_) return;
    // Everyone is still counting down: forget the oldest-touched tenth (a rough, bounded choice).
    std::vector<std::pair<Instant, std::string>> by_age;
    by_age.reserve(buckets_.size());
    for (const auto& [key, entry] : buckets_) by_age.emplace_back(entry.touched, key);
    const std::size_t drop = std::max<std::size_t>(1, by_age.size() / 10);
    std::nth_element(by_age.begin(), by_age.begin() + std::ptrdiff_t(drop - 1), by_age.end());
    for (std::size_t i = 0; i < drop; ++i) buckets_.erase(by_age[i].second);
}

int retry_after_seconds(Duration wait) {
    const auto s = std::chrono::ceil<std::chrono::seconds>(wait).count();
    return int(std::clamp<std::int64_t>(s, 1, 24 * 3600));
}

}  // namespace core
