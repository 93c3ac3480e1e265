// Booking throughput: 16 patients on 16 WebSockets book distinct slots of one doctor as fast as the
// server answers, for N seconds, while the doctor's connection receives the events; prints bookings per
// second and p50/p99/max latency. Beside it, in the same run: the server's CPU time per booking (from
// /proc/<pid>/stat, steadier than the rate on a shared machine), the time the store's one connection
// was held per booking (from /metrics: 1 s over it bounds the rate), the load generator's own CPU, the
// raw rate of single-row SQLite INSERT transactions on the same disk with the server's pragmas (WAL,
// synchronous=NORMAL, foreign_keys=ON, busy_timeout=5000) and bookings as a percentage of it. Prints
// figures; asserts nothing. The load generator is one thread (BookingLoad): with 16 blocking clients
// parsing every event it took a third of this 2-core machine from the server.
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
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include "bench_support.h"
#include "perf_profile.h"
#include "reply_scan.h"

namespace {

using Clock = std::chrono::steady_clock;

using bench::StoreCounters;
using bench::store_counters;
using test::json;

using bench::percentile;

// The load: one thread, one io_context, one WebSocket per patient (resuming the session it signed up
// with) plus the doctor's, which reads and drops the events every booking sends it, as the doctor's
// open app would. Each patient books its slots one after the other (the next when the last is
// answered) until the time is up. Replies are read without a JSON value (reply_scan.h) and events
// are not parsed at all: the figures are the server's, not the load generator's.
class BookingLoad {
public:
    struct Client {
        std::string token;
        std::vector<std::string> frames;  // its book requests, in order, ids from 3
    };

    BookingLoad(std::uint16_t port, std::vector<Client> clients, std::string doctor_token)
        : endpoint_(boost::asio::ip::make_address("127.0.0.1"), port) {
        for (auto& c : clients) conns_.push_back(std::make_unique<Conn>(ioc_, std::move(c.token), std::move(c.frames)));
        doctor_ = std::make_unique<Conn>(ioc_, std::move(doctor_token), std::vector<std::string>{});
    }

    // Connects and resumes every session; returns when all are ready.
    void connect() {
        for (auto& c : conns_) open(*c);
        open(*doctor_);
        ioc_.run();
        ioc_.restart();
        if (!failure_.empty()) throw std::runtime_error(failure_);
    }

    // Books for `duration`; the latencies of every answered booking, in ms.
    std::vector<double> run(Clock::duration duration) {
        end_ = Clock::now() + duration;
        for (auto& c : conns_) send_next(*c);
        read(*doctor_);
        ioc_.run();
        if (!failure_.empty()) std::printf("a client stopped on: %s\n", failure_.c_str());
        std::vector<double> all;
        for (auto& c : conns_) all.insert(all.end(), c->latencies.begin(), c->latencies.end());
        return all;
    }

private:
    using Ws = boost::beast::websocket::stream<boost::asio::ip::tcp::socket>;
    struct Conn {
        Conn(boost::asio::io_context& ioc, std::string t, std::vector<std::string> f)
            : ws(ioc), token(std::move(t)), frames(std::move(f)) {}
        Ws ws;
        std::string token;
        std::vector<std::string> frames;
        size_t next = 0;  // the next frame to send
        Clock::time_point sent_at;
        boost::beast::flat_buffer in;
        std::vector<double> latencies;
        int setup_step = 0;  // 0 hello, 1 resume_session, 2 ready
    };

    void open(Conn& c) {
        c.ws.next_layer().async_connect(endpoint_, [this, &c](boost::beast::error_code ec) {
            if (ec) return fail("connect: " + ec.message());
            c.ws.next_layer().set_option(boost::asio::ip::tcp::no_delay(true));
            c.ws.secure_prng(false);
            c.ws.text(true);
            c.ws.async_handshake("127.0.0.1", "/ws", [this, &c](boost::beast::error_code ec2) {
                if (ec2) return fail("handshake: " + ec2.message());
                write(c, R"({"id":1,"type":"hello","data":{"protocol":1,"client":"bench_booking_throughput"}})");
                setup_read(c);
            });
        });
    }

    void setup_read(Conn& c) {
        c.ws.async_read(c.in, [this, &c](boost::beast::error_code ec, size_t) {
            if (ec) return fail("setup read: " + ec.message());
            const auto text = boost::beast::buffers_to_string(c.in.data());
            c.in.consume(c.in.size());
            const bench::Reply r = bench::scan_telemed(text);
            if (r.id < 0) return setup_read(c);  // an event
            if (!r.ok) return fail("setup: " + text.substr(0, 300));
            if (++c.setup_step == 1) {
                write(c, test::json{{"id", 2}, {"type", "resume_session"}, {"data", {{"token", c.token}}}}.dump());
                return setup_read(c);
            }
            // ready: the io_context runs out of work once every connection is here
        });
    }

    void send_next(Conn& c) {
        if (c.next >= c.frames.size() || Clock::now() >= end_) return;
        c.sent_at = Clock::now();
        write(c, c.frames[c.next++]);
        read(c);
    }

