// Signaling relay: what the server spends on each call_signal (offer, answer, ICE candidate) passed
// between the two members of a live call, beside `me` (an authenticated read: the same session check,
// no call rule, no relay) in the same run. Prints figures; asserts nothing.
//
// A real server process (release build when there is one), a doctor and a patient in a call (the
// patient admitted), then N rounds: the patient sends one signal to the doctor and waits for both the
// doctor's call.signal event and its own reply. Two measures:
//   - server time per message, from the server's own /metrics histogram (frame read -> reply and
//     relayed event queued; bucket resolution, so percentiles read "<= bound"; the mean is exact);
//   - client-observed relay time, send -> the doctor's event arrived (includes both sockets and the
//     client threads; loopback).
//
//   bench_signaling [--rounds 2000] [--server PATH]

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include "bench_support.h"

namespace {

using Clock = std::chrono::steady_clock;
using test::json;

using bench::percentile;

// One type's histogram from the /metrics page: cumulative counts by upper bound (seconds), sum, count.
struct Histogram {
    std::vector<std::pair<double, double>> cumulative;  // (le, count), +Inf as infinity
    double sum = 0, count = 0;
};

Histogram scrape(std::uint16_t port, const std::string& type) {
    const auto page = test::http_get(port, "/metrics");
    if (page.status != 200) throw std::runtime_error("/metrics answered " + std::to_string(page.status));
    Histogram h;
    const std::regex bucket("telemed_request_seconds_bucket\\{type=\"" + type + "\",le=\"([^\"]+)\"\\} (\\d+)");
    const std::regex sum("telemed_request_seconds_sum\\{type=\"" + type + "\"\\} ([0-9.e+-]+)");
    const std::regex count("telemed_request_seconds_count\\{type=\"" + type + "\"\\} (\\d+)");
    std::smatch m;
    for (auto it = std::sregex_iterator(page.body.begin(), page.body.end(), bucket); it != std::sregex_iterator(); ++it) {
        const std::string le = (*it)[1];
        h.cumulative.emplace_back(le == "+Inf" ? INFINITY : std::stod(le), std::stod((*it)[2]));
    }
    if (std::regex_search(page.body, m, sum)) h.sum = std::stod(m[1]);
    if (std::regex_search(page.body, m, count)) h.count = std::stod(m[1]);
    return h;
}

// after - before, so warm-up and set-up requests are left out.
Histogram delta(const Histogram& after, const Histogram& before) {
    Histogram d = after;
    for (size_t i = 0; i < d.cumulative.size() && i < before.cumulative.size(); ++i)
        d.cumulative[i].second -= before.cumulative[i].second;
    d.sum -= before.sum;
    d.count -= before.count;
    return d;
}

// The smallest bucket bound holding at least p of the requests.
double bucket_percentile(const Histogram& h, double p) {
    for (const auto& [le, n] : h.cumulative)
        if (n >= p * h.count) return le;
    return INFINITY;
}

std::string us(double seconds) {
    char b[32];
    if (std::isinf(seconds)) return "inf";
    std::snprintf(b, sizeof b, "%.0f us", seconds * 1e6);
    return b;
}


// What browsers really send: an offer of a typical audio+video SDP size, then trickled candidates.
json signal_payload(int round) {
    if (round % 10 == 0) return {{"type", "offer"}, {"sdp", std::string(4200, 'v')}};
    return {{"candidate", "candidate:842163049 1 udp 1677729535 198.51.100.7 50217 typ srflx raddr 10.0.0.5 rport 50217 "
                          "generation 0 ufrag Qm2b network-cost 999"},
            {"sdpMid", "0"},
            {"sdpMLineIndex", 0}};
}

void report(const char* what, const Histogram& h) {
    std::printf("  %-12s %6.0f messages, mean %s, p50 <= %s, p95 <= %s, p99 <= %s\n", what, h.count,
                us(h.count > 0 ? h.sum / h.count : 0).c_str(), us(bucket_percentile(h, 0.50)).c_str(),
                us(bucket_percentile(h, 0.95)).c_str(), us(bucket_percentile(h, 0.99)).c_str());
}

}  // namespace

