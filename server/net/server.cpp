#include "net/server.h"

#include <csignal>
#include <filesystem>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>

#include "core/accounts/messages.h"
#include "core/services.h"
#include "crypto/argon2_hasher.h"
#include "ice/turn_rest.h"
#include "net/context.h"
#include "net/http_session.h"
#include "net/internal_errors.h"
#include "store/sqlite/store.h"
#include "version.h"

namespace server {

namespace net = boost::asio;
using tcp = net::ip::tcp;
using SteadyClock = std::chrono::steady_clock;

namespace {

std::string database_path(const ServerConfig& config) {
    std::filesystem::create_directories(config.data_dir);
    return (std::filesystem::path(config.data_dir) / "telemed.db").string();
}

core::AccountPolicy policy_from(const ServerConfig& c) {
    core::AccountPolicy p;
    p.session_idle_timeout = c.session_idle_timeout;
    p.session_absolute_timeout = c.session_absolute_timeout;
    p.max_failed_sign_ins = c.max_failed_sign_ins;
    p.failed_sign_in_window = c.failed_sign_in_window;
    return p;
}

core::CallPolicy calls_from(const ServerConfig& c) {
    core::CallPolicy p;
    p.reconnect_grace = c.call_reconnect_grace;
    p.offer_limit.rate.burst = c.signal_offer_burst;
    p.candidate_limit.rate.burst = c.signal_candidate_burst;
    return p;
}

core::MessagingPolicy messaging_policy_from(const ServerConfig& c) {
    using std::chrono::duration_cast, std::chrono::seconds;
    core::MessagingPolicy p;
    p.attachment_link_ttl = std::max(seconds(1), duration_cast<seconds>(c.attachment_link_ttl));
    p.upload_abandoned_after = std::max(seconds(1), duration_cast<seconds>(c.attachment_upload_timeout));
    return p;
}

IceConfig ice_from(const ServerConfig& c) {
    return {c.stun_urls, c.turn_urls, c.turn_secret, std::chrono::duration_cast<std::chrono::seconds>(c.turn_ttl)};
}

// How long a graceful shutdown waits for WebSockets to finish their closing handshake.
constexpr auto kShutdownGrace = std::chrono::seconds(5);

}  // namespace

// Members are destroyed in reverse order: the io_context (and with it every session) goes before the
// services and hub the sessions refer to.
struct Server::Impl {
    Impl(ServerConfig c, Logger& l)
        : config(std::move(c)),
          log(l),
          store(database_path(config)),
          hasher(config.effective_hashes()),
          payments(clock),
          ice(ice_from(config), clock),
          errors(log, metrics),
          services(store, hasher, clock, payments, ice, errors, core::ServicePolicies{.accounts = policy_from(config), .calls = calls_from(config), .messaging = messaging_policy_from(config)}),
          files(config.web_root),
          workers(config.effective_workers()),
          hash_pool(config.effective_hashes(), /*nice=*/5),
          scan_pool(config.effective_scan_threads(), /*nice=*/0),
          auth_limits(config),
          scan_limits(config),
          ctx{config, log, hub, files, services.dispatcher, workers, [this] { return health(); }, metrics,
              [this] { return store.prometheus_text(); }, &services.recordings, &auth_limits, &hash_pool.context(), &services.messaging,
              &scan_limits, &scan_pool.context()} {}

    ~Impl() {
        hash_pool.stop();  // queued jobs refer to sessions of the io_context below; drop them first
        hash_pool.join();
        scan_pool.stop();
        scan_pool.join();
        workers.stop();
        workers.join();
    }

    ServerConfig config;
    Logger& log;
    RequestMetrics metrics;
    SqliteStore store;
    Argon2idHasher hasher;
    core::SystemClock clock;
    core::TestModePaymentProvider payments;  // test mode until a live processor is configured
    TurnRestIceServers ice;
    InternalErrorLog errors;
    core::Services services;  // the composition root: every domain over this store
    Hub hub;
    StaticFiles files;
    net::thread_pool workers;
    LanePool hash_pool;  // sign-in, sign-up, password changes: password hashes off the workers
    LanePool scan_pool;  // searches, history pages, listings, big frames' decoding (scan_limits.h)
    AuthLimits auth_limits;
    ScanLimits scan_limits;
    ServerContext ctx;
    const SteadyClock::time_point started = SteadyClock::now();

    net::io_context ioc{1};  // one I/O thread: the pool does the heavy work
    tcp::acceptor acceptor{ioc};
    net::signal_set signals{ioc, SIGINT, SIGTERM};
    net::steady_timer sweep_timer{ioc};
    net::steady_timer timers_timer{ioc};
    net::steady_timer drain_timer{ioc};
    SteadyClock::time_point drain_deadline{};
    bool stopping = false;

    nlohmann::json health() {
        const bool db_ok = store.healthy();
        const auto uptime = std::chrono::duration_cast<std::chrono::seconds>(SteadyClock::now() - started);
        return {{"status", db_ok ? "ok" : "degraded"},
                {"version", kVersion},
                {"uptime_s", uptime.count()},
                {"connections", hub.connection_count()},
                {"db", db_ok ? "ok" : "error"}};
    }

