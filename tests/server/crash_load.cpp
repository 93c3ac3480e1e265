#include "crash_load.h"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <random>
#include <sstream>
#include <thread>

#include "clinic_flows.h"
#include "core/crypto/base64.h"
#include "store/sqlite/database.h"

namespace test::crash {

namespace {

using Clock = std::chrono::steady_clock;

// The server's current port, 0 while it is down; workers wait here between a kill and the restart.
class Live {
public:
    void set_port(std::uint16_t port) {
        {
            std::lock_guard lock(m_);
            port_ = port;
        }
        cv_.notify_all();
    }
    void stop() {
        {
            std::lock_guard lock(m_);
            stopping_ = true;
        }
        cv_.notify_all();
    }
    bool stopping() {
        std::lock_guard lock(m_);
        return stopping_;
    }
    // The port once the server is up; 0 when the run is over.
    std::uint16_t wait_port() {
        std::unique_lock lock(m_);
        cv_.wait(lock, [&] { return stopping_ || port_ != 0; });
        return stopping_ ? 0 : port_;
    }

private:
    std::mutex m_;
    std::condition_variable cv_;
    std::uint16_t port_ = 0;
    bool stopping_ = false;
};

// A connection signed in with `token`, made again as often as it takes; null once the run is over.
std::unique_ptr<WsClient> reconnect(Live& live, const std::string& token) {
    while (const std::uint16_t port = live.wait_port()) {
        try {
            auto ws = std::make_unique<WsClient>("127.0.0.1", port, std::string(), 5s);
            if (ws->hello().value("ok", false) && ws->request("resume_session", {{"token", token}}).value("ok", false))
                return ws;
        } catch (const std::exception&) {
            // killed meanwhile: wait for the next port
        }
        std::this_thread::sleep_for(10ms);
    }
    return nullptr;
}

struct AckedPurchase {
    std::int64_t id, user, credits;
};
struct AckedMessage {
    std::int64_t id, conversation, number;
    std::string client_id;
};
struct AckedChunk {
    std::int64_t recording, seq, bytes;
};

// What one worker saw: its acknowledgements, and how many requests went unanswered.
struct Tally {
    long requests = 0, unanswered = 0;
    std::vector<AckedPurchase> purchases;
    std::vector<std::int64_t> bookings;
    std::vector<AckedMessage> messages;
    std::vector<AckedChunk> chunks;
};

// Sends one request; nullopt when the connection died first (it is then dropped).
std::optional<json> try_request(std::unique_ptr<WsClient>& ws, Tally& tally, const std::string& type, const json& data) {
    ++tally.requests;
    try {
        return ws->request(type, data);
    } catch (const std::exception&) {
        ++tally.unanswered;
        ws.reset();
        return std::nullopt;
    }
}

// A patient with a doctor of their own: buys, books the doctor's free slots in turn, writes to them.
void patient_loop(Live& live, Person& patient, std::int64_t doctor, std::int64_t conversation,
                  const std::vector<json>& slots, int index, Tally& tally) {
    std::unique_ptr<WsClient> ws;
    size_t next_slot = 1;  // slot 0 was booked at setup
    std::string retry_key;  // of a purchase left unanswered
    for (long n = 0;; ++n) {
        if (!ws && !(ws = reconnect(live, patient.token))) return;
        if (live.stopping()) return;
        const std::string tag = std::to_string(index) + "-" + std::to_string(n);
        switch (n % 3) {
        case 0: {
            // A purchase whose reply was lost is retried with the same key, as the client does: it must
            // then complete once (a kill between its steps leaves it pending until then).
            if (retry_key.empty()) retry_key = "crash-" + tag;
            const auto r = try_request(ws, tally, "buy_credits", {{"package_id", "bundle5"}, {"idempotency_key", retry_key}, {"card", test_card()}});
            if (r) retry_key.clear();
            if (r && r->value("ok", false)) {
                const json& p = (*r)["data"]["purchase"];
                tally.purchases.push_back({p["id"].get<std::int64_t>(), patient.id, p["credits"].get<std::int64_t>()});
            }
            break;
        }
        case 1: {
            if (next_slot >= slots.size()) break;
            const auto r = try_request(ws, tally, "book", {{"doctor_id", doctor}, {"starts_at", slots[next_slot++]["starts_at"]}, {"concern", "crash " + tag}});
            if (r && r->value("ok", false)) tally.bookings.push_back((*r)["data"]["appointment"]["id"].get<std::int64_t>());
            break;
        }
        default: {
            const std::string client_id = "crash-" + tag;
            const auto r = try_request(ws, tally, "send_message", {{"conversation_id", conversation}, {"client_message_id", client_id}, {"text", "crash " + tag}});
            if (r && r->value("ok", false)) {
                const json& m = (*r)["data"]["message"];
                tally.messages.push_back({m["id"].get<std::int64_t>(), conversation, m["number"].get<std::int64_t>(), client_id});
            }
        }
        }
    }
}

// The bytes of chunk `seq`: a WebM header first (the recording's type is read from it), then filler.
std::string chunk_bytes(std::int64_t seq) {
    std::string bytes(2048, '\0');
    for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<char>(seq * 31 + static_cast<std::int64_t>(i) * 7);
    if (seq == 0) bytes.replace(0, 4, std::string("\x1a\x45\xdf\xa3", 4));
    return bytes;
}

// The doctor of a visit in progress uploads a recording chunk by chunk. A call room lives in the
// server's memory only, so after each restart both people join again, consent again and a new
// recording starts (the one cut short stays with the chunks it got).
void recorder_loop(Live& live, Person& doctor, Person& patient, std::int64_t visit, Tally& tally) {
    const json id = {{"appointment_id", visit}};
    while (!live.stopping()) {
        auto d = reconnect(live, doctor.token);
        auto p = reconnect(live, patient.token);
        if (!d || !p) return;
        try_request(d, tally, "call_join", id);
        if (p) try_request(p, tally, "call_join", id);
        if (d) try_request(d, tally, "call_admit", {{"appointment_id", visit}, {"user_id", patient.id}});
        if (d) try_request(d, tally, "call_recording", {{"appointment_id", visit}, {"action", "request"}});
        if (p) try_request(p, tally, "call_recording", {{"appointment_id", visit}, {"action", "consent"}});
        std::optional<json> started;
        if (d && p) started = try_request(d, tally, "recording_start", {{"appointment_id", visit}, {"mime_type", "video/webm"}});
        if (std::getenv("TELEMED_CRASH_DEBUG")) std::fprintf(stderr, "recording_start: %s\n", started ? started->dump().c_str() : "(no reply)");
        if (!started || !started->value("ok", false)) {
            std::this_thread::sleep_for(20ms);  // a kill in the middle: again from the top
            continue;
        }
        const std::int64_t recording = (*started)["data"]["recording"]["id"];
        for (std::int64_t seq = 0; d && !live.stopping(); ++seq) {
            const std::string bytes = chunk_bytes(seq);
            const auto r = try_request(d, tally, "recording_chunk", {{"recording_id", recording}, {"seq", seq}, {"data", core::base64_encode(bytes)}});
            if (!r || !r->value("ok", false)) break;
            tally.chunks.push_back({recording, seq, static_cast<std::int64_t>(bytes.size())});
        }
    }
}

// [checks] ------------------------------------------------------------------------------------------
std::int64_t scalar(server::sqlite::Database& db, const std::string& sql) {
    auto s = db.prepare(sql);
    return s.step() ? s.int64(0) : 0;
}

void note(Report& report, const std::string& what) {
    if (report.problems.size() < 20) report.problems.push_back(what);
}

// Counts the rows a query finds as half-done, naming the kind when there are any.
void count_half_done(Report& report, server::sqlite::Database& db, const std::string& what, const std::string& sql) {
    const std::int64_t n = scalar(db, sql);
    report.half_done += n;
    if (n > 0) note(report, std::to_string(n) + " " + what);
}

void check_file(const std::string& path, const Tally& acked, Report& report) {
    server::sqlite::Database db(path);
    {
        auto s = db.prepare("PRAGMA integrity_check");
        while (s.step()) report.integrity += (report.integrity.empty() ? "" : "; ") + s.text(0);
    }
    report.ledger_sum = scalar(db, "SELECT COALESCE(SUM(amount), 0) FROM ledger_entries");

    // Nothing half-done, whether its request was answered or not.
    count_half_done(report, db, "ledger postings that do not sum to zero",
                    "SELECT COUNT(*) FROM (SELECT posting_id FROM ledger_entries GROUP BY posting_id HAVING SUM(amount) <> 0)");
    count_half_done(report, db, "balances that disagree with their entries",
                    "SELECT COUNT(*) FROM ledger_balances b WHERE balance <> "
                    "(SELECT COALESCE(SUM(amount), 0) FROM ledger_entries e WHERE e.account = b.account)");
    count_half_done(report, db, "wallets below zero",
                    "SELECT COUNT(*) FROM ledger_balances WHERE account LIKE 'wallet:%' AND balance < 0");
    count_half_done(report, db, "succeeded purchases without their posting",
                    "SELECT COUNT(*) FROM purchases p WHERE status = 'succeeded' AND "
                    "(SELECT COALESCE(SUM(amount), 0) FROM ledger_entries e WHERE e.purchase_id = p.id AND e.account = 'wallet:' || p.user_id) <> p.credits");
    count_half_done(report, db, "slot-holding visits whose escrow is not their price",
                    "SELECT COUNT(*) FROM appointments a WHERE status IN ('requested', 'confirmed', 'in_progress') AND "
                    "COALESCE((SELECT balance FROM ledger_balances WHERE account = 'escrow:' || a.id), 0) <> a.price_credits");
    count_half_done(report, db, "visits without their history",
                    "SELECT COUNT(*) FROM appointments a WHERE NOT EXISTS "
                    "(SELECT 1 FROM appointment_changes c WHERE c.appointment_id = a.id)");
    // With (conversation, number) unique and numbers > 0, count = max = last_number means 1..n, no hole.
    count_half_done(report, db, "conversations whose numbering has a hole or disagrees with last_number",
                    "SELECT COUNT(*) FROM conversations c WHERE last_number <> (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id) "
                    "OR last_number <> (SELECT COALESCE(MAX(number), 0) FROM messages m WHERE m.conversation_id = c.id)");
    count_half_done(report, db, "recordings whose totals disagree with their chunks",
                    "SELECT COUNT(*) FROM call_recordings r WHERE "
                    "bytes <> (SELECT COALESCE(SUM(length(data)), 0) FROM call_recording_chunks k WHERE k.recording_id = r.id) OR "
                    "chunks <> (SELECT COUNT(*) FROM call_recording_chunks k WHERE k.recording_id = r.id)");

    // A purchase interrupted between its steps stays pending until retried with its key; each is
    // retried, so only one cut short at the very end of the run may remain.
    report.pending_purchases = scalar(db, "SELECT COUNT(*) FROM purchases WHERE status = 'pending'");

    // Every acknowledgement is still true.
    auto lost = [&](const std::string& what) {
        ++report.lost;
        note(report, "lost: " + what);
    };
    for (const auto& p : acked.purchases) {
        auto s = db.prepare("SELECT status, credits FROM purchases WHERE id = ?1 AND user_id = ?2");
        s.bind(1, p.id).bind(2, p.user);
        if (!s.step() || s.text(0) != "succeeded" || s.int64(1) != p.credits) lost("purchase " + std::to_string(p.id));
    }
    for (const std::int64_t b : acked.bookings) {
        auto s = db.prepare("SELECT COUNT(*) FROM appointments WHERE id = ?1");
        s.bind(1, b);
        if (!s.step() || s.int64(0) != 1) lost("booking " + std::to_string(b));
    }
    for (const auto& m : acked.messages) {
        auto s = db.prepare("SELECT conversation_id, number, client_message_id FROM messages WHERE id = ?1");
        s.bind(1, m.id);
        if (!s.step() || s.int64(0) != m.conversation || s.int64(1) != m.number || s.text(2) != m.client_id)
            lost("message " + std::to_string(m.id));
    }
    for (const auto& c : acked.chunks) {
        auto s = db.prepare("SELECT length(data) FROM call_recording_chunks WHERE recording_id = ?1 AND seq = ?2");
        s.bind(1, c.recording).bind(2, c.seq);
        if (!s.step() || s.int64(0) != c.bytes) lost("chunk " + std::to_string(c.seq) + " of recording " + std::to_string(c.recording));
    }
}

void merge(Tally& into, Tally&& from) {
    into.requests += from.requests;
    into.unanswered += from.unanswered;
    into.purchases.insert(into.purchases.end(), from.purchases.begin(), from.purchases.end());
    into.bookings.insert(into.bookings.end(), from.bookings.begin(), from.bookings.end());
    into.messages.insert(into.messages.end(), from.messages.begin(), from.messages.end());
    into.chunks.insert(into.chunks.end(), from.chunks.begin(), from.chunks.end());
}

}  // namespace

std::string Report::summary() const {
    std::ostringstream out;
    out << "kills " << kills << ", requests " << requests << " (" << unanswered << " unanswered), acknowledged: "
        << purchases_acked << " purchases, " << bookings_acked << " bookings, " << messages_acked << " messages, "
        << chunks_acked << " recording chunks; lost " << lost << ", half-done " << half_done << ", integrity_check "
        << integrity << ", ledger sum " << ledger_sum << ", purchases left pending " << pending_purchases << ", last exit status " << final_exit_status << ", "
        << seconds << " s";
    for (const auto& p : problems) out << "\n  " << p;
    return out.str();
}

Report run(const Options& options) {
    const auto began = Clock::now();
    ServerProcess server;
    const std::uint16_t port = server.port();

    // Setup, before any kill: doctors with open hours, each patient's first visit (for the care
    // relationship messages need) and conversation, and a visit in progress for the recordings.
    std::vector<Person> doctors, patients;
    std::vector<std::int64_t> conversations;
    std::vector<std::vector<json>> slots;
    for (int i = 0; i < options.patients; ++i) {
        doctors.push_back(verified_doctor(port, all_week(15, 0)));
        patients.push_back(sign_up_person(port, "crash-patient"));
        Person& p = patients.back();
        data_of(buy_credits(p, "bundle5", "crash-setup-" + p.email), "buy_credits");
        slots.push_back(get_slots(p, doctors.back().id, now_utc() + std::chrono::hours(2), now_utc() + std::chrono::hours(24 * 59)));
        if (slots.back().empty()) throw std::runtime_error("crash test: the doctor has no slots");
        data_of(book(p, doctors.back().id, slots.back()[0]["starts_at"]), "book");
        const json opened = data_of(p.request("open_conversation", {{"user_id", doctors.back().id}}), "open_conversation");
        conversations.push_back(opened["conversation"]["id"].get<std::int64_t>());
    }
    Person rec_doctor = verified_doctor(port, all_week(30, 0));
    Person rec_patient = sign_up_person(port, "crash-rec-patient");
    data_of(buy_credits(rec_patient, "bundle5", "crash-rec-" + rec_patient.email), "buy_credits");
    const auto rec_slots = get_slots(rec_patient, rec_doctor.id, now_utc(), now_utc() + std::chrono::hours(6));
    if (rec_slots.empty()) throw std::runtime_error("crash test: no slot for the recorded visit");
    const std::int64_t visit = data_of(book(rec_patient, rec_doctor.id, rec_slots[0]["starts_at"]), "book")["appointment"]["id"];
    data_of(rec_doctor.request("appointment_action", {{"appointment_id", visit}, {"action", "confirm"}}), "confirm");

    Live live;
    live.set_port(port);
    std::vector<Tally> tallies(static_cast<size_t>(options.patients) + 1);
    std::vector<std::thread> workers;
    for (int i = 0; i < options.patients; ++i) {
        const auto at = static_cast<size_t>(i);
        workers.emplace_back(patient_loop, std::ref(live), std::ref(patients[at]), doctors[at].id, conversations[at],
                             std::cref(slots[at]), i, std::ref(tallies[at]));
    }
    workers.emplace_back(recorder_loop, std::ref(live), std::ref(rec_doctor), std::ref(rec_patient), visit,
                         std::ref(tallies.back()));

    Report report;
    std::mt19937 random(options.seed);
    std::uniform_int_distribution<long> up_ms(options.min_up.count(), options.max_up.count());
    try {
        for (int k = 0; k < options.kills; ++k) {
            std::this_thread::sleep_for(std::chrono::milliseconds(up_ms(random)));
            live.set_port(0);  // before the kill, so nobody reconnects to the dying process
            server.kill_hard();
            ++report.kills;
            server.restart();  // throws with the server's log when it cannot start over its own file
            live.set_port(server.port());
            if (options.progress && (k + 1) % 20 == 0) options.progress(std::to_string(k + 1) + " kills");
        }
        // A last stretch of load on the restarted server (long enough for the recorder to join, consent
        // and upload again on a slow debug build), then a clean stop and a look at the file.
        std::this_thread::sleep_for(std::max<std::chrono::milliseconds>(options.max_up, 3s));
    } catch (...) {
        live.stop();
        for (auto& w : workers) w.join();
        throw;
    }
    live.stop();
    for (auto& w : workers) w.join();
    report.final_exit_status = server.stop();

    Tally all;
    for (auto& t : tallies) merge(all, std::move(t));
    report.requests = all.requests;
    report.unanswered = all.unanswered;
    report.purchases_acked = static_cast<long>(all.purchases.size());
    report.bookings_acked = static_cast<long>(all.bookings.size());
    report.messages_acked = static_cast<long>(all.messages.size());
    report.chunks_acked = static_cast<long>(all.chunks.size());
    check_file(server.dir() + "/data/telemed.db", all, report);
    report.seconds = std::chrono::duration<double>(Clock::now() - began).count();
    return report;
}

}  // namespace test::crash
