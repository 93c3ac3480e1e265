// Reconnect exactness, the long run (issue 12's proof suite): N people (a tenth of them doctors) write M
// messages to each other while their connections drop at random, then every conversation is checked
// (tests/server/reconnect_load.h says what). Prints the figures; exits 1 on any message lost,
// duplicated or out of order.
//
//   bench_reconnect_exactness [--clients 200] [--messages 10000] [--drop-chance 0.05] [--seed 12] [--server PATH]
#include <cstdio>
#include <cstdlib>
#include <string>

#include "bench_support.h"
#include "../server/reconnect_load.cpp"

int main(int argc, char** argv) {
    bench::choose_server_binary(argv[0]);
    test::reconnect::Options options;
    options.clients = 200;
    options.messages = 10000;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        const char* value = argv[i + 1];
        if (flag == "--clients") options.clients = std::atoi(value);
        else if (flag == "--messages") options.messages = std::atoi(value);
        else if (flag == "--drop-chance") options.drop_chance = std::atof(value);
        else if (flag == "--seed") options.seed = static_cast<unsigned>(std::atol(value));
        else if (flag == "--server") bench::server_binary = value;
        else {
            std::fprintf(stderr, "unknown option %s\n", argv[i]);
            return 2;
        }
    }
    std::printf("server %s, %d clients, %d messages\n", bench::server_binary.c_str(), options.clients, options.messages);
    test::ServerProcess server;
    const auto report = test::reconnect::run(server.port(), options);
    std::printf("%s\n%s\n", report.summary().c_str(), report.passed() ? "PASS" : "FAIL");
    return report.passed() ? 0 : 1;
}
