// The command line of the real binary: --help, bad values, and a silent client meeting the idle timeout.
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <thread>

#include <sys/wait.h>

#include "flows.h"

using namespace test;

namespace {

struct Run {
    int exit_code = -1;
    std::string output;
};

Run run_binary(const std::string& args) {
    Run r;
    FILE* pipe = popen((std::string(TELEMED_SERVER_BINARY) + " " + args + " 2>&1").c_str(), "r");
    REQUIRE(pipe);
    char buf[4096];
    while (size_t n = fread(buf, 1, sizeof buf, pipe)) r.output.append(buf, n);
    const int status = pclose(pipe);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

}  // namespace

TEST_CASE("[server] command line of the binary", "[server]") {
    const Run help = run_binary("--help");
    CHECK(help.exit_code == 0);
    CHECK_THAT(help.output, Catch::Contains("--session-idle-timeout DURATION"));
    CHECK_THAT(help.output, Catch::Contains("--call-reconnect-grace DURATION"));
    CHECK_THAT(help.output, Catch::Contains("--call-idle-timeout DURATION"));
    CHECK_THAT(help.output, Catch::Contains("[default: 8080]"));

    const Run bad = run_binary("--session-idle-timeout soon");
    CHECK(bad.exit_code == 2);
    CHECK_THAT(bad.output, Catch::Contains("--session-idle-timeout 'soon'"));

    CHECK(run_binary("--no-such-option").exit_code == 2);
}

TEST_CASE("[server] a client that answers no ping is dropped after the idle timeout", "[server]") {
    ServerProcess server({"--ws-idle-timeout", "1s", "--no-seed-demo"});
    auto silent = greeted(server.port());
    const auto started = std::chrono::steady_clock::now();
    std::this_thread::sleep_for(2500ms);  // silent reads nothing, so it answers no ping
    silent->set_timeout(3s);
    silent->await_close();
    CHECK_FALSE(silent->is_open());
    CHECK(std::chrono::steady_clock::now() - started < 6s);
    CHECK_THAT(server.log(), Catch::Contains("The socket was closed due to a timeout"));
}
