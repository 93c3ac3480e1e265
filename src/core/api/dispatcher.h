// The request dispatcher: JSON text in, JSON text out, plus the effects the transport must carry out
// (events to push, sockets to close). The server runs it for every WebSocket frame; the offline
// demo's in-page transport runs the very same code in the browser. It decodes the envelope, checks
// who may send the request (routes.h, Who), authenticates the session, and runs the domain's handler.
//
// Errors are never silent: an exception escaping a handler, a timer or a disconnect hook is reported
// once to the ErrorReporter (the server logs it as a JSON line and counts it in /metrics) and the
// person gets an `internal` error reply; the connection stays open.
#pragma once
#include <string>
#include <string_view>
#include <variant>

#include "core/accounts/service.h"
#include "core/api/routes.h"

namespace core {

class ErrorReporter {
public:
    virtual ~ErrorReporter() = default;
    // Something failed that nobody expected (a database error, a broken invariant). `where` is the
    // request type or the timer's name; `what` the exception's text. Never personal data or tokens.
    virtual void internal_error(std::string_view where, std::uint64_t connection, std::string_view what) noexcept = 0;
};

// A frame's request, or why it could not be read (protocol::decode_request).
using DecodedRequest = std::variant<protocol::Request, protocol::DecodeFailure>;

class Dispatcher {
public:
    Dispatcher(const Routes& routes, AccountService& accounts, ErrorReporter& errors)
        : routes_(routes), accounts_(accounts), errors_(errors) {}

    // Never throws.
    DispatchOutcome handle(ConnectionState& connection, std::string_view text);
    DispatchOutcome handle(ConnectionState& connection, DecodedRequest request);
    // Answers here and now what needs no store: a request that is malformed or refused before its
    // handler, or a Work::memory route whose session is cached. Otherwise nullopt, `request` untouched,
    // for handle() on a thread that may wait for the store. Never throws.
    std::optional<DispatchOutcome> handle_in_memory(ConnectionState& connection, DecodedRequest& request);
    // The transport lost this connection (the WebSocket closed or failed): its calls go to
    // `reconnecting` (a waiting member leaves). Returns what to deliver. Never throws.
    Effects on_disconnect(ConnectionState& connection);
    // Time-driven work of every domain; the transport runs it every few seconds and delivers what it
    // returns. Never throws.
    Effects run_timers();
    // Where a request of this type runs (the transport sends Work::password routes to its hash pool).
    Work work_of(protocol::RequestType type) const { return routes_.work_of(type); }

private:
    // handle() without the after-request hooks.
    DispatchOutcome handle_request(ConnectionState& connection, DecodedRequest request);
    // The checks before a handler runs: a reply when the request is refused, else nullopt.
    std::optional<std::string> refusal(const ConnectionState& connection, const protocol::Request& request,
                                       const Routes::Route* route) const;
    void run_handler(ConnectionState& connection, DispatchOutcome& outcome, const protocol::Request& request,
                     const Routes::Route& route, std::optional<Authenticated> auth);

    const Routes& routes_;
    AccountService& accounts_;
    ErrorReporter& errors_;
};

}  // namespace core
