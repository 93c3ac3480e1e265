// Server events, typed: each feature module says which events it wants and gets them decoded as the
// structs of src/core/<domain>/messages.h.
//
//   events.on<msg::AppointmentUpdated>([this](const msg::AppointmentUpdated& e) { ... });
//
// An event that does not decode is reported (on_unreadable: the app shows it and logs it), never
// dropped silently. An event nobody listens for is only logged (on_unknown): the list of events is
// append-only, so a newer server may send one this client does not know yet.
#pragma once
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/protocol/protocol.h"

namespace app {

class EventRouter {
public:
    template <typename E>
    void on(std::function<void(const E&)> handler) {
        handlers_[std::string(E::name)].push_back([handler = std::move(handler)](const core::protocol::json& data) {
            auto event = core::protocol::decode<E>(data);
            if (!event) return std::optional<core::Error>(event.error());
            handler(event.value());
            return std::optional<core::Error>();
        });
    }

    void dispatch(const core::protocol::Event& event) const;

    std::function<void(const std::string& name, const core::Error& why)> on_unreadable;
    std::function<void(const std::string& name)> on_unknown;

private:
    using Handler = std::function<std::optional<core::Error>(const core::protocol::json& data)>;
    std::map<std::string, std::vector<Handler>> handlers_;
};

}  // namespace app
