// Messaging throughput: N patient–doctor pairs (1,000 connected people by default), each person sending
// R messages a second to the other for S seconds, open loop (at fixed, evenly spread times, never
// waiting for the previous answer). Every message is persisted (send_message, one store transaction)
// and acknowledged. Prints messages delivered per second (the partner's message.created), send ->
// partner-receives and send -> acknowledged latency (p50/p99/max), and the server's CPU per message
// from /proc/<pid>/stat with the store's held time from /metrics. Prints figures; asserts nothing.
//
//   bench_messaging_throughput [--pairs 500] [--rate 20] [--seconds 10] [--warmup 1] [--server PATH]
//                              [--typing] [--perf FILE [--perf-dwarf]] [-- server flags…]
//
// --typing sends `typing` instead of messages (default rate one every 3.1 s per person, just over the
// server's 3 s relay limit, so every one is relayed) and prints the server's CPU per relayed
// `conversation.typing` event: nothing is stored, the cost is the relay itself.
//
// Setup writes the people straight into a fresh database through the server's own SQLite store (users,
// one confirmed visit per pair so they may write to each other, and a session per person whose token the
// benchmark keeps), then starts telemed-server on that data dir: a thousand Argon2id sign-ins would take
// a minute of setup. Each person then connects, says hello, resumes its session and opens the pair's
// conversation. The load generator is one Asio thread; replies and events are read without a JSON value.

#include <algorithm>
#include <charconv>
#include <chrono>
#include <deque>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <sys/resource.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include "bench_support.h"
#include "perf_profile.h"
#include "reply_scan.h"
#include "../server/seed_people.h"
#include "store/sqlite/store.h"

namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
using Clock = std::chrono::steady_clock;
using test::json;
using bench::StoreCounters;
using bench::store_counters;

struct Options {
    int pairs = 500;
    double rate = 20;  // messages per second per person
    double seconds = 10;
    double warmup = 1;
    std::string perf_file;
    bool perf_dwarf = false;
    bool typing = false;
    std::vector<std::string> server_args;
};

struct Person {
    core::UserId id = 0;
    std::string token;
    size_t partner = 0;  // index of the other member of the pair
};

// ---------------------------------------------------------------------------------------------------
// [SECTION] Setup: people, visits and sessions written through the server's store

std::vector<Person> seed(const std::filesystem::path& data_dir, int pairs) {
    std::filesystem::create_directories(data_dir);
    server::SqliteStore store((data_dir / "telemed.db").string());
    const core::Instant now = std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
    std::vector<Person> people(static_cast<size_t>(pairs) * 2);
    store.transact([&](core::Transaction& tx) {
        for (int p = 0; p < pairs; ++p) {
            const auto add = [&](size_t index, core::Role role, const std::string& name) {
                Person& person = people[index];
                person.id = seeding::add_user(tx, name + "@bench.telemed.test", name, role, now);
                person.token = seeding::add_session(tx, person.id, name + "-token", now);
            };
            const size_t doctor = 2 * static_cast<size_t>(p), patient = doctor + 1;
            add(doctor, core::Role::doctor, "doctor-" + std::to_string(p));
            add(patient, core::Role::patient, "patient-" + std::to_string(p));
            people[doctor].partner = patient;
            people[patient].partner = doctor;
            core::Appointment a;
            a.doctor_id = people[doctor].id;
            a.patient_id = people[patient].id;
            a.starts_at = now + std::chrono::hours(24 + p);
            a.ends_at = a.starts_at + std::chrono::minutes(15);
            a.status = core::AppointmentStatus::confirmed;
            a.concern = "Follow-up";
            a.created_at = a.updated_at = now;
            tx.clinic().insert_appointment(a);
        }
    });
    return people;
}

// ---------------------------------------------------------------------------------------------------
// [SECTION] Load generator

struct Figures {
    double window_s = 0;
    std::int64_t sent = 0, acked = 0, delivered = 0, errors = 0;
    std::vector<float> delivery_ms, ack_ms;
    std::string first_error;
};

