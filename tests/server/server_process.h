// Runs the real telemed-server binary for the server tests: a fresh temporary data dir and web root,
// --port 0 (the port is read from the "listening" log line), wait for /healthz, SIGTERM at the end.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <sys/types.h>

namespace test {

class ServerProcess {
public:
    explicit ServerProcess(std::vector<std::string> extra_args = {});
    // SIGTERM, then SIGKILL if it does not stop within 10 s. A non-zero exit status (sanitizer report,
    // crash) ends the test binary with status 1, printing the server log.
    ~ServerProcess();
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    std::uint16_t port() const { return port_; }
    // The crash tests: SIGKILL (no chance to flush or close anything) and wait for the process to go;
    // then start it again over the same data dir, on a new port (port() changes).
    void kill_hard();
    void restart();
    const std::string& dir() const { return dir_; }
    std::string log() const;  // everything the server printed so far
    // SIGTERM and wait; returns the exit status (or -1 when killed / not exited in time).
    int stop();
    bool running() const { return pid_ > 0; }
    pid_t pid() const { return pid_; }  // to read its memory and CPU from /proc; -1 when stopped

private:
    void launch();  // spawns the server over dir_ and waits until /healthz answers

    std::vector<std::string> extra_args_;
    std::string dir_;
    pid_t pid_ = -1;
    std::uint16_t port_ = 0;
};

// One server with default limits, started on first use and stopped when the test binary exits.
ServerProcess& shared_server();

// Unique e-mail addresses, so tests sharing a server never collide.
std::string unique_email(const std::string& prefix);
inline constexpr const char* kPassword = "correct horse battery staple";

}  // namespace test
