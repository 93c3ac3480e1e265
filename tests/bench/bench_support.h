// What the native benchmarks share. Each benchmark is one source file (cmake builds bench_<name> from
// each) and includes this once: it pulls in the server tests' WebSocket client and server-process helpers
// (their sources, so no extra library is needed) and a few figures helpers.
#pragma once
#include <algorithm>
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