class MessagingLoad {
public:
    MessagingLoad(const Options& o, std::uint16_t port, std::vector<Person> people)
        : o_(o), endpoint_(net::ip::make_address("127.0.0.1"), port), people_(std::move(people)), tick_(ioc_) {
        for (size_t i = 0; i < people_.size(); ++i) conns_.push_back(std::make_unique<Conn>(ioc_, i));
    }

    // Returns once everyone is ready; their reads stay armed for run().
    void connect() {
        for (size_t i = 0; i < std::min<size_t>(kMaxConnecting, conns_.size()); ++i) open(*conns_[next_open_++]);
        while (ready_ < conns_.size() && failure_.empty()) ioc_.run_one();
        if (!failure_.empty()) throw std::runtime_error(failure_);
    }

    // Fixes when the load starts and when its measured window opens and closes (window_from/to).
    void plan() {
        const auto per_person = static_cast<std::int64_t>(o_.rate * (o_.warmup + o_.seconds));
        for (auto& c : conns_) c->sent_at.resize(static_cast<size_t>(per_person));
        started_ = Clock::now() + std::chrono::milliseconds(20);
        window_from_ = started_ + seconds(o_.warmup);
        window_to_ = window_from_ + seconds(o_.seconds);
        total_slots_ = per_person * static_cast<std::int64_t>(conns_.size());
    }

    Figures run() {
        schedule_tick();
        ioc_.run();
        f_.window_s = o_.seconds;
        return f_;
    }

    Clock::time_point window_from() const { return window_from_; }
    Clock::time_point window_to() const { return window_to_; }

private:
    static constexpr size_t kMaxConnecting = 128;
    using Ws = beast::websocket::stream<net::ip::tcp::socket>;
    struct Conn {
        Conn(net::io_context& ioc, size_t i) : ws(ioc), index(i) {}
        Ws ws;
        size_t index;
        int step = 0;  // 0 hello, 1 resume_session, 2 open_conversation, 3 ready
        std::int64_t conversation = 0;
        beast::flat_buffer in;
        std::deque<std::string> out;
        bool writing = false;
        std::vector<Clock::time_point> sent_at;  // by message number k
        std::int64_t next_k = 0;
    };

