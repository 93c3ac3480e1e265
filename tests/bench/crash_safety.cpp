// Crash safety, the long run (issue 12's proof suite): the real server killed with SIGKILL N times at
// random moments under a load of purchases, bookings, messages and recording chunks, then the SQLite
// file checked (tests/server/crash_load.h says what). Prints the figures; exits 1 when anything
// acknowledged was lost, anything is half-done, integrity_check is not ok or the ledger does not sum
// to zero.
//
//   bench_crash_safety [--kills 200] [--patients 4] [--min-up-ms 150] [--max-up-ms 700] [--seed 12] [--server PATH]
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "bench_support.h"
#include "../server/crash_load.cpp"

int main(int argc, char** argv) {
    bench::choose_server_binary(argv[0]);
    test::crash::Options options;
    options.kills = 200;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        const char* value = argv[i + 1];
        if (flag == "--kills") options.kills = std::atoi(value);
        else if (flag == "--patients") options.patients = std::atoi(value);
        else if (flag == "--min-up-ms") options.min_up = std::chrono::milliseconds(std::atol(value));
        else if (flag == "--max-up-ms") options.max_up = std::chrono::milliseconds(std::atol(value));
        else if (flag == "--seed") options.seed = static_cast<unsigned>(std::atol(value));
        else if (flag == "--server") bench::server_binary = value;
        else {
            std::fprintf(stderr, "unknown option %s\n", argv[i]);
            return 2;
        }
    }
    std::printf("server %s, %d kills, %d patients + 1 recorder\n", bench::server_binary.c_str(), options.kills, options.patients);
    options.progress = [](const std::string& line) { std::printf("  %s\n", line.c_str()); std::fflush(stdout); };
    const auto report = test::crash::run(options);
    std::printf("%s\n%s\n", report.summary().c_str(), report.passed() ? "PASS" : "FAIL");
    return report.passed() ? 0 : 1;
}
