#include "flood_load.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "clinic_flows.h"
#include "seed_people.h"
#include "store/sqlite/store.h"

namespace test::flood {

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t kFrameLimit = 64 * 1024;  // the server's --max-message-bytes default

// ---------------------------------------------------------------------------------------------------
// [SECTION] Setup: people, doctors, visits and a long conversation, written through the server's store

struct Scene {
    std::string victim_token;
    core::UserId victim_doctor = 0;
    std::vector<std::string> heavy_tokens;  // one session per attacker, all the heavy patient's
    std::int64_t heavy_conversation = 0;
    std::vector<core::UserId> doctors;
};

core::Instant now_ms() { return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now()); }

// Words patients and doctors write, so the search index holds realistic terms and prefixes.
const std::vector<std::string>& vocabulary() {
    static const std::vector<std::string> words = {
        "the", "pain", "is", "better", "since", "the", "dose", "was", "changed", "rash", "on", "my", "arm",
        "a", "little", "worse", "at", "night", "please", "take", "two", "tablets", "daily", "after", "food",
        "blood", "pressure", "reading", "this", "morning", "thank", "you", "doctor", "fever", "headache",
        "cough", "sleep", "appointment", "results", "test", "allergy", "cream", "again", "dizzy", "today"};
    return words;
}

std::string sentence(unsigned seed) {
    const auto& words = vocabulary();
    std::string s;
    const unsigned n = 8 + seed % 17;
    for (unsigned i = 0; i < n; ++i) {
        if (i) s += ' ';
        s += words[(seed * 2654435761u + i * 40503u) % words.size()];
    }
    return s;
}

core::UserId add_user(core::Transaction& tx, const std::string& name, core::Role role, core::Instant now) {
    return seeding::add_user(tx, name + "@flood.telemed.test", name, role, now);
}

std::string add_session(core::Transaction& tx, core::UserId user, const std::string& name, core::Instant now) {
    return seeding::add_session(tx, user, name + "-flood-token", now);
}

// A verified doctor open every day, all day, in 15-minute slots, a year ahead: the most slots to compute.
core::UserId add_doctor(core::Transaction& tx, int n, core::Instant now) {
    const core::UserId id = add_user(tx, "doctor-" + std::to_string(n), core::Role::doctor, now);
    core::DoctorProfile p;
    p.user_id = id;
    p.bio = "General practice, " + sentence(static_cast<unsigned>(n));
    p.languages = {"English", "Deutsch"};
    p.years_of_practice = 5 + n % 20;
    p.licence_number = "LIC-" + std::to_string(n);
    p.licence_region = "Flood Council";
    p.verification = core::Verification::verified;
    p.updated_at = now;
    tx.clinic().save_doctor_profile(p);
    core::Availability a;
    a.doctor_id = id;
    for (int d = 0; d < 7; ++d) a.weekly.push_back({d, 0, 24 * 60});
    a.slot_minutes = 15;
    a.min_notice_minutes = 0;
    a.horizon_days = 365;
    tx.clinic().save_availability(a);
    return id;
}

core::AppointmentId add_visit(core::Transaction& tx, core::UserId doctor, core::UserId patient, core::Instant starts,
                              core::Instant now) {
    core::Appointment a;
    a.doctor_id = doctor;
    a.patient_id = patient;
    a.starts_at = starts;
    a.ends_at = starts + std::chrono::minutes(15);
    a.status = starts < now ? core::AppointmentStatus::completed : core::AppointmentStatus::confirmed;
    a.concern = "Follow-up";
    a.price_credits = 2;
    a.created_at = a.updated_at = now;
    return tx.clinic().insert_appointment(a);
}

