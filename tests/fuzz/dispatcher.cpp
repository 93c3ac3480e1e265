// The whole dispatcher over the in-memory store: every domain's routes, handlers, timers and
// disconnect hooks, as the server runs them, fed any sequence of frames on up to three connections.
// Each input starts from the same fresh world: the demo clinic (accounts of every role with the demo
// password, doctors with hours, a patient with credits) at a fixed Monday morning.
//
// The input is lines (so seeds read as scripts and the fuzzer's dictionary of frames mutates well):
//   {"id":1,"type":"hello",...}    a frame on the current connection
//   @2                             the current connection becomes connection 2 (of 0, 1, 2)
//   +900                           the clock moves 900 seconds on and the timers run
//   !                              the current connection drops (its calls go to reconnecting) and a
//                                  fresh, unrelated connection takes its place
//
// Promised for every input: every frame gets exactly one reply, a JSON response carrying the
// request's id when it had one; no handler, timer or hook fails unexpectedly (ErrorReporter stays
// silent); the ledger still sums to zero.
#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <variant>

#include "core/crypto/pbkdf2_hasher.h"
#include "core/protocol/protocol.h"
#include "core/seed/demo_accounts.h"
#include "core/seed/demo_clinic.h"
#include "core/services.h"
#include "core/store/memory/memory_store.h"
#include "fuzz_targets.h"

namespace fuzz {

namespace {

// An internal error is exactly what the fuzzer hunts: it fails the input, naming where it happened.
class ThrowingReporter final : public core::ErrorReporter {
public:
    void internal_error(std::string_view where, std::uint64_t, std::string_view what) noexcept override {
        if (first_.empty()) first_ = std::string(where) + ": " + std::string(what);
    }
    const std::string& first() const { return first_; }

private:
    std::string first_;
};

struct World {
    core::MemoryStore store;
    core::Pbkdf2Hasher hasher{1};  // cheap: the fuzzer signs in thousands of times a second
    core::ManualClock clock{*core::parse_iso8601("2026-11-23T08:00:00Z")};
    core::TestModePaymentProvider payments{clock};
    core::NoIceServers ice;
    ThrowingReporter errors;
    core::Services services{store, hasher, clock, payments, ice, errors};
    std::array<core::ConnectionState, 3> connections;
    std::uint64_t next_connection = 1;

    World() {
        core::seed_demo_clinic(services);
        for (auto& c : connections) c.id = next_connection++;
    }
};

// The server's path for one frame (websocket_session.cpp): what can be answered in memory is, the
// rest goes to handle().
void send(World& w, core::ConnectionState& connection, std::string_view frame) {
    namespace p = core::protocol;
    core::DecodedRequest request = p::decode_request(frame);
    const auto* r = std::get_if<p::Request>(&request);
    const std::optional<std::int64_t> id = r ? std::optional(r->id) : std::get<p::DecodeFailure>(request).id;
    auto outcome = w.services.dispatcher.handle_in_memory(connection, request);
    if (!outcome) outcome = w.services.dispatcher.handle(connection, std::move(request));

    const auto reply = p::decode_server_message(outcome->reply);
    const auto* response = std::get_if<p::Response>(&reply);
    check(response != nullptr, "every frame gets a JSON response");
    check(response->id == id, "the response carries the request's id");
}

}  // namespace

void dispatcher(std::string_view input) {
    World w;
    std::size_t current = 0;
    while (!input.empty()) {
        const auto newline = input.find('\n');
        const std::string_view line = input.substr(0, newline);
        input = newline == std::string_view::npos ? std::string_view{} : input.substr(newline + 1);
        if (line.empty()) continue;

        if (line[0] == '@' && line.size() == 2 && line[1] >= '0' && line[1] <= '2') {
            current = std::size_t(line[1] - '0');
        } else if (line[0] == '+') {
            std::int64_t seconds = 0;
            std::from_chars(line.data() + 1, line.data() + line.size(), seconds);
            // At most a year per step: time moves forward, as it does on a server.
            w.clock.advance(std::chrono::seconds(std::clamp<std::int64_t>(seconds, 0, 366 * 86400)));
            (void)w.services.dispatcher.run_timers();
        } else if (line == "!") {
            (void)w.services.dispatcher.on_disconnect(w.connections[current]);
            w.connections[current] = core::ConnectionState{};
            w.connections[current].id = w.next_connection++;
        } else {
            send(w, w.connections[current], line);
        }
        if (!w.errors.first().empty()) throw Violation("internal error in " + w.errors.first());
    }
    const auto total = w.store.transact([](core::Transaction& tx) { return tx.credits().ledger_total(); }).value;
    check(total == 0, "the ledger sums to zero");
}

}  // namespace fuzz