int main(int argc, char** argv) {
    int rounds = 2000;
    bench::choose_server_binary(argv[0]);
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
        if (a == "--server") bench::server_binary = next();
        else if (a == "--rounds") rounds = std::stoi(next());
        else return std::fprintf(stderr, "unknown option %s (see the top of signaling.cpp)\n", a.c_str()), 2;
    }

    // "listening" is an info line; the relay limits per member are lifted (this measures the relay's cost).
    test::ServerProcess server({"--log-level", "info", "--signal-offer-burst", "1000000", "--signal-candidate-burst", "1000000"});
    const auto port = server.port();
    std::printf("server: %s (port %u)\n", bench::server_binary.c_str(), port);

    // A confirmed visit that starts within half an hour: its call is open now.
    test::Person doctor = test::verified_doctor(port, test::all_week(30, 0));
    test::Person patient = test::sign_up_person(port, "signal-patient");
    test::data_of(test::buy_credits(patient, "bundle5", "signal-" + patient.email), "buy_credits");
    const auto slots = test::get_slots(patient, doctor.id, test::now_utc(), test::now_utc() + std::chrono::hours(2));
    if (slots.empty()) return std::fprintf(stderr, "no slot\n"), 1;
    const auto visit =
        test::data_of(test::book(patient, doctor.id, slots[0]["starts_at"]), "book")["appointment"]["id"].get<std::int64_t>();
    test::data_of(doctor.request("appointment_action", {{"appointment_id", visit}, {"action", "confirm"}}), "confirm");
    test::data_of(doctor.request("call_join", {{"appointment_id", visit}}), "doctor call_join");
    test::data_of(patient.request("call_join", {{"appointment_id", visit}}), "patient call_join");
    test::data_of(doctor.request("call_admit", {{"appointment_id", visit}, {"user_id", patient.id}}), "call_admit");

    auto one_signal = [&](int round) {
        const auto t0 = Clock::now();
        const auto id = patient.ws->send_request(
            "call_signal", {{"appointment_id", visit}, {"to_user_id", doctor.id}, {"kind", round % 10 == 0 ? "offer" : "candidate"},
                            {"data", signal_payload(round)}});
        doctor.ws->await_event("call.signal");
        const double relayed = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
        test::data_of(patient.ws->await_response(id), "call_signal");
        return relayed;
    };
    for (int i = 0; i < 100; ++i) one_signal(i);  // warm-up
    for (int i = 0; i < 100; ++i) test::data_of(patient.request("me"), "me");

    const Histogram signal_before = scrape(port, "call_signal"), me_before = scrape(port, "me");
    std::vector<double> relay_ms;
    relay_ms.reserve(static_cast<size_t>(rounds));
    for (int i = 0; i < rounds; ++i) relay_ms.push_back(one_signal(i));
    for (int i = 0; i < rounds; ++i) test::data_of(patient.request("me"), "me");
    const Histogram signal = delta(scrape(port, "call_signal"), signal_before);
    const Histogram me = delta(scrape(port, "me"), me_before);

    std::printf("server time per request (its /metrics histogram; frame read -> reply and events queued):\n");
    report("call_signal", signal);
    report("me (ref)", me);
    std::printf("client-observed relay, patient send -> doctor's call.signal event (loopback, %d rounds, 1 in 10 an "
                "offer of 4.2 KB):\n  p50 %.3f ms, p95 %.3f ms, p99 %.3f ms, max %.3f ms\n",
                rounds, percentile(relay_ms, 0.50), percentile(relay_ms, 0.95), percentile(relay_ms, 0.99),
                percentile(relay_ms, 1.0));
    return 0;
}