Scene seed(const std::filesystem::path& data_dir, const Options& o) {
    std::filesystem::create_directories(data_dir);
    server::SqliteStore store((data_dir / "telemed.db").string());
    const core::Instant now = now_ms();
    Scene scene;
    store.transact([&](core::Transaction& tx) {
        for (int d = 0; d < std::max(1, o.doctors); ++d) scene.doctors.push_back(add_doctor(tx, d, now));
        // The victim: one visit with their own doctor (so they may write), nothing heavy.
        const core::UserId victim = add_user(tx, "victim", core::Role::patient, now);
        scene.victim_token = add_session(tx, victim, "victim", now);
        scene.victim_doctor = add_doctor(tx, -1, now);
        add_visit(tx, scene.victim_doctor, victim, now + std::chrono::hours(48), now);
        // The heavy patient: visits spread over a year around now with every doctor, and a long
        // conversation with the first doctor.
        const core::UserId heavy = add_user(tx, "heavy", core::Role::patient, now);
        for (int i = 0; i < o.attackers; ++i) scene.heavy_tokens.push_back(add_session(tx, heavy, "heavy-" + std::to_string(i), now));
        for (int v = 0; v < o.visits; ++v) {
            const auto starts = now - std::chrono::hours(24 * 180) + std::chrono::hours(24 * 360) * v / std::max(1, o.visits);
            add_visit(tx, scene.doctors[size_t(v) % scene.doctors.size()], heavy,
                      std::chrono::time_point_cast<std::chrono::minutes>(starts), now);
        }
        core::Conversation c;
        c.patient_id = heavy;
        c.doctor_id = scene.doctors[0];
        c.created_at = now;
        scene.heavy_conversation = tx.messaging().insert_conversation(c);
        for (int m = 0; m < o.messages; ++m) {
            core::Message msg;
            msg.conversation_id = scene.heavy_conversation;
            msg.sender_id = m % 3 ? heavy : scene.doctors[0];
            msg.client_message_id = "seed-" + std::to_string(m);
            msg.text = sentence(static_cast<unsigned>(m));
            msg.created_at = now - std::chrono::seconds(o.messages - m);
            tx.messaging().insert_message(msg);
        }
    });
    return scene;
}

// ---------------------------------------------------------------------------------------------------
// [SECTION] What the attackers send

enum class How { text, binary, oversized };  // oversized: a raw frame header announcing `bytes`

struct Shot {
    std::string name;
    How how = How::text;
    std::string payload;
    std::size_t bytes = 0;
    std::vector<std::string> allowed;  // outcomes the protocol allows for it
};

std::string request(const std::string& type, const json& data) { return json{{"id", 1}, {"type", type}, {"data", data}}.dump(); }

std::vector<Shot> garbage_shots() {
    const std::string deep = R"({"id":1,"type":"hello","data":{"x":)" + std::string(20000, '[') + std::string(20000, ']') + "}}";
    return {
        {"not JSON", How::text, "this is {not json", 0, {"bad_json"}},
        {"truncated JSON", How::text, R"({"id":7,"type":"me","data":{)", 0, {"bad_json"}},
        {"binary frame", How::binary, std::string("\x00\x01\x02\xff", 4), 0, {"bad_message"}},
        {"array", How::text, "[1,2,3]", 0, {"bad_message"}},
        {"string id", How::text, R"({"id":"x","type":"me"})", 0, {"bad_message", "invalid_field"}},
        {"data not an object", How::text, R"({"id":1,"type":"me","data":[1]})", 0, {"bad_message", "invalid_field"}},
        {"unknown type", How::text, request("launch_rockets", json::object()), 0, {"unknown_type"}},
        {"wrong field type", How::text, request("search_messages", {{"query", 42}}), 0, {"invalid_field"}},
        {"deep nesting", How::text, deep, 0, {"too_deep"}},
        {"invalid UTF-8", How::text, R"({"id":1,"type":"me","data":{"x":")" + std::string("\xff\xfe") + "\"}}", 0, {"close 1007"}},
    };
}

