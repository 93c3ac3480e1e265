#include "ghost_load.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <random>
#include <sstream>
#include <thread>

#include "clinic_flows.h"
#include "core/credits/ledger.h"
#include "seed_people.h"
#include "store/sqlite/database.h"
#include "store/sqlite/store.h"

namespace test::ghost {

namespace {

using Clock = std::chrono::steady_clock;
using core::Instant;

constexpr int kPrice = 2;  // credits held in escrow per visit
// The server's join window closes this long after a visit's start (core::JoinPolicy's default); the
// driver checks it against the join_closes_at the server reports.
constexpr auto kWindowClosesAfter = std::chrono::hours(2);

double seconds_between(Clock::time_point from, Clock::time_point to) { return std::chrono::duration<double>(to - from).count(); }

std::string duration_arg(Millis d) { return std::to_string(d.count()) + "ms"; }

enum class Fate { stays, closes, silent };

struct Member {
    core::UserId id = 0;
    std::string token;
    std::unique_ptr<WsClient> ws;  // in the call; gone (closes) or never read again (silent) after the vanish
    Fate fate = Fate::stays;
    // When the server may last have heard from them: the sending of their last request, or the vanish
    // for a closed socket. The grace may count from then, so the other may see them leave as early as
    // this + grace (a silent member's last words come a little before the vanish).
    Clock::time_point quiet_since{};
    std::optional<Clock::time_point> saw_partner_leave;  // a stayer: when they read the other's `left`
    bool saw_partner_leave_early = false;

    json request(const std::string& type, const json& data) {
        quiet_since = Clock::now();
        return ws->request(type, data);
    }
};

struct Visit {
    core::AppointmentId id = 0;
    Member doctor, patient;
    // The doctor's and the patient's sessions on connections of their own that never join the call:
    // they read the call log and the other's presence without changing the room.
    std::unique_ptr<WsClient> doctor_eye, patient_eye;
    // The room's end lies between the last poll that found it open (when that request was sent) and
    // the first that found it ended (when its answer came).
    Clock::time_point last_open{};
    std::optional<Clock::time_point> ended;
    bool left_by_stayers = false;