    // --- accepting
    std::uint16_t listen() {
        const tcp::endpoint endpoint(net::ip::make_address(config.bind_address), config.port);
        acceptor.open(endpoint.protocol());
        acceptor.set_option(net::socket_base::reuse_address(true));
        acceptor.bind(endpoint);
        acceptor.listen(net::socket_base::max_listen_connections);
        const auto port = acceptor.local_endpoint().port();
        const bool loopback_or_any = config.bind_address == "127.0.0.1" || config.bind_address == "0.0.0.0";
        const std::string host = loopback_or_any ? "localhost" : config.bind_address;
        log.info("listening", {{"url", "http://" + host + ":" + std::to_string(port) + "/"},
                               {"bind", config.bind_address},
                               {"port", port},
                               {"web_root", config.web_root},
                               {"database", store.path()},
                               {"workers", config.effective_workers()},
                               {"max_concurrent_hashes", config.effective_hashes()},
                               {"scan_threads", config.effective_scan_threads()}});
        do_accept();
        return port;
    }

    void do_accept() {
        // Each connection gets its own strand: its handlers never run concurrently.
        acceptor.async_accept(net::make_strand(ioc), [this](boost::system::error_code ec, tcp::socket socket) {
            if (ec == net::error::operation_aborted || stopping) return;
            if (ec) {
                log.warn("accept failed", {{"error", ec.message()}});
            } else {
                // Signaling is many small messages that must go out at once: no Nagle delay waiting
                // for the peer's (delayed) ACK.
                boost::system::error_code ignored;
                socket.set_option(tcp::no_delay(true), ignored);
                start_http_session(std::move(socket), ctx);
            }
            do_accept();
        });
    }

    // --- session sweep: expired sessions get session.ended and lose their binding (sockets stay open)
    void schedule_sweep() {
        sweep_timer.expires_after(config.session_sweep_interval);
        sweep_timer.async_wait([this](boost::system::error_code ec) {
            if (ec || stopping) return;
            net::post(workers, [this] {
                sweep();
                net::post(ioc, [this] {
                    if (!stopping) schedule_sweep();
                });
            });
        });
    }

    // --- clinic and call timers: request expiry, reminders, reconnect grace, ending empty call rooms
    void schedule_timers() {
        timers_timer.expires_after(config.timer_interval);
        timers_timer.async_wait([this](boost::system::error_code ec) {
            if (ec || stopping) return;
            net::post(workers, [this] {
                hub.apply(services.dispatcher.run_timers());
                net::post(ioc, [this] {
                    if (!stopping) schedule_timers();
                });
            });
        });
    }

    void sweep() {
        try {
            const auto expired = services.accounts.expire_sessions();
            if (!expired.empty()) {
                std::vector<core::SessionId> ids;
                for (const auto& s : expired) ids.push_back(s.id);
                hub.end_sessions(ids, core::protocol::make_event(core::msg::SessionEnded{core::SessionEndReason::expired}));
                log.info("sessions expired", {{"count", ids.size()}, {"sessions", ids}});
            }
        } catch (const std::exception& e) {
            errors.internal_error("accounts.expire_sessions", 0, e.what());
        }
    }

    // --- shutdown
    void wait_for_signal() {
        signals.async_wait([this](boost::system::error_code ec, int signal) {
            if (ec) return;
            if (stopping) {  // a second signal: stop now
                log.warn("second signal, stopping immediately");
                return ioc.stop();
            }
            begin_shutdown(signal == SIGINT ? "SIGINT" : "SIGTERM");
            wait_for_signal();
        });
    }

    void begin_shutdown(const char* why) {
        stopping = true;
        log.info("shutting down", {{"signal", why}, {"connections", hub.connection_count()}});
        boost::system::error_code ignored;
        acceptor.close(ignored);
        sweep_timer.cancel();
        timers_timer.cancel();
        hub.close_all(CloseCode::going_away, "server shutting down");
        drain_deadline = SteadyClock::now() + kShutdownGrace;
        drain();
    }

    // Waits until every WebSocket has finished closing (or the grace period is over). Idle HTTP
    // keep-alive connections are simply dropped with the io_context.
    void drain() {
        if (hub.connection_count() == 0 || SteadyClock::now() >= drain_deadline) return ioc.stop();
        drain_timer.expires_after(std::chrono::milliseconds(20));
        drain_timer.async_wait([this](boost::system::error_code ec) {
            if (!ec) drain();
        });
    }

    void run() {
        wait_for_signal();
        schedule_sweep();
        schedule_timers();
        ioc.run();
        hash_pool.stop();  // a hash already running finishes; queued sign-ins are dropped with their sockets
        hash_pool.join();
        scan_pool.stop();  // reads only: a queued one is dropped with its socket
        scan_pool.join();
        workers.join();  // finish requests already running: their transactions complete
        log.info("stopped", {{"connections_left", hub.connection_count()}});
    }
};

Server::Server(ServerConfig config, Logger& log) : impl_(std::make_unique<Impl>(std::move(config), log)) {}
Server::~Server() = default;
core::Services& Server::services() { return impl_->services; }
SqliteStore& Server::store() { return impl_->store; }
std::uint16_t Server::listen() { return impl_->listen(); }
void Server::run() { impl_->run(); }

}  // namespace server