    static Clock::duration seconds(double s) {
        return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s));
    }

    // --- setup
    void open(Conn& c) {
        c.ws.next_layer().async_connect(endpoint_, [this, &c](beast::error_code ec) {
            if (ec) return fail("connect: " + ec.message());
            c.ws.next_layer().set_option(net::ip::tcp::no_delay(true));
            c.ws.secure_prng(false);
            c.ws.text(true);
            c.ws.async_handshake("127.0.0.1", "/ws", [this, &c](beast::error_code ec2) {
                if (ec2) return fail("handshake: " + ec2.message());
                send(c, R"({"id":1,"type":"hello","data":{"protocol":1,"client":"bench_messaging_throughput"}})");
                read(c);
            });
        });
    }

    void on_setup_reply(Conn& c, std::string_view text, const bench::Reply& r) {
        if (!r.ok) return fail("setup step " + std::to_string(c.step) + ": " + std::string(text.substr(0, 300)));
        const Person& me = people_[c.index];
        if (c.step == 0) {
            c.step = 1;
            return send(c, json{{"id", 2}, {"type", "resume_session"}, {"data", {{"token", me.token}}}}.dump());
        }
        if (c.step == 1) {
            c.step = 2;
            return send(c, json{{"id", 3}, {"type", "open_conversation"}, {"data", {{"user_id", people_[me.partner].id}}}}.dump());
        }
        c.conversation = json::parse(text)["data"]["conversation"]["id"].get<std::int64_t>();
        c.step = 3;
        ++ready_;
        if (next_open_ < conns_.size()) open(*conns_[next_open_++]);
    }

    // --- reading: replies (acks) by id, events by scanning for the client_message_id
    void read(Conn& c) {
        c.ws.async_read(c.in, [this, &c](beast::error_code ec, size_t) {
            if (ec) {
                if (loading_ && !stopping_) ++f_.errors;
                return;
            }
            const std::string_view text(static_cast<const char*>(c.in.cdata().data()), c.in.size());
            const bench::Reply r = bench::scan_telemed(text);
            if (c.step < 3) {
                if (r.id >= 0) on_setup_reply(c, text, r);
            } else if (r.id >= 0) {
                on_ack(c, r, text);
            } else if (text.find("\"message.created\"") != std::string_view::npos) {
                on_created(c, text);
            } else if (text.find("\"conversation.typing\"") != std::string_view::npos) {
                on_typing(c);
            }
            c.in.consume(c.in.size());
            if (!stopping_) read(c);
        });
    }

    // Request ids from 100: id - 100 is the message number k.
    void on_ack(Conn& c, const bench::Reply& r, std::string_view text) {
        const std::int64_t k = r.id - 100;
        if (k < 0 || k >= static_cast<std::int64_t>(c.sent_at.size())) return;
        if (!r.ok) {
            ++f_.errors;
            if (f_.first_error.empty()) f_.first_error = std::string(text.substr(0, 300));
            return;
        }
        ++answered_;
        if (in_window(c.sent_at[size_t(k)])) {
            ++f_.acked;
            f_.ack_ms.push_back(std::chrono::duration<float, std::milli>(Clock::now() - c.sent_at[size_t(k)]).count());
        }
        maybe_finish();
    }

    // The partner's typing reached this person: measured from the partner's newest `typing`.
    void on_typing(Conn& c) {
        const Conn& from = *conns_[people_[c.index].partner];
        if (from.next_k == 0) return;
        const auto sent = from.sent_at[size_t(from.next_k - 1)];
        if (!in_window(sent)) return;
        ++f_.delivered;
        f_.delivery_ms.push_back(std::chrono::duration<float, std::milli>(Clock::now() - sent).count());
    }

    // client_message_id "p<sender>-<k>": the partner's copy measures the delivery.
    void on_created(Conn& c, std::string_view text) {
        const auto at = text.find("\"client_message_id\":\"p");
        if (at == std::string_view::npos) return;
        const char* p = text.data() + at + 22;
        const char* end = text.data() + text.size();
        std::uint64_t sender = 0;
        std::int64_t k = 0;
        p = std::from_chars(p, end, sender).ptr;
        if (p >= end || *p != '-') return;
        std::from_chars(p + 1, end, k);
        if (sender == c.index || sender >= conns_.size()) return;  // the sender's own copy
        const Conn& from = *conns_[sender];
        if (k < 0 || k >= static_cast<std::int64_t>(from.sent_at.size())) return;
        const auto sent = from.sent_at[size_t(k)];
        if (!in_window(sent)) return;
        ++f_.delivered;
        f_.delivery_ms.push_back(std::chrono::duration<float, std::milli>(Clock::now() - sent).count());
    }

    // --- sending, open loop
    void schedule_tick() {
        tick_.expires_after(std::chrono::microseconds(250));
        tick_.async_wait([this](beast::error_code ec) {
            if (ec) return;
            send_due();
            if (slot_ < total_slots_) return schedule_tick();
            loading_done_ = Clock::now();
            finish_at_ = loading_done_ + std::chrono::seconds(10);
            maybe_finish();
            drain_tick();
        });
    }

    void drain_tick() {
        tick_.expires_after(std::chrono::milliseconds(20));
        tick_.async_wait([this](beast::error_code ec) {
            if (ec || stopping_) return;
            if (Clock::now() >= finish_at_) return stop();
            drain_tick();
        });
    }

    void send_due() {
        loading_ = true;
        const auto now = Clock::now();
        const double per_s = o_.rate * static_cast<double>(conns_.size());
        while (slot_ < total_slots_) {
            const auto due = started_ + seconds(static_cast<double>(slot_) / per_s);
            if (due > now) break;
            Conn& c = *conns_[static_cast<size_t>(slot_ % static_cast<std::int64_t>(conns_.size()))];
            const std::int64_t k = c.next_k++;
            c.sent_at[size_t(k)] = Clock::now();
            if (in_window(c.sent_at[size_t(k)])) ++f_.sent;
            char frame[256];
            if (o_.typing)
                std::snprintf(frame, sizeof frame, R"({"id":%lld,"type":"typing","data":{"conversation_id":%lld}})",
                              static_cast<long long>(k + 100), static_cast<long long>(c.conversation));
            else
            std::snprintf(frame, sizeof frame,
                          R"({"id":%lld,"type":"send_message","data":{"conversation_id":%lld,"client_message_id":"p%zu-%lld","text":"Message %lld: how are you feeling today?"}})",
                          static_cast<long long>(k + 100), static_cast<long long>(c.conversation), c.index,
                          static_cast<long long>(k), static_cast<long long>(k));
            send(c, frame);
            ++sent_total_;
            ++slot_;
        }
    }

    void send(Conn& c, std::string frame) {
        c.out.push_back(std::move(frame));
        if (!c.writing) write(c);
    }

    void write(Conn& c) {
        c.writing = true;
        c.ws.async_write(net::buffer(c.out.front()), [this, &c](beast::error_code ec, size_t) {
            c.writing = false;
            c.out.pop_front();
            if (ec) return;
            if (!c.out.empty()) write(c);
        });
    }

    bool in_window(Clock::time_point t) const { return t >= window_from_ && t < window_to_; }

    void maybe_finish() {
        if (loading_done_ != Clock::time_point{} && answered_ >= sent_total_) {
            // every ack is in; give the last deliveries a moment
            finish_at_ = std::min(finish_at_, Clock::now() + std::chrono::milliseconds(200));
        }
    }

    void stop() {
        stopping_ = true;
        loading_ = false;
        beast::error_code ignored;
        for (auto& c : conns_) c->ws.next_layer().close(ignored);
    }

    void fail(std::string why) {
        if (failure_.empty()) failure_ = std::move(why);
        for (auto& c : conns_) {
            beast::error_code ignored;
            c->ws.next_layer().close(ignored);
        }
    }

    const Options& o_;
    net::io_context ioc_;
    net::ip::tcp::endpoint endpoint_;
    std::vector<Person> people_;
    std::vector<std::unique_ptr<Conn>> conns_;
    net::steady_timer tick_;
    size_t next_open_ = 0, ready_ = 0;
    std::int64_t slot_ = 0, total_slots_ = 0, sent_total_ = 0, answered_ = 0;
    Clock::time_point started_, window_from_, window_to_, loading_done_{}, finish_at_{};
    bool loading_ = false, stopping_ = false;
    Figures f_;
    std::string failure_;
};

