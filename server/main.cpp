// telemed-server: parse the command line, open the database, seed the demo accounts and the demo
// clinic (unless --no-seed-demo), listen, and serve until SIGINT/SIGTERM.
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "config.h"
#include "core/seed/demo_accounts.h"
#include "core/seed/demo_clinic.h"
#include "log.h"
#include "net/server.h"
#include "version.h"

namespace {

void seed(server::Server& srv, server::Logger& log) {
    const auto demo = core::seed_demo_accounts(srv.services().accounts);
    for (const auto& account : demo)
        log.info("DEMO ACCOUNT (for trying the app; start with --no-seed-demo in production)",
                 {{"email", account.email}, {"password", account.password}, {"role", core::to_string(account.role)}});
    // The demo clinic: verified doctors with weekly hours, one awaiting verification, patient credits.
    core::seed_demo_clinic(srv.services());
    const std::string& password = demo.front().password;  // the demo doctors share the demo password
    for (const auto& doctor : core::demo_doctors()) {
        bool listed = false;
        for (const auto& account : demo) listed |= account.email == doctor.email;
        if (listed) continue;  // the main demo doctor is logged above
        log.info("DEMO ACCOUNT (for trying the app; start with --no-seed-demo in production)",
                 {{"email", doctor.email},
                  {"password", password},
                  {"role", "doctor"},
                  {"verified", doctor.verified}});
    }
}

}  // namespace

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    auto parsed = server::parse_command_line(args);
    if (auto* exit = std::get_if<server::ExitRequest>(&parsed)) {
        std::fputs(exit->text.c_str(), exit->code == 0 ? stdout : stderr);
        return exit->code;
    }
    const auto config = std::get<server::ServerConfig>(std::move(parsed));
    server::Logger log(config.log_level);
    try {
        log.info("starting", {{"version", server::kVersion}});
        server::Server srv(config, log);
        if (config.seed_demo) seed(srv, log);
        srv.listen();
        srv.run();
        return 0;
    } catch (const std::exception& e) {
        log.error("fatal", {{"error", e.what()}});
        return 1;
    }
}
