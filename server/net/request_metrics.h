// How long the server spends on each WebSocket request, by request type: from the moment the whole
// frame has been read to the moment its reply and events sit in the write queues of every connection
// they go to (decode, dispatch on the worker pool, store transactions, fan-out). Network time and the
// client's own work are not in it. Exposed as Prometheus text on GET /metrics (loopback only).
//
// Each type has a histogram with fixed buckets (1-2-5 steps from 10 µs to 10 s), a count and a sum;
// recording is a few relaxed atomic increments, so any thread may record at any time.
//
// Beside it, telemed_internal_errors_total{type}: errors nobody expected (an exception escaping a
// request handler, a timer or a disconnect hook), by request type or timer name.
#pragma once
#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "core/protocol/protocol.h"

namespace server {

class RequestMetrics {
public:
    // Bucket upper bounds in microseconds; one more bucket (+Inf) follows the last.
    static constexpr std::array<std::int64_t, 19> kBoundsUs = {
        10, 20, 50, 100, 200, 500, 1'000, 2'000, 5'000, 10'000, 20'000, 50'000,
        100'000, 200'000, 500'000, 1'000'000, 2'000'000, 5'000'000, 10'000'000};

    // `type` is empty for frames that did not decode into a request.
    void record(std::optional<core::protocol::RequestType> type, std::chrono::nanoseconds took);
    // `where`: the request type or the timer's name. Rare by nature: a mutex is fine.
    void count_internal_error(std::string_view where);
    std::uint64_t internal_errors(std::string_view where) const;
    std::string prometheus_text() const;

private:
    struct Series {
        std::array<std::atomic<std::uint64_t>, kBoundsUs.size() + 1> buckets{};  // not cumulative
        std::atomic<std::uint64_t> count{0};
        std::atomic<std::uint64_t> sum_ns{0};
    };
    static constexpr size_t kTypes = [] {
        size_t n = 0;
#define CORE_X(name) ++n;
        CORE_REQUEST_TYPES(CORE_X)
#undef CORE_X
        return n;
    }();

    std::array<Series, kTypes + 1> series_{};  // the last one: frames that were not a valid request
    mutable std::mutex errors_mutex_;
    std::map<std::string, std::uint64_t, std::less<>> internal_errors_;
};

}  // namespace server
