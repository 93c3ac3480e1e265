#include "reconnect_load.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <sstream>
#include <thread>

#include "clinic_flows.h"

namespace test::reconnect {

namespace {

using Clock = std::chrono::steady_clock;

struct Outgoing {
    std::int64_t conversation;
    std::string client_id;  // unique over the run: "rc-<client>-<n>"
};

// One person and the copy of their conversations their client holds.
struct Client {
    std::int64_t id = 0;
    std::string token;
    std::vector<std::int64_t> conversations;
    std::vector<Outgoing> outbox;  // sent one after the other, in this order
    // Per conversation, the client ids of the messages held, message n at [n - 1].
    std::map<std::int64_t, std::vector<std::string>> held;
    long drops = 0, lost_replies = 0, caught_up = 0, server_closes = 0;
    bool finished = false;  // counted in Runner's `finished`
    std::vector<std::string> problems;
};

class Runner {
public:
    Runner(std::uint16_t port, const Options& options, std::atomic<int>& finished)
        : port_(port), options_(options), finished_(finished) {}

    // The client's whole life: send everything, drop now and then, stay until everyone is done, catch up.
    void live(Client& c, unsigned seed) {
        std::mt19937 random(seed);
        std::bernoulli_distribution drop(options_.drop_chance / 2);
        connect(c);
        size_t next = 0;
        while (next < c.outbox.size()) {
            if (drop(random)) {  // between two requests
                ++c.drops;
                connect(c);
                continue;
            }
            const Outgoing& out = c.outbox[next];
            std::optional<json> reply;
            try {
                const auto id = ws_->send_request("send_message", {{"conversation_id", out.conversation},
                                                                   {"client_message_id", out.client_id},
                                                                   {"text", "message " + out.client_id}});
                if (drop(random)) {  // after the request, before its reply: the reply is lost
                    ++c.drops;
                    ++c.lost_replies;
                    connect(c);
                    continue;  // the same message again, with the same client id
                }
                reply = ws_->await_response(id);
            } catch (const std::exception&) {
                ++c.server_closes;  // closed under us (1008 when our queue overflowed): as a drop
                connect(c);
                continue;
            }
            if (!reply->value("ok", false)) {
                problem(c, "send_message refused: " + reply->dump());
                ++next;  // it will show as lost
                continue;
            }
            // The events that came before the reply first (the other member's newer messages); the
            // reply's own message may still be ahead of the copy (an event not read yet): then catch up.
            drain(c);
            bool gap = false;
            apply(c, (*reply)["data"]["message"], &gap);
            if (gap) catch_up(c);
            ++next;
        }
        // Done sending: keep reading (the server would close a socket whose events pile up) until
        // everyone is done, then make sure nothing is missing.
        c.finished = true;
        ++finished_;
        while (finished_.load() < options_.clients) {
            try {
                ws_->request("me");
                drain(c);
            } catch (const std::exception&) {
                ++c.server_closes;
                connect(c);
            }
            std::this_thread::sleep_for(100ms);
        }
        drain(c);
        catch_up(c);
        ws_.reset();
    }

private:
    void problem(Client& c, const std::string& what) {
        if (c.problems.size() < 5) c.problems.push_back("user " + std::to_string(c.id) + ": " + what);
    }

    // A new connection (the old one, if any, dropped without a close frame), then a catch-up.
    void connect(Client& c) {
        ws_.reset();
        for (int attempt = 0;; ++attempt) {
            try {
                ws_ = std::make_unique<WsClient>("127.0.0.1", port_, std::string(), 20s);
                data_of(ws_->hello(), "hello");
                data_of(ws_->request("resume_session", {{"token", c.token}}), "resume_session");
                catch_up(c);
                return;
            } catch (const std::exception&) {
                // Closed again during the catch-up (a slow server's queue for us overflowed): the
                // protocol's answer is the same, connect and catch up again.
                if (attempt == 50) throw;
                ++c.server_closes;
                std::this_thread::sleep_for(100ms);
            }
        }
    }

