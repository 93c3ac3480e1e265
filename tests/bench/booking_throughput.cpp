// Booking throughput: 16 patients on 16 WebSockets book distinct slots of one doctor as fast as the
// server answers, for N seconds; prints bookings per second and p50/p99/max latency. Beside it, in the
// same run, the raw rate of single-row SQLite INSERT transactions on the same disk with the server's
// pragmas (WAL, synchronous=NORMAL, foreign_keys=ON, busy_timeout=5000) and bookings as a percentage of
// it, so the figures say how much of the budget the store itself takes. Prints figures; asserts nothing.
//
//   bench_booking_throughput [--server PATH] [--clients 16] [--seconds 5] [--perf FILE [--perf-dwarf]]
//                            [-- server flags…]   (e.g. -- --worker-threads 16)
//
// --perf FILE records the server with `perf record -g` (cpu-clock) during the booking window and prints
// the top of `perf report --no-children` by shared object and by symbol: where the time goes. Such a
// run's figures include perf's overhead (perf_profile.h). --perf-dwarf records DWARF call graphs instead
// of frame pointers (a release build has none) and adds the inclusive time of the server's functions.
//
// By default it starts build/native-release/telemed-server when that exists, else the telemed-server
// next to this binary. A sanitizer (Debug + TELEMED_SANITIZE) build is several times slower than a
// Release one: compare figures from the same kind of build only.

#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

#include "bench_support.h"
#include "perf_profile.h"

namespace {

using Clock = std::chrono::steady_clock;
using test::json;

using bench::percentile;

double ms_since(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

void check(int rc, sqlite3* db, const char* what) {
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
        throw std::runtime_error(std::string(what) + ": " + sqlite3_errmsg(db));
}

// Single-row INSERTs, one transaction each, into a fresh file in `dir` with the server's pragmas
// (server/store/sqlite_store.cpp: busy_timeout, foreign_keys, WAL, synchronous=NORMAL). Returns inserts
// per second and p50/p99.
struct InsertFigures {
    double per_second = 0, p50_ms = 0, p99_ms = 0;
    int count = 0;
};
InsertFigures sqlite_insert_rate(const std::filesystem::path& dir, double seconds) {
    const std::string path = (dir / "bench-insert.db").string();
    sqlite3* db = nullptr;
    check(sqlite3_open(path.c_str(), &db), db, "open");
    check(sqlite3_exec(db, "PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL;"
                           "PRAGMA synchronous = NORMAL;"
                           "CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER NOT NULL, b TEXT NOT NULL, c INTEGER NOT NULL)",
                           nullptr, nullptr, nullptr),
          db, "setup");
    sqlite3_stmt* insert = nullptr;
    check(sqlite3_prepare_v2(db, "INSERT INTO t (a, b, c) VALUES (?1, ?2, ?3)", -1, &insert, nullptr), db, "prepare");
    std::vector<double> latencies;
    const auto t0 = Clock::now();
    const auto end = t0 + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
    for (int i = 0; Clock::now() < end; ++i) {
        const auto t = Clock::now();
        check(sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), db, "begin");
        sqlite3_bind_int64(insert, 1, i);
        sqlite3_bind_text(insert, 2, "a row about as long as an appointment's concern", -1, SQLITE_STATIC);
        sqlite3_bind_int64(insert, 3, 1'790'000'000'000 + i);
        check(sqlite3_step(insert), db, "insert");
        sqlite3_reset(insert);
        check(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), db, "commit");
        latencies.push_back(ms_since(t));
    }
    const double elapsed = ms_since(t0) / 1000;
    sqlite3_finalize(insert);
    sqlite3_close(db);
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
    InsertFigures f;
    f.count = static_cast<int>(latencies.size());
    f.per_second = f.count / elapsed;
    f.p50_ms = percentile(latencies, 0.50);
    f.p99_ms = percentile(latencies, 0.99);
    return f;
}

}  // namespace