std::vector<Shot> oversized_shots(const Scene& s) {
    const std::string huge(60000, 'a');
    json many = json::object();
    for (int i = 0; i < 5000; ++i) many["f" + std::to_string(i)] = i;
    const json ids(15000, 1);
    return {
        {"frame just over the limit", How::oversized, {}, kFrameLimit + 1, {"close 1009"}},
        {"frame 4x the limit", How::oversized, {}, 4 * kFrameLimit, {"close 1009"}},
        {"huge search query", How::text, request("search_messages", {{"query", huge}}), 0, {"invalid_field"}},
        {"huge message text", How::text,
         request("send_message", {{"conversation_id", s.heavy_conversation}, {"client_message_id", "huge"}, {"text", huge}}), 0,
         {"invalid_field"}},
        {"huge doctor search", How::text, request("find_doctors", {{"text", huge}}), 0, {"(ok)", "invalid_field", "rate_limited", "overloaded"}},
        {"5000 fields", How::text, request("me", many), 0, {"(ok)"}},
        {"15000-element array", How::text, request("get_slots", {{"doctor_id", ids}}), 0, {"invalid_field"}},
    };
}

std::vector<Shot> expensive_shots(const Scene& s) {
    const std::vector<std::string> ok = {"(ok)", "rate_limited", "overloaded"};
    const core::Instant now = now_ms();
    std::vector<Shot> shots;
    for (const char* q : {"a", "th", "pain", "dose the"})
        shots.push_back({std::string("search_messages ") + q, How::text, request("search_messages", {{"query", q}, {"limit", 50}}), 0, ok});
    shots.push_back({"conversation_history", How::text,
                     request("conversation_history", {{"conversation_id", s.heavy_conversation}, {"limit", 50}}), 0, ok});
    shots.push_back({"messages_after 0", How::text,
                     request("messages_after", {{"conversation_id", s.heavy_conversation}, {"after", 0}, {"limit", 200}}), 0, ok});
    for (size_t d = 0; d < std::min<size_t>(3, s.doctors.size()); ++d)
        shots.push_back({"get_slots 62 days", How::text,
                         request("get_slots", {{"doctor_id", s.doctors[d]}, {"from", iso(now)}, {"to", iso(now + std::chrono::hours(24 * 62))}}),
                         0, ok});
    shots.push_back({"find_doctors", How::text, request("find_doctors", json::object()), 0, ok});
    shots.push_back({"find_doctors text", How::text, request("find_doctors", {{"text", "e"}}), 0, ok});
    shots.push_back({"list_appointments 2 years", How::text,
                     request("list_appointments", {{"from", iso(now - std::chrono::hours(24 * 365))}, {"to", iso(now + std::chrono::hours(24 * 365))}}),
                     0, ok});
    shots.push_back({"list_conversations", How::text, request("list_conversations", json::object()), 0, ok});
    shots.push_back({"list_notifications", How::text, request("list_notifications", json::object()), 0, ok});
    shots.push_back({"get_wallet", How::text, request("get_wallet", json::object()), 0, ok});
    return shots;
}

// ---------------------------------------------------------------------------------------------------
// [SECTION] Reading answers without parsing big ones

// The outcome of one frame: "(ok)", the error code, or "close <code>" once the server closed. Big
// frames are successes or events (errors are small), and `"ok":true` with bare quotes can only be the
// top-level key: quotes inside JSON strings are escaped.
struct Answer {
    std::string outcome;
    bool event = false;
    bool has_retry_after = false;
};

Answer read_answer(const std::string& text) {
    if (text.size() > 16 * 1024) {
        if (text.find("\"ok\":true") != std::string::npos) return {"(ok)"};
        return {"", text.find("\"event\":") != std::string::npos};
    }
    const json m = json::parse(text, nullptr, false);
    if (m.is_discarded() || !m.is_object()) return {"(unreadable answer)"};
    if (m.contains("event")) return {"", true};
    if (m.value("ok", false)) return {"(ok)"};
    const json& e = m.contains("error") && m["error"].is_object() ? m["error"] : json::object();
    return {e.value("code", "(no code)"), false, e.contains("retry_after_s") && e["retry_after_s"].get<int>() >= 1};
}

