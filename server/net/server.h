// The server: owns the io_context, configuration, store, services, hub and worker pool. No global
// mutable state: two Server objects in one process would not share anything.
//
//   Server server(config, log);          // opens the database, binds nothing yet
//   seed_demo_accounts(server.services().accounts);
//   seed_demo_clinic(server.services());
//   server.listen();                      // binds; throws when the port is taken
//   server.run();                         // until SIGINT/SIGTERM, then a graceful shutdown
#pragma once
#include <cstdint>
#include <memory>

#include "config.h"
#include "log.h"

namespace core {
class Services;
}

namespace server {

class SqliteStore;

class Server {
public:
    Server(ServerConfig config, Logger& log);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    core::Services& services();
    SqliteStore& store();

    // Binds and starts listening; returns the port (useful with --port 0).
    std::uint16_t listen();
    // Runs the I/O loop on this thread until a signal has shut the server down.
    void run();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace server
