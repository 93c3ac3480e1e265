#include "net/scan_limits.h"

#include <string>

namespace server {

core::TokenBucket ScanLimits::connection_bucket() const {
    return core::TokenBucket(core::Rate{double(config_.scan_burst_per_connection), config_.scan_refill_per_connection},
                             clock_.now());
}

std::optional<core::Error> ScanLimits::admit(core::TokenBucket& connection) {
    if (auto wait = connection.take(clock_.now())) {
        const int seconds = core::retry_after_seconds(*wait);
        std::string message = "Too many searches and lists from this connection. Try again in ";
        message += std::to_string(seconds);
        message += seconds == 1 ? " second." : " seconds.";
        core::Error e = core::Error::of(core::ErrorCode::rate_limited, message);
        e.retry_after_s = seconds;
        return e;
    }
    unsigned n = queued_.load();
    do {
        if (n >= config_.max_queued_scans) {
            core::Error e = core::Error::of(core::ErrorCode::overloaded, "The server is busy right now. Try again in a moment.");
            e.retry_after_s = 1;
            return e;
        }
    } while (!queued_.compare_exchange_weak(n, n + 1));
    return std::nullopt;
}

}  // namespace server
