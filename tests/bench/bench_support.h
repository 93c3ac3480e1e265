// What the native benchmarks share. Each benchmark is one source file (cmake builds bench_<name> from
// each) and includes this once: it pulls in the server tests' WebSocket client and server-process helpers
// (their sources, so no extra library is needed) and a few figures helpers.
#pragma once
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace bench {
// The telemed-server the benchmark starts: build/native-release's when it exists (figures from a
// sanitizer build are several times slower), else the one next to the benchmark; --server overrides.
inline std::string server_binary;

inline void choose_server_binary(const char* argv0) {
    const std::filesystem::path here = std::filesystem::path(argv0).parent_path();
    const std::filesystem::path release = here / ".." / "native-release" / "telemed-server";
    server_binary = (std::filesystem::exists(release) ? release : here / "telemed-server").lexically_normal().string();
}

// The p-quantile (0..1) of the values, nearest rank; 0 for none.
inline double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}
}  // namespace bench

#define TELEMED_SERVER_BINARY bench::server_binary
#include "../server/clinic_flows.h"
#include "../server/server_process.cpp"
#include "../server/ws_client.cpp"

namespace bench {
// The store's counters from the server's /metrics (telemed_store_*): operations, COMMITs, and the CPU
// and wall seconds operations held the store's connection.
struct StoreCounters {
    double operations = 0, commits = 0, held_cpu_s = 0, held_wall_s = 0;
};

inline double metric(const std::string& page, const std::string& name) {
    const auto at = page.find("\n" + name + " ");
    return at == std::string::npos ? 0 : std::strtod(page.c_str() + at + name.size() + 2, nullptr);
}

inline StoreCounters store_counters(std::uint16_t port) {
    const std::string page = test::http_get(port, "/metrics").body;
    return {metric(page, "telemed_store_operations_total"), metric(page, "telemed_store_commits_total"),
            metric(page, "telemed_store_held_seconds_total{clock=\"cpu\"}"),
            metric(page, "telemed_store_held_seconds_total{clock=\"wall\"}")};
}
}  // namespace bench