int main(int argc, char** argv) {
    int clients = 16;
    double seconds = 5;
    std::string perf_file;
    bool perf_dwarf = false;
    std::vector<std::string> server_args;
    bench::choose_server_binary(argv[0]);
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
        if (a == "--server") bench::server_binary = next();
        else if (a == "--clients") clients = std::stoi(next());
        else if (a == "--seconds") seconds = std::stod(next());
        else if (a == "--perf") perf_file = next();
        else if (a == "--perf-dwarf") perf_dwarf = true;
        else if (a == "--") {
            for (++i; i < argc; ++i) server_args.push_back(argv[i]);
        } else return std::fprintf(stderr, "unknown option %s (see the top of booking_throughput.cpp)\n", a.c_str()), 2;
    }

    server_args.insert(server_args.begin(), {"--log-level", "info"});
    test::ServerProcess server(server_args);
    const auto port = server.port();
    std::printf("server: %s (port %u), data dir %s/data\n", bench::server_binary.c_str(), port, server.dir().c_str());

    // One doctor open all week in 15-minute slots from now on: 96 a day, a year ahead (35,000 slots,
    // more than the clients book in the run). Each client books its own share (slot i, i+clients, ...),
    // so every attempt is a real booking, never a slot_taken.
    json year = test::all_week(15, 0);
    year["horizon_days"] = 365;
    test::Person doctor = test::verified_doctor(port, year, 1);
    const auto from = test::now_utc() + std::chrono::hours(1);
    std::vector<json> slots;
    for (int day = 0; day < 364; day += 2) {
        auto more = test::get_slots(doctor, doctor.id, from + std::chrono::days(day), from + std::chrono::days(day + 2));
        slots.insert(slots.end(), more.begin(), more.end());
    }
    // Enough credits for every slot the client could book.
    const int kPurchases = static_cast<int>(slots.size() / static_cast<size_t>(clients) / 24 + 1);
    std::vector<test::Person> patients;
    for (int c = 0; c < clients; ++c) {
        patients.push_back(test::sign_up_person(port, "bench-patient"));
        for (int k = 0; k < kPurchases; ++k)  // kPurchases x 24 credits, at 1 credit a booking
            test::data_of(test::buy_credits(patients.back(), "family", "bench-" + std::to_string(c) + "-" + std::to_string(k)),
                          "buy_credits");
    }
    std::printf("setup: 1 doctor with %zu slots, %d patients with %d credits each\n", slots.size(), clients,
                kPurchases * 24);

    std::vector<std::vector<double>> latencies(static_cast<size_t>(clients));
    std::vector<std::string> failures(static_cast<size_t>(clients));
    std::atomic<int> ready{0};
    std::atomic<bool> go{false};
    std::vector<std::thread> threads;
    Clock::time_point started;
    const auto duration = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
    for (int c = 0; c < clients; ++c)
        threads.emplace_back([&, c] {
            ++ready;
            while (!go) std::this_thread::yield();
            const auto end = started + duration;
            for (size_t i = static_cast<size_t>(c); i < slots.size() && Clock::now() < end; i += static_cast<size_t>(clients)) {
                const auto t0 = Clock::now();
                const json r = test::book(patients[size_t(c)], doctor.id, slots[i]["starts_at"]);
                latencies[size_t(c)].push_back(ms_since(t0));
                if (!r.value("ok", false)) {
                    failures[size_t(c)] = r.dump();
                    return;
                }
            }
        });
    std::optional<bench::PerfRecording> perf;
    if (!perf_file.empty()) {
        perf.emplace(perf_file, perf_dwarf);
        if (!perf->start(bench::child_pid_named("telemed-server"))) perf.reset();
        std::this_thread::sleep_for(std::chrono::milliseconds(200));  // perf attaches before the window opens
    }
    while (ready < clients) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    started = Clock::now();
    go = true;
    for (auto& t : threads) t.join();
    const double elapsed = ms_since(started) / 1000;
    if (perf) perf->stop();

    std::vector<double> all;
    for (auto& v : latencies) all.insert(all.end(), v.begin(), v.end());
    for (const auto& f : failures)
        if (!f.empty()) std::printf("a client stopped on: %s\n", f.c_str());
    const double bookings_per_s = static_cast<double>(all.size()) / elapsed;
    const InsertFigures raw = sqlite_insert_rate(std::filesystem::path(server.dir()) / "data", seconds);

    std::printf("bookings:            %d clients, %.1f s, %zu booked, %.0f/s, p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
                clients, elapsed, all.size(), bookings_per_s, percentile(all, 0.50), percentile(all, 0.99),
                all.empty() ? 0.0 : *std::max_element(all.begin(), all.end()));
    std::printf("raw SQLite INSERT:   1 writer, %d one-row transactions, %.0f/s, p50 %.3f ms, p99 %.3f ms (WAL, synchronous=NORMAL)\n",
                raw.count, raw.per_second, raw.p50_ms, raw.p99_ms);
    std::printf("booking / raw insert: %.1f%%   (hardware threads: %u)\n", 100.0 * bookings_per_s / raw.per_second,
                std::thread::hardware_concurrency());
    if (perf) perf->print_report();
    return 0;
}