    // messages_after the last number held, page by page, in every conversation.
    void catch_up(Client& c) {
        for (const std::int64_t conversation : c.conversations) {
            for (bool more = true; more;) {
                const auto have = static_cast<std::int64_t>(c.held[conversation].size());
                const json page = data_of(ws_->request("messages_after", {{"conversation_id", conversation}, {"after", have}}),
                                          "messages_after");
                for (const json& m : page["messages"]) {
                    if (apply(c, m)) ++c.caught_up;
                }
                more = page.value("has_more", false);
            }
        }
        drain(c);
    }

    // The events read so far: each message.created applied; one past a gap sends for a catch-up.
    void drain(Client& c) {
        bool gap = false;
        for (const json& e : ws_->take_pending())
            if (e.value("event", "") == "message.created") apply(c, e["data"]["message"], &gap);
        if (gap) catch_up(c);
    }

    // Adds a message to the client's copy; false when it was held already (or is past a gap, which
    // sets *gap). A repeat must be the very message held under that number.
    bool apply(Client& c, const json& m, bool* gap = nullptr) {
        auto& held = c.held[m["conversation_id"].get<std::int64_t>()];
        const auto number = m["number"].get<std::int64_t>();
        const std::string client_id = m["client_message_id"];
        if (number <= static_cast<std::int64_t>(held.size())) {
            if (held[static_cast<size_t>(number - 1)] != client_id)
                problem(c, "message " + std::to_string(number) + " came back as another one");
            return false;
        }
        if (number > static_cast<std::int64_t>(held.size()) + 1) {
            if (gap) *gap = true;
            else problem(c, "a page skipped numbers");
            return false;
        }
        held.push_back(client_id);
        return true;
    }

