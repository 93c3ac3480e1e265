// Errors nobody expected: a real SQLite failure inside a request is answered `internal`, logged as one
// JSON line (request type, connection, what failed; nothing the user sent) and counted in /metrics.
// The fault is injected the way a damaged or foreign-modified database would produce one: a trigger,
// added from a second SQLite connection, that aborts every new session row.
#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <sstream>

#include "flows.h"

using namespace test;

namespace {

void exec_on_database(const std::string& path, const char* sql) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    char* message = nullptr;
    const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &message);
    INFO((message ? message : ""));
    sqlite3_free(message);
    sqlite3_close(db);
    REQUIRE(rc == SQLITE_OK);
}

std::vector<json> log_lines_with_message(const std::string& log, const std::string& msg) {
    std::vector<json> found;
    std::istringstream lines(log);
    for (std::string line; std::getline(lines, line);) {
        const json j = json::parse(line, nullptr, false);
        if (j.is_object() && j.value("msg", "") == msg) found.push_back(j);
    }
    return found;
}

}  // namespace

TEST_CASE("[server] an internal error is logged, counted and answered, and the server carries on", "[server]") {
    ServerProcess server;
    const std::string database = server.dir() + "/data/telemed.db";
    const std::string email = unique_email("fault");
    auto c = greeted(server.port());
    REQUIRE(sign_up(*c, email)["ok"] == true);

    exec_on_database(database,
                     "CREATE TRIGGER test_fault BEFORE INSERT ON sessions "
                     "BEGIN SELECT RAISE(ABORT, 'injected fault: no new sessions'); END;");

    auto other = greeted(server.port());
    const json failed = sign_in(*other, email);
    CHECK(error_code(failed) == "internal");
    CHECK_FALSE(failed["error"].value("message", "").empty());

    const auto lines = log_lines_with_message(server.log(), "internal error");
    REQUIRE(lines.size() == 1);
    const json& line = lines.front();
    CHECK(line["level"] == "error");
    CHECK(line["type"] == "sign_in");
    CHECK(line["conn"].is_number_integer());
    CHECK_THAT(line["what"].get<std::string>(), Catch::Contains("injected fault"));
    // Nothing the user sent: neither the address nor the password.
    CHECK(line.dump().find(email) == std::string::npos);
    CHECK(line.dump().find(kPassword) == std::string::npos);

    const auto metrics = http_get(server.port(), "/metrics");
    REQUIRE(metrics.status == 200);
    CHECK_THAT(metrics.body, Catch::Contains("# TYPE telemed_internal_errors_total counter"));
    CHECK_THAT(metrics.body, Catch::Contains("telemed_internal_errors_total{type=\"sign_in\"} 1"));

    // The failed operation rolled back whole and the connection still works once the fault is gone.
    exec_on_database(database, "DROP TRIGGER test_fault");
    CHECK(sign_in(*other, email)["ok"] == true);
    CHECK(other->request("me")["ok"] == true);
    CHECK(log_lines_with_message(server.log(), "internal error").size() == 1);
}
