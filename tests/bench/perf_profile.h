// Where a server process spends its CPU during a benchmark's measured window: `perf record -g` (cpu-clock
// sampling, so it works in VMs without hardware counters) attached to the process for the window, then the
// top of `perf report --no-children` by shared object and by symbol (and, recorded with DWARF call graphs,
// the inclusive time of the project's functions). Header-only, no project code: the
// native benchmarks include it for their `--perf FILE` option.
//
//   bench::PerfRecording perf("build/bench/booking.perf.data");
//   perf.start(server_pid);   // at the start of the window (perf needs ~100 ms to attach)
//   ...load...
//   perf.stop();              // SIGINT, waits while perf writes the file (interrupt(): SIGINT only)
//   perf.print_report();      // top shared objects, then top symbols by self time
//
// Needs `perf` (Debian: `apt-get install linux-perf`) and root, or kernel.perf_event_paranoid <= 0.
// perf runs on the caller's CPU set: a benchmark pinned to the load generator's core keeps perf off the
// server's core. The samples cost the server a little (about 1 % at perf's default 4000 Hz): take the
// CPU figures from a run without --perf.
#pragma once
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <csignal>
#include <dirent.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace bench {

// The pid of this process's child whose command name (/proc/<pid>/comm, at most 15 characters) is `comm`;
// -1 when there is none. The server helpers of the tests do not expose their child's pid.
// utime + stime of every thread of a process (0: this one), in seconds, from /proc/<pid>/stat.
inline double process_cpu_seconds(pid_t pid) {
    const std::string path = pid == 0 ? "/proc/self/stat" : "/proc/" + std::to_string(pid) + "/stat";
    FILE* f = std::fopen(path.c_str(), "r");
    if (!f) return 0;
    char text[1024] = {};
    const size_t n = std::fread(text, 1, sizeof text - 1, f);
    std::fclose(f);
    const char* fields = std::strrchr(text, ')');  // the command name may hold spaces
    if (n == 0 || !fields) return 0;
    unsigned long long utime = 0, stime = 0;
    // after ")": state(3) ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime(14) stime(15)
    std::sscanf(fields + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &utime, &stime);
    return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

inline pid_t child_pid_named(const std::string& comm) {
    DIR* proc = opendir("/proc");
    if (!proc) return -1;
    pid_t found = -1;
    while (dirent* e = readdir(proc)) {
        const std::string name = e->d_name;
        if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
        FILE* f = std::fopen(("/proc/" + name + "/stat").c_str(), "r");
        if (!f) continue;
        char buf[512] = {};
        const size_t n = std::fread(buf, 1, sizeof buf - 1, f);
        std::fclose(f);
        const std::string stat(buf, n);
        const auto open = stat.find('('), close = stat.rfind(')');
        if (open == std::string::npos || close == std::string::npos || close + 4 > stat.size()) continue;
        const std::string c = stat.substr(open + 1, close - open - 1);
        const pid_t ppid = static_cast<pid_t>(std::atol(stat.c_str() + close + 4));  // ") S <ppid>"
        if (ppid == getpid() && c == comm.substr(0, 15)) {
            found = static_cast<pid_t>(std::atol(name.c_str()));
            break;
        }
    }
    closedir(proc);
    return found;
}

class PerfRecording {
public:
    // dwarf: unwind with DWARF (`--call-graph dwarf`, 500 Hz) instead of frame pointers (`-g`). A release
    // build has no frame pointers, so `-g` only gives self time; with dwarf the report adds the inclusive
    // time of the project's own functions (which request handler, which store call).
    explicit PerfRecording(std::string file, bool dwarf = false) : file_(std::move(file)), dwarf_(dwarf) {}
    ~PerfRecording() { stop(); }
    PerfRecording(const PerfRecording&) = delete;
    PerfRecording& operator=(const PerfRecording&) = delete;

    const std::string& file() const { return file_; }

    // Starts `perf record -e cpu-clock -g -p PID -o FILE`; false (with a message) when it cannot.
    bool start(pid_t pid) {
        if (pid <= 0) return std::fprintf(stderr, "perf: no process to record\n"), false;
        interrupted_ = false;
        std::vector<std::string> args = {"perf", "record", "-q", "-e", "cpu-clock",
                                         "-p",   std::to_string(pid), "-o", file_};
        if (dwarf_) args.insert(args.end(), {"--call-graph", "dwarf,16384", "-F", "500"});
        else args.push_back("-g");
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
        const int rc = posix_spawnp(&pid_, "perf", &actions, nullptr, argv.data(), environ);
        posix_spawn_file_actions_destroy(&actions);
        if (rc != 0) {
            pid_ = -1;
            std::fprintf(stderr, "perf: cannot run perf (Debian: apt-get install linux-perf)\n");
            return false;
        }
        return true;
    }

    // SIGINT makes perf stop sampling, write its file and exit: interrupt() does not wait, stop() does.
    void interrupt() {
        if (pid_ > 0 && !interrupted_) kill(pid_, SIGINT);
        interrupted_ = true;
    }
    void stop() {
        if (pid_ <= 0) return;
        interrupt();
        int status = 0;
        waitpid(pid_, &status, 0);
        pid_ = -1;
    }

    // The top of the profile: self time per shared object, then per symbol (no call chains).
    void print_report(int symbols = 30) const {
        std::printf("\nperf profile of the window (%s; cpu-clock samples, self time):\n", file_.c_str());
        print_command("perf report -i '" + file_ +
                          "' --no-children --sort dso -F overhead,dso --stdio -g none 2>/dev/null",
                      10);
        print_command("perf report -i '" + file_ +
                          "' --no-children --sort dso,symbol -F overhead,dso,symbol --stdio -g none 2>/dev/null",
                      symbols);
        if (dwarf_) {
            std::printf("inclusive time (self + callees) of the project's functions and sqlite3_step:\n");
            print_command("perf report -i '" + file_ +
                              "' --children --sort symbol -F overhead_children,symbol --stdio -g none 2>/dev/null"
                              " | grep -E 'core::|server::|sqlite3_step'",
                          symbols);
        }
        std::printf("(whole report: perf report -i %s --no-children --sort dso,symbol)\n", file_.c_str());
    }

private:
    // Runs `perf report` and prints its `lines` biggest rows, by their leading percentage, each cut to 160
    // characters (Asio's and Beast's template names are long).
    static void print_command(const std::string& command, int lines) {
        FILE* p = popen(command.c_str(), "r");
        if (!p) return;
        std::vector<std::pair<double, std::string>> rows;
        char line[8192];
        while (std::fgets(line, sizeof line, p)) {
            std::string row = line;
            for (char rest[512]; !row.empty() && row.back() != '\n' && std::fgets(rest, sizeof rest, p);)
                if (rest[std::strlen(rest) - 1] == '\n') break;  // drop the tail of a very long row
            // Trailing padding, and perf 6.1's empty IPC columns ("-      -") after the symbol.
            const auto trim = [&row] {
                while (!row.empty() && (row.back() == '\n' || row.back() == ' ')) row.pop_back();
            };
            trim();
            for (int column = 0; column < 2 && row.size() > 2 && row.compare(row.size() - 2, 2, " -") == 0; ++column) {
                row.pop_back();
                trim();
            }
            if (row.empty() || row[0] == '#') continue;
            if (row.size() > 160) row = row.substr(0, 157) + "...";
            rows.emplace_back(std::atof(row.c_str()), row);
        }
        pclose(p);
        std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
        for (size_t i = 0; i < rows.size() && i < static_cast<size_t>(lines); ++i)
            std::printf("%s\n", rows[i].second.c_str());
        std::printf("\n");
    }

    std::string file_;
    bool dwarf_ = false;
    pid_t pid_ = -1;
    bool interrupted_ = false;
};

}  // namespace bench