    void read(Conn& c) {
        c.ws.async_read(c.in, [this, &c](boost::beast::error_code ec, size_t) {
            if (ec) return;  // the doctor's connection when the run ends; a patient's failure ends its run
            const std::string_view text(static_cast<const char*>(c.in.cdata().data()), c.in.size());
            const bench::Reply r = bench::scan_telemed(text);
            if (&c == doctor_.get() || r.id < 0) {
                c.in.consume(c.in.size());
                if (&c == doctor_.get() && patients_running() == 0) return close_doctor();
                return read(c);
            }
            c.latencies.push_back(std::chrono::duration<double, std::milli>(Clock::now() - c.sent_at).count());
            if (!r.ok) {
                fail(std::string(text.substr(0, 300)));
                c.next = c.frames.size();
            }
            c.in.consume(c.in.size());
            if (c.next < c.frames.size() && Clock::now() < end_) return send_next(c);
            c.next = c.frames.size();  // finished
            if (patients_running() == 0) close_doctor();
        });
    }

    size_t patients_running() const {
        size_t n = 0;
        for (const auto& c : conns_) n += c->next < c->frames.size();
        return n;
    }

    void close_doctor() {
        boost::beast::error_code ignored;
        for (auto& c : conns_) c->ws.next_layer().close(ignored);
        doctor_->ws.next_layer().close(ignored);
    }

    // Requests are small and one per connection at a time: a blocking write never waits here.
    static void write(Conn& c, const std::string& frame) { c.ws.write(boost::asio::buffer(frame)); }

    void fail(std::string why) {
        if (failure_.empty()) failure_ = std::move(why);
    }

    boost::asio::io_context ioc_;
    boost::asio::ip::tcp::endpoint endpoint_;
    std::vector<std::unique_ptr<Conn>> conns_;
    std::unique_ptr<Conn> doctor_;
    Clock::time_point end_;
    std::string failure_;
};


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

    // Each client books its own share of the slots (slot i, i+clients, ...): every attempt is a real
    // booking, never a slot_taken.
    std::vector<BookingLoad::Client> load_clients;
    for (int c = 0; c < clients; ++c) {
        BookingLoad::Client lc{patients[size_t(c)].token, {}};
        std::int64_t id = 3;
        for (size_t i = static_cast<size_t>(c); i < slots.size(); i += static_cast<size_t>(clients))
            lc.frames.push_back(json{{"id", id++}, {"type", "book"},
                                     {"data", {{"doctor_id", doctor.id}, {"starts_at", slots[i]["starts_at"]}, {"concern", "Test visit"}}}}
                                    .dump());
        load_clients.push_back(std::move(lc));
    }
    BookingLoad load(port, std::move(load_clients), doctor.token);
    load.connect();

    std::optional<bench::PerfRecording> perf;
    const pid_t server_pid = bench::child_pid_named(std::filesystem::path(bench::server_binary).filename().string().substr(0, 15));
    if (!perf_file.empty()) {
        perf.emplace(perf_file, perf_dwarf);
        if (!perf->start(server_pid)) perf.reset();
        std::this_thread::sleep_for(std::chrono::milliseconds(200));  // perf attaches before the window opens
    }
    const double server_cpu_before = bench::process_cpu_seconds(server_pid), own_cpu_before = bench::process_cpu_seconds(0);
    const StoreCounters store_before = store_counters(port);
    const auto started = Clock::now();
    std::vector<double> all = load.run(std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds)));
    const double elapsed = ms_since(started) / 1000;
    const double server_cpu = bench::process_cpu_seconds(server_pid) - server_cpu_before;
    const double clients_cpu = bench::process_cpu_seconds(0) - own_cpu_before;
    const StoreCounters store_after = store_counters(port);
    if (perf) perf->stop();

    const double bookings_per_s = static_cast<double>(all.size()) / elapsed;
    const InsertFigures raw = sqlite_insert_rate(std::filesystem::path(server.dir()) / "data", seconds);

    std::printf("bookings:            %d clients, %.1f s, %zu booked, %.0f/s, p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
                clients, elapsed, all.size(), bookings_per_s, percentile(all, 0.50), percentile(all, 0.99),
                all.empty() ? 0.0 : *std::max_element(all.begin(), all.end()));
    const double booked = std::max<double>(1, static_cast<double>(all.size()));
    std::printf("CPU per booking:     server %.0f us (%.2f cores), the load generator (%d clients) %.0f us (%.2f cores)\n",
                1e6 * server_cpu / booked, server_cpu / elapsed, clients, 1e6 * clients_cpu / booked, clients_cpu / elapsed);
    const double operations = std::max(1.0, store_after.operations - store_before.operations);
    std::printf("store, per booking:  held %.0f us CPU, %.0f us wall (one at a time: at most %.0f/s); "
                "%.1f operations per COMMIT\n",
                1e6 * (store_after.held_cpu_s - store_before.held_cpu_s) / operations,
                1e6 * (store_after.held_wall_s - store_before.held_wall_s) / operations,
                operations / std::max(1e-9, store_after.held_wall_s - store_before.held_wall_s),
                operations / std::max(1.0, store_after.commits - store_before.commits));
    std::printf("raw SQLite INSERT:   1 writer, %d one-row transactions, %.0f/s, p50 %.3f ms, p99 %.3f ms (WAL, synchronous=NORMAL)\n",
                raw.count, raw.per_second, raw.p50_ms, raw.p99_ms);
    std::printf("booking / raw insert: %.1f%%   (hardware threads: %u)\n", 100.0 * bookings_per_s / raw.per_second,
                std::thread::hardware_concurrency());
    if (perf) perf->print_report();
    return 0;
}