// ---------------------------------------------------------------------------------------------------
// [SECTION] Attackers and the victim

struct Shared {
    std::uint16_t port = 0;
    const Scene* scene = nullptr;
    std::atomic<bool> stop{false};
    std::atomic<long> frames{0};  // sent so far in this phase, by all attackers
    std::mutex m;
    Phase* phase = nullptr;  // counts are merged here under m
};

// A connection that said hello and resumed one of the heavy patient's sessions.
std::unique_ptr<WsClient> connect_heavy(std::uint16_t port, const std::string& token) {
    auto c = greeted(port);
    c->set_timeout(std::chrono::seconds(30));
    data_of(c->request("resume_session", {{"token", token}}), "resume_session");
    return c;
}

// Sends one shot; the outcome (or "close N" when the socket was closed, "dropped" when it broke).
Answer fire(WsClient& c, const Shot& shot) {
    try {
        if (shot.how == How::oversized) c.send_oversized_text(shot.bytes);
        else if (shot.how == How::binary) c.send_binary(shot.payload);
        else c.send_text(shot.payload);
    } catch (const Timeout&) {
        return {"timeout"};
    } catch (const std::exception&) {
        return {"dropped"};
    }
    for (;;) {
        std::optional<std::string> text;
        try {
            text = c.next_text();
        } catch (const Timeout&) {
            return {"timeout"};
        }
        if (!text) return {"close " + std::to_string(c.await_close().code)};
        Answer a = read_answer(*text);
        if (!a.event) return a;
    }
}

void attack(Shared& sh, int index, const std::vector<Shot>& shots, int nice) {
    // The attackers share the victim's process and, on a small machine, its cores: below the victim's
    // priority, so its latency is the server's and not that of fifty threads of this program.
    if (nice) (void)setpriority(PRIO_PROCESS, static_cast<id_t>(::syscall(SYS_gettid)), nice);
    std::map<std::string, long> outcomes, unexpected;
    long sent = 0, reconnects = 0;
    const std::string& token = sh.scene->heavy_tokens[size_t(index)];
    std::unique_ptr<WsClient> c;
    try {
        c = connect_heavy(sh.port, token);
        for (size_t n = size_t(index); !sh.stop; ++n) {
            const Shot& shot = shots[n % shots.size()];
            const Answer a = fire(*c, shot);
            ++sent;
            ++sh.frames;
            ++outcomes[a.outcome];
            const bool allowed = std::find(shot.allowed.begin(), shot.allowed.end(), a.outcome) != shot.allowed.end();
            if (!allowed) ++unexpected[shot.name + " -> " + a.outcome];
            else if ((a.outcome == "rate_limited" || a.outcome == "overloaded") && !a.has_retry_after)
                ++unexpected[shot.name + " -> " + a.outcome + " without retry_after_s"];
            if (a.outcome == "timeout") break;  // the server stopped answering: a finding, not a loop
            if (!c->is_open() || a.outcome == "dropped" || a.outcome.rfind("close", 0) == 0) {
                c = connect_heavy(sh.port, token);
                ++reconnects;
            }
        }
    } catch (const std::exception& e) {
        ++unexpected[std::string("attacker setup failed: ") + e.what()];
    }
    std::lock_guard lock(sh.m);
    sh.phase->sent += sent;
    sh.phase->reconnects += reconnects;
    for (const auto& [k, v] : outcomes) sh.phase->outcomes[k] += v;
    for (const auto& [k, v] : unexpected) sh.phase->unexpected[k] += v;
}

std::vector<Shot> shots_for(Kind kind, const Scene& s, int index) {
    switch (kind) {
        case Kind::garbage: return garbage_shots();
        case Kind::oversized: return oversized_shots(s);
        case Kind::expensive: return expensive_shots(s);
        case Kind::all: return shots_for(std::array{Kind::garbage, Kind::oversized, Kind::expensive}[size_t(index) % 3], s, index);
        case Kind::baseline: break;
    }
    return {};
}