    std::uint16_t port_;
    const Options& options_;
    std::atomic<int>& finished_;
    std::unique_ptr<WsClient> ws_;
};

}  // namespace

std::string Report::summary() const {
    std::ostringstream out;
    out << clients << " clients, " << conversations << " conversations, " << messages << " messages, " << drops
        << " drops (" << lost_replies << " between a send and its reply), " << caught_up
        << " messages caught up by messages_after, " << server_closes
        << " connections closed by the server; lost " << lost << ", duplicated " << duplicated << ", reordered "
        << reordered << ", member copies differing " << copies_differing << ", numbering holes " << numbering_holes
        << ", " << seconds << " s";
    for (const auto& p : problems) out << "\n  " << p;
    return out.str();
}

Report run(std::uint16_t port, const Options& options) {
    const auto began = Clock::now();
    const int doctor_count = std::max(1, options.clients / 10);
    const int patient_count = options.clients - doctor_count;
    if (patient_count < 1) throw std::invalid_argument("reconnect test: at least two clients");

    // Setup: doctors, each patient with a visit with one of them (messages need it) and their conversation.
    std::vector<Client> clients(static_cast<size_t>(options.clients));
    std::vector<std::vector<json>> slots;
    for (int d = 0; d < doctor_count; ++d) {
        Person doctor = verified_doctor(port, all_week(30, 0));
        clients[static_cast<size_t>(d)].id = doctor.id;
        clients[static_cast<size_t>(d)].token = doctor.token;
    }
    struct Pair {
        std::int64_t conversation;
        size_t patient, doctor;
    };
    std::vector<Pair> pairs;
    for (int p = 0; p < patient_count; ++p) {
        const auto doctor_at = static_cast<size_t>(p % doctor_count);
        const auto patient_at = static_cast<size_t>(doctor_count + p);
        Person patient = sign_up_person(port, "rc-patient");
        data_of(buy_credits(patient, "bundle5", "rc-" + patient.email), "buy_credits");
        if (slots.size() <= doctor_at)
            slots.push_back(get_slots(patient, clients[doctor_at].id, now_utc() + std::chrono::hours(2), now_utc() + std::chrono::hours(24 * 50)));
        const auto slot = static_cast<size_t>(p / doctor_count);
        if (slot >= slots[doctor_at].size()) throw std::runtime_error("reconnect test: too few slots");
        data_of(book(patient, clients[doctor_at].id, slots[doctor_at][slot]["starts_at"]), "book");
        const json opened = data_of(patient.request("open_conversation", {{"user_id", clients[doctor_at].id}}), "open_conversation");
        const auto conversation = opened["conversation"]["id"].get<std::int64_t>();
        clients[patient_at].id = patient.id;
        clients[patient_at].token = patient.token;
        clients[patient_at].conversations.push_back(conversation);
        clients[doctor_at].conversations.push_back(conversation);
        pairs.push_back({conversation, patient_at, doctor_at});
    }

    // The messages: round robin over the conversations, each from the patient or the doctor at random.
    std::mt19937 random(options.seed);
    std::map<std::int64_t, std::vector<std::string>> intended;  // per conversation, in no order
    for (int n = 0; n < options.messages; ++n) {
        const Pair& pair = pairs[static_cast<size_t>(n) % pairs.size()];
        const size_t from = random() % 2 ? pair.patient : pair.doctor;
        Client& sender = clients[from];
        std::string client_id = "rc-" + std::to_string(sender.id);
        client_id += "-" + std::to_string(sender.outbox.size());
        sender.outbox.push_back({pair.conversation, client_id});
        intended[pair.conversation].push_back(client_id);
    }

    std::atomic<int> finished{0};
    std::vector<std::thread> threads;
    std::vector<std::unique_ptr<Runner>> runners;
    for (size_t i = 0; i < clients.size(); ++i) {
        runners.push_back(std::make_unique<Runner>(port, options, finished));
        threads.emplace_back([&, i, seed = static_cast<unsigned>(random())] {
            try {
                runners[i]->live(clients[i], seed);
            } catch (const std::exception& e) {
                clients[i].problems.push_back(std::string("gave up: ") + e.what());
                if (!clients[i].finished) ++finished;
            }
        });
    }
    for (auto& t : threads) t.join();

    Report report;
    report.clients = options.clients;
    report.conversations = static_cast<int>(pairs.size());
    report.messages = options.messages;
    for (const Client& c : clients) {
        report.drops += c.drops;
        report.lost_replies += c.lost_replies;
        report.caught_up += c.caught_up;
        report.server_closes += c.server_closes;
        for (const auto& p : c.problems)
            if (report.problems.size() < 20) report.problems.push_back(p);
    }

    // The server's truth, read by the patient of each conversation on a fresh connection.
    for (const Pair& pair : pairs) {
        auto ws = greeted(port);
        data_of(ws->request("resume_session", {{"token", clients[pair.patient].token}}), "resume_session");
        std::vector<std::string> truth;
        for (bool more = true; more;) {
            const json page = data_of(ws->request("messages_after", {{"conversation_id", pair.conversation},
                                                                     {"after", static_cast<std::int64_t>(truth.size())}}),
                                      "messages_after");
            for (const json& m : page["messages"]) {
                if (m["number"] != static_cast<std::int64_t>(truth.size()) + 1) {
                    ++report.numbering_holes;
                    more = false;
                    break;
                }
                truth.push_back(m["client_message_id"].get<std::string>());
            }
            more = more && page.value("has_more", false);
        }
        // Each intended message once; each sender's in the order sent (their ids count up).
        std::map<std::string, int> seen;
        for (const auto& id : truth) ++seen[id];
        for (const auto& id : intended[pair.conversation]) {
            const int n = seen.count(id) ? seen[id] : 0;
            if (n == 0) ++report.lost;
            if (n > 1) report.duplicated += n - 1;
        }
        std::map<std::string, long> last_of_sender;  // "rc-<sender>" -> the last sequence seen
        for (const auto& id : truth) {
            const auto dash = id.rfind('-');
            const std::string sender = id.substr(0, dash);
            const long seq = std::stol(id.substr(dash + 1));
            if (auto it = last_of_sender.find(sender); it != last_of_sender.end() && seq < it->second) ++report.reordered;
            last_of_sender[sender] = seq;
        }
        for (const size_t member : {pair.patient, pair.doctor}) {
            const auto& copy = clients[member].held[pair.conversation];
            if (copy != truth) ++report.copies_differing;
        }
    }
    report.seconds = std::chrono::duration<double>(Clock::now() - began).count();
    return report;
}

}  // namespace test::reconnect