// ---------------------------------------------------------------------------------------------------
// [SECTION] Figures

// Two sockets per person (ours and the server's): raise the soft limit to the hard one.
void raise_open_file_limit() {
    rlimit files{};
    getrlimit(RLIMIT_NOFILE, &files);
    files.rlim_cur = files.rlim_max;
    setrlimit(RLIMIT_NOFILE, &files);
}

float percentile(std::vector<float>& v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    bool rate_given = false;
    bench::choose_server_binary(argv[0]);
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
        if (a == "--pairs") o.pairs = std::stoi(next());
        else if (a == "--rate") o.rate = std::stod(next()), rate_given = true;
        else if (a == "--seconds") o.seconds = std::stod(next());
        else if (a == "--warmup") o.warmup = std::stod(next());
        else if (a == "--server") bench::server_binary = next();
        else if (a == "--perf") o.perf_file = next();
        else if (a == "--perf-dwarf") o.perf_dwarf = true;
        else if (a == "--typing") o.typing = true;
        else if (a == "--") o.server_args.assign(argv + i + 1, argv + argc), i = argc;
        else return std::fprintf(stderr, "unknown option %s (see the top of messaging_throughput.cpp)\n", a.c_str()), 2;
    }
    if (o.typing && !rate_given) o.rate = 1 / 3.1;
    if (o.pairs < 1 || o.rate <= 0 || o.seconds <= 0) return std::fprintf(stderr, "--pairs, --rate, --seconds must be positive\n"), 2;
    raise_open_file_limit();

    char pattern[] = "/tmp/telemed-bench-messaging-XXXXXX";
    if (!mkdtemp(pattern)) return std::perror("mkdtemp"), 1;
    const std::filesystem::path data = std::filesystem::path(pattern) / "data";
    try {
        std::vector<Person> people = seed(data, o.pairs);
        std::vector<std::string> args = {"--log-level", "info", "--data-dir", data.string(), "--no-seed-demo"};
        args.insert(args.end(), o.server_args.begin(), o.server_args.end());
        test::ServerProcess server(args);
        const auto port = server.port();
        const pid_t pid = bench::child_pid_named(std::filesystem::path(bench::server_binary).filename().string().substr(0, 15));
        std::printf("server: %s (port %u), %d pairs seeded in %s\n", bench::server_binary.c_str(), port, o.pairs, data.c_str());

        MessagingLoad load(o, port, std::move(people));
        load.connect();
        std::printf("%d people connected, signed in, conversations open\n", o.pairs * 2);

        // The server's own background with everyone connected and silent (keep-alive checks, session
        // last-seen writes), over a window as long as the measured one: subtracted from the figures below.
        const double idle_from = bench::process_cpu_seconds(pid);
        std::this_thread::sleep_for(std::chrono::duration<double>(o.seconds));
        const double idle_cpu = bench::process_cpu_seconds(pid) - idle_from;

        std::optional<bench::PerfRecording> perf;
        if (!o.perf_file.empty()) perf.emplace(o.perf_file, o.perf_dwarf);
        // The window's CPU and store counters are read by a helper thread at the window's two ends.
        double cpu_from = 0, cpu_to = 0;
        StoreCounters store_from, store_to;
        load.plan();
        std::thread sampler([&] {
            std::this_thread::sleep_until(load.window_from());
            cpu_from = bench::process_cpu_seconds(pid);
            store_from = store_counters(port);
            if (perf) perf->start(pid);
            std::this_thread::sleep_until(load.window_to());
            cpu_to = bench::process_cpu_seconds(pid);
            store_to = store_counters(port);
            if (perf) perf->stop();
        });
        Figures f = load.run();
        sampler.join();

        const double cpu = cpu_to - cpu_from, ops = std::max(1.0, store_to.operations - store_from.operations);
        const char* what = o.typing ? "typing" : "messages";
        std::printf("\nload: %d pairs, every person %.2f %s/s = %.0f %s/s offered, open loop; window %.0f s after %.0f s\n",
                    o.pairs, o.rate, what, o.rate * o.pairs * 2, what, o.seconds, o.warmup);
        std::printf("%-8s sent in window:  %lld, acknowledged %lld, delivered to the partner %lld, errors %lld\n",
                    what, static_cast<long long>(f.sent), static_cast<long long>(f.acked), static_cast<long long>(f.delivered),
                    static_cast<long long>(f.errors));
        std::printf("delivered per second:     %.0f\n", static_cast<double>(f.delivered) / f.window_s);
        const auto print_latency = [](const char* label, std::vector<float>& v) {
            const float p50 = percentile(v, 0.5), p99 = percentile(v, 0.99);  // sorts v
            std::printf("%s p50 %.2f ms, p99 %.2f ms, max %.2f ms\n", label, p50, p99, v.empty() ? 0.f : v.back());
        };
        print_latency("send -> partner receives:", f.delivery_ms);
        print_latency("send -> acknowledged:    ", f.ack_ms);
        const double per = static_cast<double>(std::max<std::int64_t>(1, o.typing ? f.delivered : f.acked));
        std::printf("server CPU while idle:    %.3f cores (everyone connected, nothing sent, same length)\n", idle_cpu / o.seconds);
        std::printf("server CPU per %s: %.1f us (%.2f cores); net of the idle background %.1f us%s\n",
                    o.typing ? "relayed typing event" : "message", 1e6 * cpu / per, cpu / f.window_s,
                    1e6 * std::max(0.0, cpu - idle_cpu) / per, o.typing ? " (the sender's acknowledgement included)" : "");
        std::printf("store per operation:      held %.1f us CPU, %.1f us wall; %.1f operations per COMMIT\n",
                    1e6 * (store_to.held_cpu_s - store_from.held_cpu_s) / ops, 1e6 * (store_to.held_wall_s - store_from.held_wall_s) / ops,
                    ops / std::max(1.0, store_to.commits - store_from.commits));
        if (!f.first_error.empty()) std::printf("first error: %s\n", f.first_error.c_str());
        if (perf) perf->print_report();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "messaging_throughput: %s\n", e.what());
        std::filesystem::remove_all(pattern);
        return 1;
    }
    std::filesystem::remove_all(pattern);
    return 0;
}
