// The core as the server and the offline demo build it: every domain's service from the composition
// root (core::Services) over one store, with a clock that only moves when a test moves it, test-mode
// payments, no ICE servers, and an ErrorReporter that keeps what it is told. The clinic, calls,
// invitations, recordings, dispatcher and transactions tests start from here (often through
// confirmed_visit.h).
//
//   test_scene::ServicesFixture f(at("2026-11-21T09:00:00Z"));
//   f.clinic.book(…);                          // a service, called directly
//   test_scene::Client c(f.services);          // or one connection through the dispatcher
//   c.hello().sign_in("dr@example.com");
//   json r = c.reply("me");
#pragma once
#include <catch2/catch.hpp>

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/crypto/pbkdf2_hasher.h"
#include "core/services.h"
#include "core/store/memory/memory_store.h"

namespace test_scene {

using json = nlohmann::json;

inline core::Instant at(const char* iso) { return *core::parse_iso8601(iso); }

// Every test account signs up with this password.
inline constexpr const char* kPassword = "a long enough secret";

// Keeps every internal error it is told about, as the server's log would.
class RecordingErrors final : public core::ErrorReporter {
public:
    struct Report {
        std::string where;  // the request type or the timer's name, "disconnect" for the hook
        std::uint64_t connection = 0;
        std::string what;
    };

    void internal_error(std::string_view where, std::uint64_t connection, std::string_view what) noexcept override {
        std::lock_guard lock(mutex_);
        reports_.push_back({std::string(where), connection, std::string(what)});
    }
    std::vector<Report> reports() const {
        std::lock_guard lock(mutex_);
        return reports_;
    }
    void clear() {
        std::lock_guard lock(mutex_);
        reports_.clear();
    }

private:
    mutable std::mutex mutex_;
    std::vector<Report> reports_;
};

struct ServicesFixture {
    // `other`: another store to build on (it must outlive the fixture); by default a MemoryStore of
    // the fixture's own.
    explicit ServicesFixture(core::Instant now, core::ServicePolicies policies = {}, core::Store* other = nullptr)
        : store(other ? *other : memory), clock(now), services(store, hasher, clock, payments, ice, errors, std::move(policies)) {}
    ServicesFixture(const ServicesFixture&) = delete;
    ServicesFixture& operator=(const ServicesFixture&) = delete;

    core::MemoryStore memory;
    core::Store& store;
    core::Pbkdf2Hasher hasher{1};  // cheap: rules are under test here, not the hash cost
    core::ManualClock clock;
    core::TestModePaymentProvider payments{clock};
    core::NoIceServers ice;
    RecordingErrors errors;
    core::Services services;

    // The services by their short names, as the tests use them.
    core::AccountService& accounts = services.accounts;
    core::NotificationService& notifications = services.notifications;
    core::CreditsService& credits = services.credits;
    core::ClinicService& clinic = services.clinic;
    core::CallService& calls = services.calls;
    core::InvitationService& invitations = services.invitations;
    core::RecordingService& recordings = services.recordings;
    core::Dispatcher& dispatcher = services.dispatcher;

    // A credits balance straight from the ledger (wallet:<user>, escrow:<appointment>, …).
    std::int64_t balance(const std::string& account) {
        return store.transact([&](core::Transaction& tx) { return tx.credits().account_balance(account); }).value;
    }
    // The sum of every ledger entry: 0 unless money was created or lost.
    std::int64_t ledger_total() {
        return store.transact([&](core::Transaction& tx) { return tx.credits().ledger_total(); }).value;
    }
};

// One connection through the dispatcher, as the server's WebSocket session drives it.
class Client {
public:
    explicit Client(core::Services& services) : dispatcher_(services.dispatcher) {
        static std::uint64_t next_connection = 0;
        state.id = ++next_connection;  // distinct, like the server's connection numbers
    }

    core::ConnectionState state;

    core::DispatchOutcome send(const std::string& type, json data = json::object()) {
        return dispatcher_.handle(state, json{{"id", next_id_++}, {"type", type}, {"data", std::move(data)}}.dump());
    }
    // The response frame, parsed.
    json reply(const std::string& type, json data = json::object()) { return json::parse(send(type, std::move(data)).reply); }

    Client& hello() {
        REQUIRE(reply("hello", {{"protocol", core::protocol::kVersion}})["ok"] == true);
        return *this;
    }
    Client& sign_in(const std::string& email, const std::string& password = kPassword) {
        REQUIRE(reply("sign_in", {{"email", email}, {"password", password}})["ok"] == true);
        return *this;
    }

private:
    core::Dispatcher& dispatcher_;
    std::int64_t next_id_ = 1;
};

}  // namespace test_scene
