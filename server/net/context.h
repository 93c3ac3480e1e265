// What every HTTP and WebSocket session needs from the server. Owned by Server, which outlives every
// session (sessions end when the io_context that runs them is destroyed, before these members).
#pragma once
#include <functional>

#include <boost/asio/thread_pool.hpp>
#include <nlohmann/json.hpp>

#include "config.h"
#include "core/api/dispatcher.h"
#include "core/messaging/service.h"
#include "core/recordings/service.h"
#include "log.h"
#include "net/auth_limits.h"
#include "net/hub.h"
#include "net/request_metrics.h"
#include "net/scan_limits.h"
#include "net/static_files.h"

namespace server {

struct ServerContext {
    const ServerConfig& config;
    Logger& log;
    Hub& hub;
    StaticFiles& files;
    core::Dispatcher& dispatcher;
    boost::asio::thread_pool& workers;  // dispatcher calls and database work: never the I/O thread
    std::function<nlohmann::json()> health;  // the /healthz body; blocking, so run it on `workers`
    RequestMetrics& metrics;                  // time per WebSocket request, served on /metrics
    std::function<std::string()> store_metrics;  // the store's counters, appended to /metrics
    core::RecordingService* recordings = nullptr;  // GET /recordings/<id>: checks links, reads bytes (blocking)
    AuthLimits* auth_limits = nullptr;             // attempts per connection / address before a hash
    boost::asio::io_context* hashing = nullptr;    // Work::password requests run here (a LanePool)
    core::MessagingService* messaging = nullptr;   // GET /attachments/<id>: checks links, reads bytes (blocking)
    ScanLimits* scan_limits = nullptr;             // Work::scan requests per connection, and waiting ones
    boost::asio::io_context* scanning = nullptr;   // Work::scan requests and big frames' decoding run here
};

}  // namespace server
