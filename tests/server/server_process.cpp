#include "server_process.h"

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ws_client.h"

#ifndef TELEMED_SERVER_BINARY
#error "TELEMED_SERVER_BINARY must name the telemed-server executable"
#endif

extern char** environ;

namespace test {

namespace fs = std::filesystem;

namespace {

void write_file(const fs::path& path, const std::string& content) {
    std::ofstream out(path, std::ios::binary);
    out << content;
}

// A tiny stand-in for the web build: enough to check types, ETags and the index.
void make_web_root(const fs::path& root) {
    fs::create_directories(root / "assets");
    write_file(root / "index.html", "<!doctype html><title>telemed</title><script src=app.js></script>\n");
    write_file(root / "app.js", "console.log('telemed');\n");
    write_file(root / "app.wasm", std::string("\0asm\1\0\0\0", 8));
    write_file(root / "assets" / "style.css", "body{margin:0}\n");
    // A content-hashed file as the build publishes it, with its brotli and gzip forms beside it. The
    // server only chooses among stored forms, so stand-in bytes of distinct sizes do.
    std::string script;
    for (int i = 0; i < 200; ++i) script += "console.log('telemed');\n";
    write_file(root / "app.0123456789ab.js", script);
    write_file(root / "app.0123456789ab.js.br", "brotli form");
    write_file(root / "app.0123456789ab.js.gz", "the gzip form");
}

bool wait_exit(pid_t pid, std::chrono::milliseconds limit, int& status) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
        const pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid) return true;
        std::this_thread::sleep_for(10ms);
    }
    return false;
}

}  // namespace

ServerProcess::ServerProcess(std::vector<std::string> extra_args) : extra_args_(std::move(extra_args)) {
    char pattern[] = "/tmp/telemed-server-test-XXXXXX";
    if (!mkdtemp(pattern)) throw std::runtime_error("mkdtemp failed");
    dir_ = pattern;
    make_web_root(fs::path(dir_) / "web");
    launch();
}

void ServerProcess::kill_hard() {
    if (pid_ <= 0) return;
    kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    port_ = 0;
}

void ServerProcess::restart() {
    if (pid_ > 0) throw std::logic_error("ServerProcess::restart while it runs");
    port_ = 0;
    launch();
}

void ServerProcess::launch() {
    // Every test signs its people up from 127.0.0.1: the per-address and per-connection sign-in limits
    // are lifted here (hardening_test.cpp sets its own to test them; later arguments win).
    std::vector<std::string> args = {TELEMED_SERVER_BINARY, "--port", "0", "--data-dir", dir_ + "/data",
                                     "--web-root", dir_ + "/web", "--log-level", "debug",
                                     "--auth-burst-per-address", "1000000", "--auth-burst-per-connection", "1000000"};
    args.insert(args.end(), extra_args_.begin(), extra_args_.end());
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    const std::string log_path = dir_ + "/server.log";
    posix_spawn_file_actions_addopen(&actions, 1, log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    const int rc = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) throw std::runtime_error("cannot start " + args[0]);

    // The port comes from the "listening" line; then /healthz must answer.
    const std::regex listening(R"re("msg":"listening".*"port":(\d+))re");
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    while (std::chrono::steady_clock::now() < deadline && port_ == 0) {
        std::smatch m;
        const std::string text = log();
        if (std::regex_search(text, m, listening)) port_ = static_cast<std::uint16_t>(std::stoi(m[1]));
        int status = 0;
        if (port_ == 0 && waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            throw std::runtime_error("telemed-server exited at start:\n" + text);
        }
        std::this_thread::sleep_for(20ms);
    }
    if (port_ == 0) throw std::runtime_error("telemed-server did not start:\n" + log());
    for (int i = 0; i < 100; ++i) {
        try {
            if (http_get(port_, "/healthz").status == 200) return;
        } catch (const std::exception&) {
        }
        std::this_thread::sleep_for(20ms);
    }
    throw std::runtime_error("/healthz did not answer:\n" + log());
}

ServerProcess::~ServerProcess() {
    // A server that does not exit cleanly on SIGTERM (a sanitizer report at exit, a crash) fails the
    // whole run, even when every check passed: there is no test case left to fail at this point.
    if (pid_ > 0) {
        if (const int status = stop(); status != 0) {
            std::fprintf(stderr, "telemed-server exited with status %d after SIGTERM; its log:\n%s\n", status,
                         log().c_str());
            std::_Exit(1);
        }
    }
    std::error_code ignored;
    if (!std::getenv("TELEMED_KEEP_TEST_DIRS")) fs::remove_all(dir_, ignored);
}

int ServerProcess::stop() {
    if (pid_ <= 0) return -1;
    int status = 0;
    kill(pid_, SIGTERM);
    if (!wait_exit(pid_, 10s, status)) {
        kill(pid_, SIGKILL);
        waitpid(pid_, &status, 0);
        pid_ = -1;
        return -1;
    }
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string ServerProcess::log() const {
    std::ifstream in(dir_ + "/server.log");
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

ServerProcess& shared_server() {
    static ServerProcess server;
    return server;
}

std::string unique_email(const std::string& prefix) {
    static std::atomic<int> counter{0};
    return prefix + "-" + std::to_string(getpid()) + "-" + std::to_string(++counter) + "@example.test";
}

}  // namespace test