double ms_since(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

// The well-behaved person: `me` every gap, and every fifth time a message to their doctor instead.
void behave(WsClient& victim, std::int64_t conversation, const std::function<bool()>& done, int gap_ms, Phase& phase,
            long& sequence) {
    for (long n = 0; !done(); ++n) {
        const bool send = n % 5 == 4;
        const auto t0 = Clock::now();
        const json r = send ? victim.request("send_message", {{"conversation_id", conversation},
                                                              {"client_message_id", "victim-" + std::to_string(++sequence)},
                                                              {"text", "How long should I keep taking the tablets?"}})
                            : victim.request("me");
        (send ? phase.send_ms : phase.me_ms).push_back(ms_since(t0));
        if (!r.value("ok", false)) ++phase.victim_failures;
        victim.take_pending();  // its own message.created events: not needed
        std::this_thread::sleep_for(std::chrono::milliseconds(gap_ms));
    }
}

// ---------------------------------------------------------------------------------------------------
// [SECTION] The server process from outside: memory, CPU, health, internal errors

double status_mib(pid_t pid, const char* field) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(field, 0) == 0) return std::stod(line.substr(std::string(field).size())) / 1024.0;  // kB
    return 0;
}

double cpu_seconds(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto close = stat.rfind(')');
    if (close == std::string::npos) return 0;
    std::istringstream rest(stat.substr(close + 2));
    std::string field;
    double utime = 0, stime = 0;
    for (int i = 3; rest >> field; ++i) {  // fields 14 and 15: utime, stime in clock ticks
        if (i == 14) utime = std::stod(field);
        if (i == 15) {
            stime = std::stod(field);
            break;
        }
    }
    return (utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

double internal_errors(std::uint16_t port) {
    std::istringstream page(http_get(port, "/metrics").body);
    double total = 0;
    for (std::string line; std::getline(page, line);)
        if (line.rfind("telemed_internal_errors_total", 0) == 0) total += std::stod(line.substr(line.rfind(' ') + 1));
    return total;
}

bool healthy(std::uint16_t port) {
    try {
        return http_get(port, "/healthz").status == 200;
    } catch (const std::exception&) {
        return false;
    }
}

// Samples VmRSS every 50 ms until stopped; the highest value seen.
class RssWatch {
public:
    explicit RssWatch(pid_t pid) : thread_([this, pid] {
        while (!stop_) {
            const double now = status_mib(pid, "VmRSS:");
            peak_ = std::max(peak_.load(), now);
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    }) {}
    double finish() {
        stop_ = true;
        thread_.join();
        return peak_;
    }

private:
    std::atomic<bool> stop_{false};
    std::atomic<double> peak_{0};
    std::thread thread_;
};

struct Victim {
    std::unique_ptr<WsClient> ws;
    std::int64_t conversation = 0;
    long sequence = 0;  // client_message_id of the next message
};

Phase run_phase(Kind kind, const Options& o, ServerProcess& server, const Scene& scene, Victim& victim) {
    Phase phase;
    phase.kind = kind;
    Shared sh;
    sh.port = server.port();
    sh.scene = &scene;
    sh.phase = &phase;
    RssWatch rss(server.pid());
    std::vector<std::thread> attackers;
    if (kind != Kind::baseline)
        for (int i = 0; i < o.attackers; ++i)
            attackers.emplace_back([&sh, &scene, &o, kind, i] { attack(sh, i, shots_for(kind, scene, i), o.attacker_nice); });
    std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the flood is under way
    const double cpu0 = cpu_seconds(server.pid());
    const auto t0 = Clock::now();
    try {
        const auto until = t0 + std::chrono::milliseconds(static_cast<long>(o.seconds * 1000));
        const long min_frames = kind == Kind::baseline ? 0 : o.min_flood_frames;
        const auto done = [&] {
            const auto now = Clock::now();
            return now >= until && (sh.frames >= min_frames || now >= until + std::chrono::minutes(1));
        };
        behave(*victim.ws, victim.conversation, done, o.victim_gap_ms, phase, victim.sequence);
    } catch (const std::exception& e) {
        ++phase.victim_failures;  // a timeout or a closed socket: the victim was not served
        if (o.progress) o.progress(std::string("the victim's connection failed: ") + e.what());
    }
    phase.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    phase.cpu_s = cpu_seconds(server.pid()) - cpu0;
    sh.stop = true;
    for (std::thread& t : attackers) t.join();
    phase.peak_rss_mib = rss.finish();
    phase.hwm_mib = status_mib(server.pid(), "VmHWM:");
    phase.alive = ::kill(server.pid(), 0) == 0 && healthy(server.port());
    if (phase.alive) phase.internal_errors = internal_errors(server.port());
    return phase;
}

}  // namespace

const char* to_string(Kind kind) {
    switch (kind) {
        case Kind::baseline: return "baseline";
        case Kind::garbage: return "garbage";
        case Kind::oversized: return "oversized";
        case Kind::expensive: return "expensive";
        case Kind::all: return "all at once";
    }
    return "?";
}

std::string latency_line(const std::vector<double>& ms) {
    std::vector<double> v = ms;
    std::sort(v.begin(), v.end());
    const auto at = [&](double p) { return v.empty() ? 0.0 : v[std::min(v.size() - 1, static_cast<size_t>(p * double(v.size())))]; };
    char line[160];
    std::snprintf(line, sizeof line, "n=%-5zu p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms", v.size(), at(0.5), at(0.99), at(1.0));
    return line;
}

Report run(const Options& o) {
    char pattern[] = "/tmp/telemed-flood-XXXXXX";
    if (!mkdtemp(pattern)) throw std::runtime_error("mkdtemp failed");
    const std::filesystem::path dir = pattern;
    Report report;
    {
        const Scene scene = seed(dir / "data", o);
        std::vector<std::string> args = {"--data-dir", (dir / "data").string(), "--no-seed-demo"};
        args.insert(args.end(), o.server_args.begin(), o.server_args.end());
        ServerProcess server(args);
        if (o.progress) o.progress("server up on port " + std::to_string(server.port()) + ", pid " + std::to_string(server.pid()));

        Victim victim;
        victim.ws = greeted(server.port());
        data_of(victim.ws->request("resume_session", {{"token", scene.victim_token}}), "victim resume_session");
        victim.conversation = data_of(victim.ws->request("open_conversation", {{"user_id", scene.victim_doctor}}),
                                      "victim open_conversation")["conversation"]["id"].get<std::int64_t>();
        for (int i = 0; i < 50; ++i) data_of(victim.ws->request("me"), "victim warm-up");
        report.start_rss_mib = status_mib(server.pid(), "VmRSS:");

        for (Kind kind : o.phases) {
            report.phases.push_back(run_phase(kind, o, server, scene, victim));
            const Phase& p = report.phases.back();
            if (o.progress) o.progress(std::string(to_string(kind)) + ": done, " + std::to_string(p.sent) + " flood frames");
            for (const auto& [what, n] : p.unexpected)
                if (report.problems.size() < 20) report.problems.push_back(std::string(to_string(kind)) + ": " + what + " (x" + std::to_string(n) + ")");
            if (p.victim_failures && report.problems.size() < 20)
                report.problems.push_back(std::string(to_string(kind)) + ": the victim got " + std::to_string(p.victim_failures) + " failed answers");
            if (!p.alive) {
                report.problems.push_back(std::string(to_string(kind)) + ": the server did not survive");
                break;
            }
        }
        victim.ws->close();
        report.exit_status = server.stop();
    }
    std::error_code ignored;
    if (!std::getenv("TELEMED_KEEP_TEST_DIRS")) std::filesystem::remove_all(dir, ignored);
    return report;
}

}  // namespace test::flood
