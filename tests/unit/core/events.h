// Reading the events an operation left in its Effects, as the person receiving them would: each
// delivery of one event type, decoded with that event's own struct (core/<domain>/messages.h), so a
// test never parses event JSON by hand and a field renamed in a message breaks the test at compile time.
//
//   auto states = events_of<msg::CallStateChanged>(fx);             // every call.state, in order
//   auto mine   = events_to<msg::NotificationCreated>(fx, doctor);  // only those addressed to the doctor
//   for (const auto& [to, n] : sent<msg::NotificationCreated>(fx))  // with whom each went to
//
// An event whose JSON does not decode into its struct fails the test where it is read.
#pragma once
#include <catch2/catch.hpp>

#include <vector>

#include "core/api/routes.h"
#include "core/effects.h"
#include "core/protocol/codec.h"

namespace test_events {

template <typename E>
struct Sent {
    core::Audience to;
    E event;
};

// Every delivery of event E, decoded, in the order the operation produced them.
template <typename E>
std::vector<Sent<E>> sent(const core::Effects& fx) {
    std::vector<Sent<E>> out;
    for (const core::Delivery& d : fx.deliveries) {
        if (d.event.name != E::name) continue;
        auto decoded = core::protocol::decode<E>(d.event.data);
        INFO(d.event.name << " " << d.event.data.dump());
        REQUIRE(decoded.ok());
        out.push_back({d.to, std::move(decoded.value())});
    }
    return out;
}

template <typename E>
std::vector<E> events_of(const core::Effects& fx) {
    std::vector<E> out;
    for (auto& s : sent<E>(fx)) out.push_back(std::move(s.event));
    return out;
}

// Those addressed to one user (a person's every connection), in order.
template <typename E>
std::vector<E> events_to(const core::Effects& fx, core::UserId user) {
    std::vector<E> out;
    for (auto& s : sent<E>(fx))
        if (s.to.kind == core::Audience::Kind::user && s.to.id == user) out.push_back(std::move(s.event));
    return out;
}

// The same for what one request left behind.
template <typename E>
std::vector<E> events_of(const core::DispatchOutcome& outcome) {
    return events_of<E>(outcome.effects);
}
template <typename E>
std::vector<E> events_to(const core::DispatchOutcome& outcome, core::UserId user) {
    return events_to<E>(outcome.effects, user);
}

// The JSON of every delivery named `event` ("call.state", …), for the tests that hold the wire form
// itself to docs/PROTOCOL.md.
inline std::vector<nlohmann::json> data_of(const core::Effects& fx, std::string_view event) {
    std::vector<nlohmann::json> out;
    for (const core::Delivery& d : fx.deliveries)
        if (d.event.name == event) out.push_back(d.event.data);
    return out;
}

}  // namespace test_events
