// Double booking under real concurrency: 200 patients on 200 WebSockets make 10,000 booking attempts
// on the 100 slots of one doctor. Exactly 100 succeed, every other answer is slot_taken, the doctor's
// calendar has 100 non-overlapping visits, and not one credit appears or disappears.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <barrier>
#include <cstdio>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include "clinic_flows.h"

using namespace test;

namespace {

constexpr int kPatients = 200;
constexpr int kSlots = 100;
constexpr int kAttempts = 10'000;
constexpr int kPrice = 2;
constexpr int kCreditsEach = 24;  // the "family" package

using SteadyClock = std::chrono::steady_clock;
double seconds_since(SteadyClock::time_point t0) {
    return std::chrono::duration<double>(SteadyClock::now() - t0).count();
}

}  // namespace

TEST_CASE("[server] booking race: 10,000 attempts on 100 slots, exactly 100 bookings", "[server][race]") {
    const auto t0 = SteadyClock::now();
    // Sign-ups hash with Argon2id: two at once on a two-core machine (the default is one per hardware
    // thread; say it, so the budget below holds on bigger machines too).
    ServerProcess server({"--max-concurrent-hashes", "2", "--log-level", "info"});
    const auto port = server.port();

    // One doctor, open all week in 15-minute slots with no notice; the window is the first 100 slots
    // from an hour from now (so none starts, and none expires, while the test runs).
    Person doctor = verified_doctor(port, all_week(15, 0), kPrice);
    const auto first_slots = get_slots(doctor, doctor.id, now_utc() + std::chrono::hours(1), now_utc() + std::chrono::hours(48));
    REQUIRE(first_slots.size() >= static_cast<size_t>(kSlots));
    const core::Instant window_from = instant_of(first_slots.front()["starts_at"]);
    const core::Instant window_to = instant_of(first_slots[kSlots - 1]["ends_at"]);
    std::vector<json> slots = get_slots(doctor, doctor.id, window_from, window_to);
    REQUIRE(slots.size() == static_cast<size_t>(kSlots));

    // 200 patients, each on their own connection, signed up and with 24 credits, in parallel.
    std::vector<Person> patients(kPatients);
    {
        std::atomic<int> next{0};
        std::mutex failures_mutex;
        std::vector<std::string> failures;
        std::vector<std::thread> setup;
        for (int t = 0; t < 16; ++t)
            setup.emplace_back([&] {
                for (int i = next++; i < kPatients; i = next++) {
                    try {
                        patients[size_t(i)] = sign_up_person(port, "racer", "patient", 60s);
                        data_of(buy_credits(patients[size_t(i)], "family", "race-purchase-" + std::to_string(i)), "buy_credits");
                    } catch (const std::exception& e) {
                        std::lock_guard lock(failures_mutex);
                        failures.push_back(e.what());
                    }
                }
            });
        for (auto& th : setup) th.join();
        INFO((failures.empty() ? std::string() : failures.front()));
        REQUIRE(failures.empty());
    }
    const double setup_s = seconds_since(t0);

    // The race: 200 threads, 50 attempts each on random slots of the 100, all released at once.
    std::map<std::string, int> outcomes;  // error code (or "ok") -> count
    std::mutex outcomes_mutex;
    std::barrier start_line(kPatients);
    std::vector<std::thread> racers;
    const auto race_started = SteadyClock::now();
    for (int t = 0; t < kPatients; ++t)
        racers.emplace_back([&, t] {
            std::mt19937 rng(static_cast<unsigned>(t) * 7919u + 17u);
            std::uniform_int_distribution<int> pick(0, kSlots - 1);
            std::map<std::string, int> mine;
            start_line.arrive_and_wait();
            for (int i = 0; i < kAttempts / kPatients; ++i) {
                try {
                    const json r = book(patients[size_t(t)], doctor.id, slots[size_t(pick(rng))]["starts_at"]);
                    ++mine[r.value("ok", false) ? std::string("ok") : error_code(r)];
                } catch (const std::exception& e) {
                    ++mine[std::string("exception: ") + e.what()];
                }
            }
            std::lock_guard lock(outcomes_mutex);
            for (const auto& [k, n] : mine) outcomes[k] += n;
        });
    for (auto& th : racers) th.join();
    const double race_s = seconds_since(race_started);

    int total = 0;
    std::string summary;
    for (const auto& [k, n] : outcomes) {
        total += n;
        summary += k + "=" + std::to_string(n) + " ";
    }
    std::printf("booking race: %d attempts in %.1f s (%.0f/s) after %.1f s of setup: %s\n", total, race_s,
                total / race_s, setup_s, summary.c_str());
    INFO(summary);
    CHECK(total == kAttempts);
    CHECK(outcomes["ok"] == kSlots);
    CHECK(outcomes["slot_taken"] == kAttempts - kSlots);
    CHECK(outcomes["patient_busy"] == 0);         // slots never overlap, so nobody can be busy
    CHECK(outcomes["insufficient_credits"] == 0);  // 24 credits buy 12 visits at 2

    // The doctor's calendar: 100 visits, none overlapping, one per slot. A fresh connection: the first
    // one did not read its 200 events during the race, so the server rightly closed it (1008).
    doctor.ws = greeted(port);
    data_of(sign_in(*doctor.ws, doctor.email), "doctor sign_in");
    const json listed = data_of(doctor.request("list_appointments", {{"from", iso(window_from - std::chrono::hours(1))},
                                                                     {"to", iso(window_to + std::chrono::hours(1))}}),
                                "list_appointments");
    std::vector<std::pair<core::Instant, core::Instant>> visits;
    for (const json& a : listed["appointments"]) {
        CHECK(a["status"] == "requested");
        visits.emplace_back(instant_of(a["starts_at"]), instant_of(a["ends_at"]));
    }
    CHECK(visits.size() == static_cast<size_t>(kSlots));
    std::sort(visits.begin(), visits.end());
    int overlaps = 0;
    for (size_t i = 1; i < visits.size(); ++i) overlaps += visits[i].first < visits[i - 1].second;
    CHECK(overlaps == 0);
    CHECK(get_slots(doctor, doctor.id, window_from, window_to).empty());  // every slot is taken

    // The ledger balances: what the patients hold plus what the doctor earned is what they bought.
    std::int64_t available = 0, held = 0;
    for (Person& p : patients) {
        const json w = data_of(p.request("get_wallet"), "get_wallet")["wallet"];
        available += w["available"].get<std::int64_t>();
        held += w["held"].get<std::int64_t>();
    }
    const std::int64_t earnings = data_of(doctor.request("get_wallet"), "doctor get_wallet")["wallet"]["earnings"].get<std::int64_t>();
    CHECK(held == std::int64_t{kSlots} * kPrice);
    CHECK(available + held + earnings == std::int64_t{kPatients} * kCreditsEach);
    std::printf("booking race: ledger available %lld + held %lld + earnings %lld = %lld bought; total %.1f s\n",
                static_cast<long long>(available), static_cast<long long>(held), static_cast<long long>(earnings),
                static_cast<long long>(kPatients) * kCreditsEach, seconds_since(t0));
}
