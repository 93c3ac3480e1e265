#include "core/api/dispatcher.h"

#include <exception>
#include <utility>

#include "core/api/route_context.h"
#include "core/api/wire.h"

namespace core {
namespace {

using api_detail::Context;
using api_detail::reply_error;
using api_detail::reply_ok;
using protocol::json;
using protocol::Request;
using protocol::RequestType;

constexpr const char* kServerName = "telemed/0.1";

void bind(Context& c, const User& user, const Session& session) {
    c.connection.user = user.id;
    c.connection.session = session.id;
    c.outcome.signed_in = session.id;
}

void unbind(Context& c) {
    c.connection.user.reset();
    c.connection.session.reset();
    c.outcome.signed_out = true;
}

void end_sessions(Context& c, const std::vector<SessionId>& sessions, const char* reason) {
    for (SessionId s : sessions) {
        c.outcome.deliveries.push_back(
            {Audience{Audience::Kind::session, s}, {protocol::events::kSessionEnded, json{{"reason", reason}}}});
        c.outcome.sessions_to_close.push_back(s);
    }
}

// The three text fields every new account has.
std::optional<Error> read_identity(const json& d, std::string& email, std::string& password, std::string& name) {
    for (auto [field, target] : {std::pair{"email", &email}, {"password", &password}, {"display_name", &name}}) {
        auto v = protocol::require_string(d, field);
        if (!v) return v.error();
        *target = std::move(v.value());
    }
    return std::nullopt;
}

void handle_hello(Context& c, AccountService& accounts) {
    auto version = protocol::require_int(c.request.data, "protocol");
    if (!version) return reply_error(c, version.error());
    if (version.value() != protocol::kVersion) {
        return reply_error(c, Error::of(ErrorCode::protocol_mismatch,
                                        "This app speaks protocol version " + std::to_string(version.value()) +
                                            " but the server speaks version " +
                                            std::to_string(protocol::kVersion) + ". Reload the page to update the app."));
    }
    c.connection.greeted = true;
    c.connection.client = protocol::optional_string(c.request.data, "client").value_or("").substr(0, 100);
    const auto idle = std::chrono::duration_cast<std::chrono::seconds>(accounts.policy().session_idle_timeout);
    reply_ok(c, {{"protocol", protocol::kVersion}, {"server", kServerName}, {"session_idle_timeout_s", idle.count()}});
}

void reply_signed_in(Context& c, Result<SignedIn> r) {
    if (!r) return reply_error(c, r.error());
    bind(c, r->user, r->session);
    reply_ok(c, {{"token", r->token}, {"user", wire::user(r->user)}});
}

void handle_sign_up(Context& c, AccountService& accounts) {
    const json& d = c.request.data;
    SignUpInput in;
    if (auto e = read_identity(d, in.email, in.password, in.display_name)) return reply_error(c, *e);
    auto role_text = protocol::require_string(d, "role");
    if (!role_text) return reply_error(c, role_text.error());
    const auto role = role_from_string(role_text.value());
    if (!role) return reply_error(c, Error::of(ErrorCode::invalid_field, "Choose whether you are a patient or a doctor.", "role"));
    in.role = *role;
    in.time_zone = protocol::optional_string(d, "time_zone").value_or("UTC");
    reply_signed_in(c, accounts.sign_up(in));
}

void handle_sign_in(Context& c, AccountService& accounts) {
    auto email = protocol::require_string(c.request.data, "email");
    if (!email) return reply_error(c, email.error());
    auto password = protocol::require_string(c.request.data, "password");
    if (!password) return reply_error(c, password.error());
    reply_signed_in(c, accounts.sign_in(email.value(), password.value()));
}

void handle_resume(Context& c, AccountService& accounts) {
    auto token = protocol::require_string(c.request.data, "token");
    if (!token) return reply_error(c, token.error());
    auto r = accounts.resume(token.value());
    if (!r) return reply_error(c, r.error());
    bind(c, r->user, r->session);
    reply_ok(c, {{"user", wire::user(r->user)}});
}

// Requests below need a live session; `auth` is fresh from the store.
void handle_signed_in(Context& c, AccountService& accounts, const Authenticated& auth) {
    const json& d = c.request.data;
    switch (c.request.type) {
        case RequestType::sign_out: {
            accounts.sign_out(auth.session.id);
            unbind(c);
            end_sessions(c, {auth.session.id}, "signed_out");
            return reply_ok(c, json::object());
        }
        case RequestType::me: return reply_ok(c, {{"user", wire::user(auth.user)}});
        case RequestType::change_password: {
            auto current = protocol::require_string(d, "current_password");
            if (!current) return reply_error(c, current.error());
            auto next = protocol::require_string(d, "new_password");
            if (!next) return reply_error(c, next.error());
            auto r = accounts.change_password(auth.session.id, current.value(), next.value());
            if (!r) return reply_error(c, r.error());
            end_sessions(c, r.value(), "password_changed");
            return reply_ok(c, {{"other_sessions_ended", r->size()}});
        }
        case RequestType::create_staff_account: {
            StaffAccountInput in;
            if (auto e = read_identity(d, in.email, in.password, in.display_name)) return reply_error(c, *e);
            auto role_text = protocol::require_string(d, "role");
            if (!role_text) return reply_error(c, role_text.error());
            const auto role = role_from_string(role_text.value());
            if (!role) return reply_error(c, Error::of(ErrorCode::invalid_field, "Choose administrator or support agent.", "role"));
            in.role = *role;
            in.time_zone = protocol::optional_string(d, "time_zone").value_or("UTC");
            auto r = accounts.create_staff_account(auth.user.id, in);
            if (!r) return reply_error(c, r.error());
            return reply_ok(c, {{"user", wire::user(r.value())}});
        }
        case RequestType::list_accounts: {
            auto r = accounts.list_accounts(auth.user.id);
            if (!r) return reply_error(c, r.error());
            json users = json::array();
            for (const User& u : r.value()) users.push_back(wire::user(u));
            return reply_ok(c, {{"users", users}});
        }
        default: return reply_error(c, Error::of(ErrorCode::internal));
    }
}

void route(Context& c, AccountService& accounts, ClinicService& clinic, CallService& calls, IceServerProvider& ice,
           RecordingService* recordings) {
    const RequestType type = c.request.type;
    if (type == RequestType::hello) return handle_hello(c, accounts);
    if (!c.connection.greeted) return reply_error(c, Error::of(ErrorCode::hello_required));
    // Invitation links work without an account; a guest connection only ever reaches its own call.
    if (type == RequestType::invite_info || type == RequestType::invite_join) return api_detail::handle_invite_entry(c, calls, clinic);
    if (c.connection.guest) return api_detail::handle_guest(c, calls, clinic, ice);
    switch (type) {
        case RequestType::sign_up: return handle_sign_up(c, accounts);
        case RequestType::sign_in: return handle_sign_in(c, accounts);
        case RequestType::resume_session: return handle_resume(c, accounts);
        default: break;
    }
    if (!c.connection.session) return reply_error(c, Error::of(ErrorCode::unauthenticated));
    auto auth = accounts.touch(*c.connection.session);
    if (!auth) {
        unbind(c);
        return reply_error(c, auth.error());
    }
    if (api_detail::handle_clinic(c, clinic, auth.value())) return;
    if (api_detail::handle_calls(c, calls, clinic, ice, auth.value())) return;
    if (api_detail::handle_recordings(c, recordings, auth.value())) return;
    if (api_detail::handle_invites(c, calls, clinic, auth.value())) return;
    handle_signed_in(c, accounts, auth.value());
}

}  // namespace

DispatchOutcome Dispatcher::handle(ConnectionState& connection, std::string_view text) {
    DispatchOutcome outcome;
    auto decoded = protocol::decode_request(text);
    if (auto* failure = std::get_if<protocol::DecodeFailure>(&decoded)) {
        outcome.reply = protocol::encode_error(failure->id, failure->error);
        return outcome;
    }
    const Request& request = std::get<Request>(decoded);
    outcome.type = request.type;
    Context context{connection, outcome, request};
    try {
        route(context, accounts_, clinic_, calls_, ice_, recordings_);
    } catch (const std::exception&) {
        // The store rolled back; tell the client honestly and keep the connection.
        outcome = DispatchOutcome{};
        outcome.type = request.type;
        outcome.reply = protocol::encode_error(request.id, Error::of(ErrorCode::internal));
    }
    return outcome;
}

std::vector<Delivery> Dispatcher::on_disconnect(ConnectionState& connection) {
    std::vector<Delivery> out;
    for (const ConnectionState::CallLink& l : std::exchange(connection.calls, {})) {
        try {
            CallEffects fx;
            calls_.disconnected(l.user, l.appointment, l.link, fx);
            api_detail::deliver_call_effects(clinic_, fx, out);
        } catch (const std::exception&) {
            // The store failed; the sweep still ends the room once nobody is left.
        }
    }
    return out;
}

std::vector<Delivery> Dispatcher::run_timers() {
    std::vector<Delivery> out;
    try {
        ClinicEffects fx;
        clinic_.sweep(fx);
        api_detail::deliver_clinic_effects(clinic_, fx, out);
    } catch (const std::exception&) {
        // The sweep's transaction rolled back; the next tick tries again.
    }
    try {
        CallEffects fx;
        calls_.sweep(fx);
        api_detail::deliver_call_effects(clinic_, fx, out);
    } catch (const std::exception&) {
        // Likewise: the next tick tries again.
    }
    try {
        if (recordings_) recordings_->sweep();  // finalises uploads whose recorder went quiet
    } catch (const std::exception&) {
        // Likewise.
    }
    return out;
}

}  // namespace core
