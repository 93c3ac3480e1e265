#include "net/request_metrics.h"

#include <algorithm>
#include <cstdio>

namespace server {

void RequestMetrics::record(std::optional<core::protocol::RequestType> type, std::chrono::nanoseconds took) {
    Series& s = series_[type ? static_cast<size_t>(*type) : kTypes];
    const auto us = std::chrono::duration_cast<std::chrono::microseconds>(took).count();
    const auto bucket = std::lower_bound(kBoundsUs.begin(), kBoundsUs.end(), us) - kBoundsUs.begin();
    s.buckets[static_cast<size_t>(bucket)].fetch_add(1, std::memory_order_relaxed);
    s.count.fetch_add(1, std::memory_order_relaxed);
    s.sum_ns.fetch_add(static_cast<std::uint64_t>(std::max<std::int64_t>(0, took.count())), std::memory_order_relaxed);
}

void RequestMetrics::count_internal_error(std::string_view where) {
    std::lock_guard lock(errors_mutex_);
    auto it = internal_errors_.find(where);
    if (it == internal_errors_.end()) it = internal_errors_.emplace(std::string(where), 0).first;
    ++it->second;
}

std::uint64_t RequestMetrics::internal_errors(std::string_view where) const {
    std::lock_guard lock(errors_mutex_);
    auto it = internal_errors_.find(where);
    return it == internal_errors_.end() ? 0 : it->second;
}

std::string RequestMetrics::prometheus_text() const {
    std::string out =
        "# HELP telemed_request_seconds Server time per WebSocket request, frame read to reply and events queued.\n"
        "# TYPE telemed_request_seconds histogram\n";
    char line[160];
    for (size_t i = 0; i <= kTypes; ++i) {
        const Series& s = series_[i];
        const std::uint64_t count = s.count.load(std::memory_order_relaxed);
        if (count == 0) continue;  // types nobody sent stay out of the page
        const std::string type =
            i < kTypes ? std::string(core::protocol::to_string(static_cast<core::protocol::RequestType>(i))) : "invalid";
        std::uint64_t cumulative = 0;
        for (size_t b = 0; b < kBoundsUs.size(); ++b) {
            cumulative += s.buckets[b].load(std::memory_order_relaxed);
            std::snprintf(line, sizeof line, "telemed_request_seconds_bucket{type=\"%s\",le=\"%g\"} %llu\n", type.c_str(),
                          static_cast<double>(kBoundsUs[b]) / 1e6, static_cast<unsigned long long>(cumulative));
            out += line;
        }
        cumulative += s.buckets[kBoundsUs.size()].load(std::memory_order_relaxed);
        std::snprintf(line, sizeof line, "telemed_request_seconds_bucket{type=\"%s\",le=\"+Inf\"} %llu\n", type.c_str(),
                      static_cast<unsigned long long>(cumulative));
        out += line;
        std::snprintf(line, sizeof line, "telemed_request_seconds_sum{type=\"%s\"} %.9f\n", type.c_str(),
                      static_cast<double>(s.sum_ns.load(std::memory_order_relaxed)) / 1e9);
        out += line;
        std::snprintf(line, sizeof line, "telemed_request_seconds_count{type=\"%s\"} %llu\n", type.c_str(),
                      static_cast<unsigned long long>(count));
        out += line;
    }
    out += "# HELP telemed_internal_errors_total Unexpected failures (logged as \"internal error\"), by request type or timer.\n"
           "# TYPE telemed_internal_errors_total counter\n";
    std::lock_guard lock(errors_mutex_);
    for (const auto& [where, n] : internal_errors_) {
        std::snprintf(line, sizeof line, "telemed_internal_errors_total{type=\"%s\"} %llu\n", where.c_str(),
                      static_cast<unsigned long long>(n));
        out += line;
    }
    return out;
}

}  // namespace server
