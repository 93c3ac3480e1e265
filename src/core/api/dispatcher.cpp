#include "core/api/dispatcher.h"

#include <exception>
#include <utility>

namespace core {
namespace {

using protocol::Request;

std::string refuse(std::int64_t id, ErrorCode code, std::string message = {}) {
    return protocol::encode_error(id, Error::of(code, std::move(message)));
}

bool guests_may_send(Who who) { return who == Who::visitor || who == Who::call_member; }

bool needs_session(Who who, const ConnectionState& c) {
    return who == Who::signed_in || (who == Who::call_member && !c.guest);
}

}  // namespace

void RequestContext::bind(const User& user, const Session& session) {
    connection.user = user.id;
    connection.session = session.id;
    outcome.signed_in = session.id;
    outcome.signed_out = false;
}

void RequestContext::unbind() {
    connection.user.reset();
    connection.session.reset();
    outcome.signed_in.reset();
    outcome.signed_out = true;
}

DispatchOutcome Dispatcher::handle(ConnectionState& connection, std::string_view text) {
    return handle(connection, protocol::decode_request(text));
}

std::optional<std::string> Dispatcher::refusal(const ConnectionState& connection, const Request& request,
                                               const Routes::Route* route) const {
    if (!route)
        return refuse(request.id, ErrorCode::not_found,
                      "This server does not offer \"" + std::string(protocol::to_string(request.type)) + "\".");
    if (route->who != Who::anyone && !connection.greeted) return refuse(request.id, ErrorCode::hello_required);
    if (connection.guest && !guests_may_send(route->who))
        return refuse(request.id, ErrorCode::forbidden,
                      "As a guest you can only take part in the video visit you were invited to.");
    if (needs_session(route->who, connection) && !connection.session)
        return refuse(request.id, ErrorCode::unauthenticated);
    return std::nullopt;
}

namespace {

// Both entry points start alike: a frame that did not decode is answered with why; otherwise the
// outcome is named after the request's type and its route is looked up and checked (`refusal`).
// Returns the request and route to run, or nullptr when `outcome.reply` already answers it.
template <typename Refusal>
std::pair<const Request*, const Routes::Route*> admit(const Routes& routes, const DecodedRequest& decoded,
                                                      DispatchOutcome& outcome, Refusal refusal) {
    if (auto* failure = std::get_if<protocol::DecodeFailure>(&decoded)) {
        outcome.reply = protocol::encode_error(failure->id, failure->error);
        return {nullptr, nullptr};
    }
    const Request& request = std::get<Request>(decoded);
    outcome.type = request.type;
    const Routes::Route* route = routes.find(request.type);
    if (auto refused = refusal(request, route)) {
        outcome.reply = std::move(*refused);
        return {nullptr, nullptr};
    }
    return {&request, route};
}

// A handler threw: what it did is rolled back; tell the person honestly and keep the connection.
DispatchOutcome internal_error(ErrorReporter& errors, const Request& request, std::uint64_t connection,
                               const char* what) {
    errors.internal_error(protocol::to_string(request.type), connection, what);
    DispatchOutcome outcome;
    outcome.type = request.type;
    outcome.reply = refuse(request.id, ErrorCode::internal);
    return outcome;
}

}  // namespace

DispatchOutcome Dispatcher::handle(ConnectionState& connection, DecodedRequest decoded) {
    DispatchOutcome outcome = handle_request(connection, std::move(decoded));
    for (const Routes::AfterRequestHook& hook : routes_.after_request_hooks()) {
        try {
            hook(connection, outcome.effects);
        } catch (const std::exception& e) {
            errors_.internal_error("after_request", connection.id, e.what());
        }
    }
    return outcome;
}

DispatchOutcome Dispatcher::handle_request(ConnectionState& connection, DecodedRequest decoded) {
    DispatchOutcome outcome;
    const auto [request, route] = admit(routes_, decoded, outcome, [&](const Request& r, const Routes::Route* found) {
        return refusal(connection, r, found);
    });
    if (!request) return outcome;
    try {
        std::optional<Authenticated> auth;
        if (needs_session(route->who, connection)) {
            auto a = accounts_.authenticate(*connection.session);
            if (!a) {
                RequestContext(connection, outcome, std::nullopt).unbind();
                outcome.reply = protocol::encode_error(request->id, a.error());
                return outcome;
            }
            auth = std::move(a.value());
        }
        run_handler(connection, outcome, *request, *route, std::move(auth));
    } catch (const std::exception& e) {
        return internal_error(errors_, *request, connection.id, e.what());
    }
    return outcome;
}

std::optional<DispatchOutcome> Dispatcher::handle_in_memory(ConnectionState& connection,
                                                            DecodedRequest& decoded) {
    DispatchOutcome outcome;
    const auto [request, route] = admit(routes_, decoded, outcome, [&](const Request& r, const Routes::Route* found) {
        return refusal(connection, r, found);
    });
    if (!request) return outcome;
    if (route->work != Work::memory) return std::nullopt;
    try {
        std::optional<Authenticated> auth;
        if (needs_session(route->who, connection)) {
            auth = accounts_.authenticate_in_memory(*connection.session);
            if (!auth) return std::nullopt;  // the store decides: handle() on a worker
        }
        run_handler(connection, outcome, *request, *route, std::move(auth));
    } catch (const std::exception& e) {
        return internal_error(errors_, *request, connection.id, e.what());
    }
    return outcome;
}

void Dispatcher::run_handler(ConnectionState& connection, DispatchOutcome& outcome, const Request& request,
                             const Routes::Route& route, std::optional<Authenticated> auth) {
    RequestContext context(connection, outcome, std::move(auth));
    route.handle(context, request.data, request.id);
    accounts_.forget_users(outcome.effects.users_changed);
}

Effects Dispatcher::on_disconnect(ConnectionState& connection) {
    Effects out;
    for (const Routes::DisconnectHook& hook : routes_.disconnect_hooks()) {
        try {
            hook(connection, out);
        } catch (const std::exception& e) {
            errors_.internal_error("disconnect", connection.id, e.what());
        }
    }
    return out;
}

Effects Dispatcher::run_timers() {
    Effects out;
    for (const auto& [name, timer] : routes_.timers()) {
        try {
            Effects fx;
            timer(fx);
            out.append(std::move(fx));
        } catch (const std::exception& e) {
            // Its transaction rolled back; the next tick tries again.
            errors_.internal_error(name, 0, e.what());
        }
    }
    accounts_.forget_users(out.users_changed);
    return out;
}

}  // namespace core
