// What an operation leaves for the transport to carry out once it has succeeded: events for the
// people concerned and sessions whose sockets must close. Effects are addressed to users and
// sessions, never to sockets, so the fan-out (server/net/hub, or the offline demo's page) can span
// several connections, tabs and, later, server instances.
//
// Inside a transaction effects are collected in Transaction::effects(): they are thrown away when the
// transaction rolls back (or is retried) and handed out only after it committed (Store::transact).
// There an event is kept as its typed struct and turned into JSON only after the COMMIT, by
// encode_deferred(): the store's connection is held one operation at a time, and encoding while
// holding it would make every other operation wait for it.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "core/accounts/model.h"
#include "core/protocol/protocol.h"

namespace core {

struct Audience {
    enum class Kind { user, session } kind = Kind::user;
    std::int64_t id = 0;  // a user id (guests: negative), or a session id

    static Audience user(UserId u) { return {Kind::user, u}; }
    static Audience session(SessionId s) { return {Kind::session, s}; }
};

struct Delivery {
    Audience to;
    protocol::Event event;                       // its name always; its data once encoded
    std::function<protocol::json()> deferred{};  // set while the data is still to be encoded
};

struct Effects {
    std::vector<Delivery> deliveries;
    std::vector<SessionId> sessions_to_close;  // close every socket of these after the deliveries
    std::vector<UserId> users_changed;         // their account records changed: cached sessions re-read them

    template <typename E>
    void to_user(UserId user, const E& event) {
        add(Audience::user(user), event);
    }
    template <typename E>
    void to_session(SessionId session, const E& event) {
        add(Audience::session(session), event);
    }
    // Events added from now on wait as structs until encode_deferred() (Transaction's effects do).
    void defer_encoding() { defer_ = true; }
    void encode_deferred() {
        for (Delivery& d : deliveries)
            if (d.deferred) d.event.data = std::exchange(d.deferred, nullptr)();
        defer_ = false;
    }
    void append(Effects&& other) {
        other.encode_deferred();
        for (Delivery& d : other.deliveries) deliveries.push_back(std::move(d));
        for (SessionId s : other.sessions_to_close) sessions_to_close.push_back(s);
        for (UserId u : other.users_changed) users_changed.push_back(u);
        other = {};
    }
    bool empty() const { return deliveries.empty() && sessions_to_close.empty() && users_changed.empty(); }

private:
    template <typename E>
    void add(Audience to, const E& event) {
        if (!defer_) return deliveries.push_back({to, protocol::make_event(event)});
        deliveries.push_back({to, protocol::Event{std::string(E::name), {}}, [event] { return protocol::encode(event); }});
    }
    bool defer_ = false;
};

}  // namespace core