    int vanished() const { return (doctor.fate != Fate::stays) + (patient.fate != Fate::stays); }
    bool has_silent() const { return doctor.fate == Fate::silent || patient.fate == Fate::silent; }
};

void note(Report& report, const std::string& what) {
    if (report.problems.size() < 20) report.problems.push_back(what);
}

// [setup] -------------------------------------------------------------------------------------------

// People, sessions and confirmed visits with their credits in escrow, through the server's store.
std::vector<Visit> seed(const std::filesystem::path& data_dir, int calls, Instant window_closes) {
    std::filesystem::create_directories(data_dir);
    server::SqliteStore store((data_dir / "telemed.db").string());
    const Instant now = now_utc();
    std::vector<Visit> visits(static_cast<size_t>(calls));
    store.transact([&](core::Transaction& tx) {
        const auto add = [&](Member& m, core::Role role, const std::string& name) {
            m.id = seeding::add_user(tx, name + "@ghost.telemed.test", name, role, now);
            m.token = seeding::add_session(tx, m.id, name + "-ghost-token", now);
        };
        for (int i = 0; i < calls; ++i) {
            Visit& v = visits[static_cast<size_t>(i)];
            add(v.doctor, core::Role::doctor, "ghost-doctor-" + std::to_string(i));
            add(v.patient, core::Role::patient, "ghost-patient-" + std::to_string(i));
            core::Appointment a;
            a.doctor_id = v.doctor.id;
            a.patient_id = v.patient.id;
            a.starts_at = window_closes - kWindowClosesAfter;  // started long ago; its call is open now
            a.ends_at = a.starts_at + std::chrono::minutes(15);
            a.status = core::AppointmentStatus::confirmed;
            a.concern = "Ghost room";
            a.price_credits = kPrice;
            a.created_at = a.updated_at = now;
            v.id = tx.clinic().insert_appointment(a);
            tx.clinic().insert_appointment_change({0, v.id, std::nullopt, a.status, v.patient.id, "", now});
            // As a booking leaves it: credits bought, then held for the visit.
            core::transfer(tx, core::kExternalPayments, core::wallet_account(v.patient.id), core::LedgerKind::grant, kPrice,
                           std::nullopt, "Ghost rooms credits", now);
            core::transfer(tx, core::wallet_account(v.patient.id), core::escrow_account(v.id), core::LedgerKind::hold, kPrice,
                           v.id, "Held for the visit", now);
        }
    });
    return visits;
}

std::unique_ptr<WsClient> signed_in(std::uint16_t port, const std::string& token) {
    auto ws = std::make_unique<WsClient>("127.0.0.1", port, std::string(), 30s);
    data_of(ws->hello(), "hello");
    data_of(ws->request("resume_session", {{"token", token}}), "resume_session");
    return ws;
}

// `subject`'s presence as `viewer` (their care partner) sees it.
std::string presence_of(WsClient& viewer, core::UserId subject) {
    const json people = data_of(viewer.request("presence_of", {{"user_ids", {subject}}}), "presence_of")["people"];
    return people.empty() ? std::string("(hidden)") : people[0].value("state", "");
}

std::string call_status(Visit& v) {
    return data_of(v.doctor_eye->request("call_log", {{"appointment_id", v.id}}), "call_log").value("status", "");
}

// Everyone connected, in the call (the patient admitted), one offer and answer relayed. Each step runs
// over all visits before the next, so no connection stays silent long enough for the keep-alive to
// drop it while the others are set up.
void enter_calls(std::uint16_t port, std::vector<Visit>& visits, Report& report) {
    for (Visit& v : visits) {
        v.doctor.ws = signed_in(port, v.doctor.token);
        v.patient.ws = signed_in(port, v.patient.token);
        v.doctor_eye = signed_in(port, v.doctor.token);
        v.patient_eye = signed_in(port, v.patient.token);
    }
    for (Visit& v : visits) {
        const json id = {{"appointment_id", v.id}};
        data_of(v.doctor.request("call_join", id), "doctor call_join");
        data_of(v.patient.request("call_join", id), "patient call_join");
    }
    for (Visit& v : visits)
        data_of(v.doctor.request("call_admit", {{"appointment_id", v.id}, {"user_id", v.patient.id}}), "call_admit");
    for (Visit& v : visits) {
        data_of(v.patient.request("call_signal", {{"appointment_id", v.id}, {"to_user_id", v.doctor.id}, {"kind", "offer"},
                                                      {"data", {{"type", "offer"}, {"sdp", "v=0\r\n"}}}}),
                "call_signal offer");
        v.doctor.ws->await_event("call.signal");
        data_of(v.doctor.request("call_signal", {{"appointment_id", v.id}, {"to_user_id", v.patient.id}, {"kind", "answer"},
                                                     {"data", {{"type", "answer"}, {"sdp", "v=0\r\n"}}}}),
                "call_signal answer");
    }
    for (Visit& v : visits) {
        report.in_call_before += presence_of(*v.doctor_eye, v.patient.id) == "in_call";
        report.in_call_before += presence_of(*v.patient_eye, v.doctor.id) == "in_call";
        v.patient.ws->take_pending();
        v.doctor.ws->take_pending();
    }
}

// [the vanish] --------------------------------------------------------------------------------------

// Half of all members, chosen at random; a share of them silent, the rest closing their sockets.
void choose_fates(std::vector<Visit>& visits, const Options& o, std::mt19937& random) {
    std::vector<Member*> all;
    for (Visit& v : visits) {
        all.push_back(&v.doctor);
        all.push_back(&v.patient);
    }
    std::shuffle(all.begin(), all.end(), random);
    std::bernoulli_distribution silent(o.silent_share);
    for (size_t i = 0; i < all.size() / 2; ++i) all[i]->fate = silent(random) ? Fate::silent : Fate::closes;
}

void vanish(std::vector<Visit>& visits) {
    for (Visit& v : visits)
        for (Member* m : {&v.doctor, &v.patient})
            if (m->fate == Fate::closes) {
                m->ws.reset();  // the TCP connection closes with no close frame
                m->quiet_since = Clock::now();
            }
    // Fate::silent: the socket stays open and is never read or written again.
}

// [watching] ----------------------------------------------------------------------------------------

// A stayer reads what reached them (a request keeps the connection alive and answers the server's
// pings): the other member's `left`, and when it was read.
void listen(Member& stayer, const Member& other, core::AppointmentId visit, Millis grace, Report& report) {
    data_of(stayer.request("presence_settings", json::object()), "presence_settings");
    for (const json& e : stayer.ws->take_pending()) {
        if (e.value("event", "") != "call.state" || e["data"]["appointment_id"] != visit) continue;
        for (const json& p : e["data"]["participants"]) {
            if (p["user_id"] != other.id || p["state"] != "left" || stayer.saw_partner_leave) continue;
            const auto now = Clock::now();
            stayer.saw_partner_leave = now;
            // Read after it arrived: read earlier than the grace means it came too early.
            if (now - other.quiet_since < grace) {
                stayer.saw_partner_leave_early = true;
                ++report.stayers_saw_leave_early;
                note(report, "visit " + std::to_string(visit) + ": the stayer saw the other leave " +
                                 std::to_string(seconds_between(other.quiet_since, now)) + " s after they went quiet, before the grace");
            }
        }
    }
}

// One look at every room: the rooms of vanished members (ended yet?), the stayers (events), the eyes
// (kept talking so the keep-alive does not drop them).
void look(std::vector<Visit>& visits, const Options& o, Report& report) {
    for (Visit& v : visits) {
        if (!v.ended) {
            const auto asked = Clock::now();
            if (call_status(v) == "open") v.last_open = asked;
            else {
                v.ended = Clock::now();
                if (v.vanished() < 2)
                    note(report, "visit " + std::to_string(v.id) + ": the room ended while a member stayed in the call");
            }
        } else {
            data_of(v.doctor_eye->request("presence_settings"), "presence_settings");
        }
        data_of(v.patient_eye->request("presence_settings"), "presence_settings");
        if (v.doctor.fate == Fate::stays) listen(v.doctor, v.patient, v.id, o.grace, report);
        if (v.patient.fate == Fate::stays) listen(v.patient, v.doctor, v.id, o.grace, report);
    }
}

bool all_seen(const std::vector<Visit>& visits) {
    return std::all_of(visits.begin(), visits.end(), [](const Visit& v) {
        if (v.vanished() == 2) return v.ended.has_value();
        if (v.vanished() == 1) {
            const Member& stayer = v.doctor.fate == Fate::stays ? v.doctor : v.patient;
            return stayer.saw_partner_leave.has_value();
        }
        return true;
    });
}

// The people who stayed leave as people do: the patient hangs up, the doctor ends the call (which
// completes the visit). Afterwards every room must be over.
void leave(std::vector<Visit>& visits, Report& report) {
    for (Visit& v : visits) {
        const json id = {{"appointment_id", v.id}};
        if (v.patient.fate == Fate::stays) data_of(v.patient.request("call_leave", id), "patient call_leave");
        if (v.doctor.fate == Fate::stays) data_of(v.doctor.request("call_end", id), "doctor call_end");
        v.left_by_stayers = v.vanished() < 2;
    }
    for (Visit& v : visits) {
        if (!v.ended && call_status(v) == "ended") v.ended = Clock::now();
        if (!v.ended && v.left_by_stayers) {
            ++report.rooms_open_after_leaving;
            note(report, "visit " + std::to_string(v.id) + ": the room stayed open after its members left");
        }
    }
}

void tally_rooms(const std::vector<Visit>& visits, Clock::time_point vanished_at, const Options& o, Report& report) {
    for (const Visit& v : visits) {
        if (v.vanished() == 0) ++report.rooms_none_vanished;
        if (v.vanished() == 1) ++report.rooms_one_stayed;
        if (v.vanished() != 2) {
            if (v.vanished() == 1) {
                const Member& stayer = v.doctor.fate == Fate::stays ? v.doctor : v.patient;
                if (!stayer.saw_partner_leave) {
                    ++report.stayers_never_saw_leave;
                    note(report, "visit " + std::to_string(v.id) + ": the stayer never saw the other leave");
                } else if (!stayer.saw_partner_leave_early) {
                    ++report.stayers_saw_leave;
                    report.latest_leave_seen_s = std::max(report.latest_leave_seen_s, seconds_between(vanished_at, *stayer.saw_partner_leave));
                }
            }
            continue;
        }
        ++report.rooms_all_vanished;
        const double bound = v.has_silent() ? report.bound_silent_s : report.bound_closed_s;
        if (!v.ended) {
            ++report.rooms_never_ended;
            note(report, "visit " + std::to_string(v.id) + ": its members all vanished and the room never ended");
            continue;
        }
        // Late only when a poll still found it open past the bound (and the slack); the figures are the
        // latest time it was seen open and the earliest it was seen ended.
        const double open_until = seconds_between(vanished_at, v.last_open), ended_by = seconds_between(vanished_at, *v.ended);
        const bool silent = v.has_silent();
        double& seen_open = silent ? report.latest_open_silent_s : report.latest_open_closed_s;
        double& seen_ended = silent ? report.latest_end_silent_s : report.latest_end_closed_s;
        seen_open = std::max(seen_open, open_until);
        seen_ended = std::max(seen_ended, ended_by);
        if (open_until <= bound + o.slack.count() / 1000.0) ++report.rooms_ended_in_bound;
        else {
            ++report.rooms_ended_late;
            note(report, "visit " + std::to_string(v.id) + ": still open " + std::to_string(open_until) + " s after the vanish (bound " +
                             std::to_string(bound) + " s)");
        }
    }
}

// [the file] ----------------------------------------------------------------------------------------
std::int64_t scalar(server::sqlite::Database& db, const std::string& sql, std::int64_t bind = 0) {
    auto s = db.prepare(sql);
    if (sql.find("?1") != std::string::npos) s.bind(1, bind);
    return s.step() ? s.int64(0) : 0;
}

void check_file(const std::string& path, const std::vector<Visit>& visits, Report& report) {
    server::sqlite::Database db(path);
    report.ledger_sum = scalar(db, "SELECT COALESCE(SUM(amount), 0) FROM ledger_entries");
    report.open_stretches = static_cast<int>(scalar(db, "SELECT COUNT(*) FROM call_participations WHERE left_at IS NULL"));
    for (const Visit& v : visits) {
        const auto earnings = scalar(db,
                                     "SELECT COUNT(DISTINCT posting_id) FROM ledger_entries WHERE appointment_id = ?1 "
                                     "AND kind = 'earning' AND account LIKE 'earnings:%'",
                                     v.id);
        if (earnings == 0) ++report.charged_0;
        else if (earnings == 1) ++report.charged_1;
        else ++report.charged_2_or_more;
        if (earnings != 1) note(report, "visit " + std::to_string(v.id) + ": charged " + std::to_string(earnings) + " times");
        report.refunded += scalar(db, "SELECT COUNT(*) FROM ledger_entries WHERE appointment_id = ?1 AND kind IN ('release', 'refund')", v.id) > 0;
        report.escrow_left += scalar(db, "SELECT COALESCE(SUM(amount), 0) FROM ledger_entries WHERE account = 'escrow:' || ?1", v.id) != 0;
        auto s = db.prepare("SELECT status FROM appointments WHERE id = ?1");
        s.bind(1, v.id);
        const std::string status = s.step() ? s.text(0) : "(missing)";
        if (status == "completed") ++report.completed;
        else if (status == "no_show") ++report.no_show;
        else {
            ++report.other_status;
            note(report, "visit " + std::to_string(v.id) + " is " + status + " after its window closed");
        }
    }
}

void say(const Options& o, const std::string& line) {
    if (o.progress) o.progress(line);
}

}  // namespace

bool Report::passed() const {
    return in_call_before == 2 * calls && rooms_ended_late == 0 && rooms_never_ended == 0 && stayers_saw_leave_early == 0 &&
           stayers_never_saw_leave == 0 && rooms_open_after_leaving == 0 && in_call_after == 0 && charged_0 == 0 &&
           charged_2_or_more == 0 && refunded == 0 && other_status == 0 && escrow_left == 0 && ledger_sum == 0 &&
           open_stretches == 0 && server_exit_status == 0 && problems.empty();
}

std::string Report::summary() const {
    std::ostringstream out;
    out.setf(std::ios::fixed);
    out.precision(1);
    out << calls << " calls, " << in_call_before << " people in a call before the vanish\n"
        << "vanished: " << vanished_closed + vanished_silent << " members (" << vanished_closed << " closed their socket, "
        << vanished_silent << " went silent); rooms: " << rooms_all_vanished << " lost both, " << rooms_one_stayed
        << " lost one, " << rooms_none_vanished << " lost none\n"
        << "rooms whose members all vanished: " << rooms_ended_in_bound << " ended in bound, " << rooms_ended_late << " late, "
        << rooms_never_ended << " never\n"
        << "  latest end after the vanish, sockets closed: between " << latest_open_closed_s << " and " << latest_end_closed_s
        << " s (bound " << bound_closed_s << " s = grace + timer interval)\n"
        << "  latest end after the vanish, a silent member: between " << latest_open_silent_s << " and " << latest_end_silent_s
        << " s (bound " << bound_silent_s << " s = max(1.25 x call idle timeout, grace) + timer interval)\n"
        << "stayers: " << stayers_saw_leave << " saw the other leave after the grace (latest read " << latest_leave_seen_s
        << " s after the vanish), " << stayers_saw_leave_early << " too early, " << stayers_never_saw_leave << " never\n"
        << "rooms still open after their members left: " << rooms_open_after_leaving << "\n"
        << "users still in a call: " << in_call_after << "\n"
        << "visits charged 0 / 1 / 2+ times: " << charged_0 << " / " << charged_1 << " / " << charged_2_or_more
        << "; refunded " << refunded << "; completed " << completed << ", no_show " << no_show << ", other " << other_status
        << "; escrow left in " << escrow_left << "\n"
        << "ledger sum " << ledger_sum << ", open call stretches " << open_stretches << ", server exit " << server_exit_status
        << ", " << seconds << " s";
    for (const auto& p : problems) out << "\n  " << p;
    return out.str();
}

Report run(const Options& o) {
    const auto began = Clock::now();
    Report report;
    report.calls = o.calls;
    report.bound_closed_s = (o.grace + o.timer_interval).count() / 1000.0;
    const Millis noticed_within = std::min(o.ws_idle_timeout, o.call_idle_timeout) * 5 / 4;
    report.bound_silent_s = (std::max(noticed_within, o.grace) + o.timer_interval).count() / 1000.0;
    const Millis bound_max(static_cast<std::int64_t>(1000 * (o.silent_share > 0 ? report.bound_silent_s : report.bound_closed_s)));

    char pattern[] = "/tmp/telemed-ghost-XXXXXX";
    if (!mkdtemp(pattern)) throw std::runtime_error("ghost rooms: mkdtemp failed");
    const std::filesystem::path dir = pattern, data = dir / "data";
    struct Cleanup {
        std::filesystem::path dir;
        ~Cleanup() {
            std::error_code ignored;
            if (!std::getenv("TELEMED_KEEP_TEST_DIRS")) std::filesystem::remove_all(dir, ignored);
        }
    } cleanup{dir};

    // The windows close after the whole run's rooms have ended and the stayers have left.
    const Millis leave_margin = 5s + 2 * o.poll;
    const Instant window_closes = now_utc() + o.setup_budget + bound_max + o.slack + o.poll + leave_margin;
    const auto window_closes_steady = Clock::now() + (window_closes - now_utc());
    std::vector<Visit> visits = seed(data, o.calls, window_closes);
    say(o, std::to_string(o.calls) + " visits seeded");

    std::vector<std::string> args = {"--data-dir", data.string(), "--no-seed-demo", "--call-reconnect-grace", duration_arg(o.grace),
                                     "--timer-interval", duration_arg(o.timer_interval), "--ws-idle-timeout", duration_arg(o.ws_idle_timeout),
                                     "--call-idle-timeout", duration_arg(o.call_idle_timeout)};
    args.insert(args.end(), o.server_args.begin(), o.server_args.end());
    ServerProcess server(args);
    const std::uint16_t port = server.port();

    enter_calls(port, visits, report);
    {
        const json a = data_of(visits[0].doctor_eye->request("get_appointment", {{"appointment_id", visits[0].id}}), "get_appointment");
        const auto off = instant_of(a["appointment"]["join_closes_at"]) - window_closes;
        if (off > 1s || off < -1s)
            throw std::runtime_error("ghost rooms: the server's join window is not the 2 hours this driver assumes");
    }
    say(o, std::to_string(o.calls * 2) + " people in " + std::to_string(o.calls) + " calls");
    if (o.at) o.at("connected");

    std::mt19937 random(o.seed);
    choose_fates(visits, o, random);
    const auto vanished_at = Clock::now();
    vanish(visits);
    if (vanished_at - began > o.setup_budget)
        throw std::runtime_error("ghost rooms: setting up took longer than the setup budget; the windows would close too early");
    for (Visit& v : visits) v.last_open = vanished_at;  // every room was open then
    for (const Visit& v : visits)
        for (const Member* m : {&v.doctor, &v.patient}) {
            report.vanished_closed += m->fate == Fate::closes;
            report.vanished_silent += m->fate == Fate::silent;
        }
    say(o, std::to_string(report.vanished_closed + report.vanished_silent) + " members vanished");

    // Watch until every room of vanished members ended and every stayer saw the other leave, or the
    // bound (and the slack) passed.
    const auto watch_until = vanished_at + bound_max + o.slack + o.poll;
    while (Clock::now() < watch_until) {
        const auto round = Clock::now();
        look(visits, o, report);
        if (all_seen(visits)) break;
        std::this_thread::sleep_until(round + o.poll);
    }
    say(o, "rooms watched for " + std::to_string(seconds_between(vanished_at, Clock::now())) + " s after the vanish");
    tally_rooms(visits, vanished_at, o, report);

    leave(visits, report);
    for (Visit& v : visits) {
        report.in_call_after += presence_of(*v.doctor_eye, v.patient.id) == "in_call";
        report.in_call_after += presence_of(*v.patient_eye, v.doctor.id) == "in_call";
    }
    if (report.in_call_after > 0) note(report, std::to_string(report.in_call_after) + " people still in a call after every room ended");
    if (o.at) o.at("ended");

    // Once the windows have closed and the timers ran, every visit must be closed and paid once.
    const auto settled_at = window_closes_steady + o.timer_interval + o.slack;
    say(o, "waiting " + std::to_string(std::max(0.0, seconds_between(Clock::now(), settled_at))) + " s for the join windows to close");
    while (Clock::now() < settled_at) {
        const auto round = Clock::now();
        for (Visit& v : visits) {  // keep the connections alive meanwhile
            data_of(v.doctor_eye->request("presence_settings"), "presence_settings");
            data_of(v.patient_eye->request("presence_settings"), "presence_settings");
            for (Member* m : {&v.doctor, &v.patient})
                if (m->fate == Fate::stays) data_of(m->request("presence_settings", json::object()), "presence_settings");
        }
        std::this_thread::sleep_until(std::min(settled_at, round + std::max(o.poll, Millis(1000))));
    }
    for (Visit& v : visits) {
        v.doctor.ws.reset();
        v.patient.ws.reset();
        v.doctor_eye.reset();
        v.patient_eye.reset();
    }
    report.server_exit_status = server.stop();
    check_file((data / "telemed.db").string(), visits, report);
    report.seconds = seconds_between(began, Clock::now());
    return report;
}

}  // namespace test::ghost
