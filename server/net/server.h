// The server: owns the io_context, configuration, store, services, hub and worker pool. No global
// mutable state: two Server objects in one process would not share anything.
//
//   Server server(config, log);          // opens the database, binds nothing yet
//   seed_demo_accounts(server.accounts());
//   seed_demo_clinic(server.accounts(), server.clinic());
//   server.listen();                      // binds; throws when the port is taken
//   server.run();                         // until SIGINT/SIGTERM, then a graceful shutdown
#pragma once
#include <cstdint>
#include <memory>

#include "config.h"
#include "core/accounts/account_service.h"
#include "core/clinic/clinic_service.h"
#include "log.h"

namespace server {

class SqliteStore;

class Server {
public:
    Server(ServerConfig config, Logger& log);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    core::AccountService& accounts();
    core::ClinicService& clinic();
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
