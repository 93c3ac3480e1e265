#include <catch2/catch.hpp>

#include "config.h"
#include "net/http_session.h"
#include "net/static_files.h"

#include <fstream>

#include "../../support/temp_dir.h"

using server::Millis;

namespace {

server::ServerConfig parse_ok(std::vector<std::string> args) {
    auto r = server::parse_command_line(args);
    if (auto* exit = std::get_if<server::ExitRequest>(&r)) FAIL(exit->text);
    return std::get<server::ServerConfig>(r);
}

server::ExitRequest parse_exit(std::vector<std::string> args) {
    auto r = server::parse_command_line(args);
    REQUIRE(std::holds_alternative<server::ExitRequest>(r));
    return std::get<server::ExitRequest>(r);
}

}  // namespace

TEST_CASE("[server] durations and sizes", "[server][config]") {
    Millis d{};
    CHECK((server::parse_duration("500ms", d) && d == Millis(500)));
    CHECK((server::parse_duration("30s", d) && d == Millis(30'000)));
    CHECK((server::parse_duration("15m", d) && d == Millis(900'000)));
    CHECK((server::parse_duration("12h", d) && d == Millis(43'200'000)));
    CHECK((server::parse_duration("7", d) && d == Millis(7000)));
    for (const char* bad : {"", "s", "-5s", "1.5s", "5 s", "5d", "99999999999999999999h"}) {
        INFO(bad);
        CHECK_FALSE(server::parse_duration(bad, d));
    }
    std::size_t n = 0;
    CHECK((server::parse_size("64KiB", n) && n == 65536));
    CHECK((server::parse_size("1MiB", n) && n == 1048576));
    CHECK((server::parse_size("1000", n) && n == 1000));
    CHECK_FALSE(server::parse_size("1GiB", n));
    CHECK(server::format_duration(Millis(1'800'000)) == "30m");
    CHECK(server::format_duration(Millis(500)) == "500ms");
}

TEST_CASE("[server] command line", "[server][config]") {
    SECTION("defaults") {
        const auto c = parse_ok({});
        CHECK(c.port == 8080);
        CHECK(c.bind_address == "127.0.0.1");
        CHECK(c.session_idle_timeout == std::chrono::minutes(30));
        CHECK(c.session_absolute_timeout == std::chrono::hours(12));
        CHECK(c.max_message_bytes == 64 * 1024);
        CHECK(c.seed_demo);
    }
    SECTION("values, both spellings, repeatable origins") {
        const auto c = parse_ok({"--port", "9000", "--bind=0.0.0.0", "--session-idle-timeout", "2s",
                                 "--allow-origin", "https://a.example", "--allow-origin=https://b.example",
                                 "--no-seed-demo", "--log-level", "debug", "--max-message-bytes", "1MiB"});
        CHECK(c.port == 9000);
        CHECK(c.bind_address == "0.0.0.0");
        CHECK(c.session_idle_timeout == Millis(2000));
        CHECK(c.allowed_origins == std::vector<std::string>{"https://a.example", "https://b.example"});
        CHECK_FALSE(c.seed_demo);
        CHECK(c.log_level == server::LogLevel::debug);
        CHECK(c.max_message_bytes == 1024 * 1024);
    }
    SECTION("limits on searches and listings (Work::scan)") {
        const auto d = parse_ok({});
        CHECK(d.scan_burst_per_connection == 60);
        CHECK(d.scan_refill_per_connection == Millis(100));
        CHECK(d.max_queued_scans == 256);
        CHECK(d.effective_scan_threads() >= 1);
        const auto c = parse_ok({"--scan-burst-per-connection", "5", "--scan-refill-per-connection", "2s",
                                 "--max-queued-scans", "9", "--scan-threads", "3"});
        CHECK(c.scan_burst_per_connection == 5);
        CHECK(c.scan_refill_per_connection == Millis(2000));
        CHECK(c.max_queued_scans == 9);
        CHECK(c.effective_scan_threads() == 3);
        CHECK(parse_exit({"--scan-burst-per-connection", "0"}).code == 2);
    }
    SECTION("--help lists every option with its default") {
        const auto e = parse_exit({"--help"});
        CHECK(e.code == 0);
        for (const char* s : {"--port", "--bind", "--data-dir", "--web-root", "--allow-origin", "--log-level",
                              "--session-idle-timeout", "--session-absolute-timeout", "--max-message-bytes",
                              "--no-seed-demo", "[default: 8080]", "[default: 30m]", "[default: 12h]"})
            CHECK_THAT(e.text, Catch::Contains(s));
    }
    SECTION("bad values exit with 2 and say why") {
        for (std::vector<std::string> bad : {std::vector<std::string>{"--port", "70000"},
                                             {"--port"},
                                             {"--session-idle-timeout", "soon"},
                                             {"--log-level", "loud"},
                                             {"--frobnicate"},
                                             {"stray"},
                                             {"--no-seed-demo=1"},
                                             {"--session-idle-timeout", "2h", "--session-absolute-timeout", "1h"}}) {
            const auto e = parse_exit(bad);
            INFO(e.text);
            CHECK(e.code == 2);
            CHECK_THAT(e.text, Catch::Contains("telemed-server: "));
        }
    }
}

TEST_CASE("[server] static file paths and types", "[server][http]") {
    using server::safe_relative_path;
    CHECK(safe_relative_path("/") == "index.html");
    CHECK(safe_relative_path("/app.wasm?v=3") == "app.wasm");
    CHECK(safe_relative_path("/assets/x.png") == "assets/x.png");
    CHECK(safe_relative_path("/assets/") == "assets/index.html");
    CHECK(safe_relative_path("//app.js") == "app.js");
    for (const char* bad : {"", "app.js", "/../etc/passwd", "/a/../../b", "/%2e%2e/x", "/..%2fx", "/a%00b", "/a\\b", "/%zz"}) {
        INFO(bad);
        CHECK_FALSE(safe_relative_path(bad));
    }
    CHECK(server::mime_type_for("app.wasm") == "application/wasm");
    CHECK(server::mime_type_for("app.js") == "text/javascript; charset=utf-8");
    CHECK(server::mime_type_for("app.data") == "application/octet-stream");
    CHECK(server::mime_type_for("icon.svg") == "image/svg+xml");
    CHECK(server::mime_type_for("noext") == "application/octet-stream");
}

TEST_CASE("[server] Accept-Encoding and content-hashed names", "[server][http]") {
    using server::parse_accept_encoding;
    const auto both = parse_accept_encoding("gzip, deflate, br, zstd");
    CHECK((both.gzip && both.br));
    const auto none = parse_accept_encoding("");
    CHECK_FALSE((none.gzip || none.br));
    CHECK_FALSE(parse_accept_encoding("identity").br);
    const auto refused = parse_accept_encoding("br;q=0, gzip;q=0.5");
    CHECK(refused.gzip);
    CHECK_FALSE(refused.br);
    CHECK_FALSE(parse_accept_encoding("gzip;q=0.000").gzip);
    CHECK(parse_accept_encoding("GZIP ; Q=1").gzip);
    CHECK(parse_accept_encoding("x-gzip").gzip);
    const auto star = parse_accept_encoding("*;q=0.1, br;q=0");  // a named coding wins over *
    CHECK(star.gzip);
    CHECK_FALSE(star.br);

    using server::is_content_hashed;
    CHECK(is_content_hashed("app.3f9c1e0a7b2d.wasm"));
    CHECK(is_content_hashed("app.3f9c1e0a7b2d.wasm.br"));
    CHECK(is_content_hashed("sounds/ring.0123456789ab.oga"));
    CHECK_FALSE(is_content_hashed("index.html"));
    CHECK_FALSE(is_content_hashed("app.wasm"));
    CHECK_FALSE(is_content_hashed("app.3F9C1E0A7B2D.wasm"));  // the build writes lower case only
    CHECK_FALSE(is_content_hashed("app.3f9c1e0a7b.wasm"));    // too short
    CHECK_FALSE(is_content_hashed("0123456789ab.0123456789ab/app.js"));
}

TEST_CASE("[server] the smallest stored form the browser accepts is served", "[server][http]") {
    test_support::TempDir dir;
    const auto write = [&](const char* name, const std::string& content) {
        std::ofstream(dir.path() / name, std::ios::binary) << content;
    };
    write("app.0123456789ab.wasm", std::string(1000, 'w'));
    write("app.0123456789ab.wasm.br", std::string(300, 'b'));
    write("app.0123456789ab.wasm.gz", std::string(200, 'g'));  // gzip beat brotli here: it wins
    write("index.html", "<!doctype html>");
    write("index.html.br", std::string(40, 'b'));               // larger than the page: never sent
    server::StaticFiles files(dir.path());

    const auto best = files.get("/app.0123456789ab.wasm", "br, gzip");
    REQUIRE(best.status == server::StaticFiles::Status::found);
    CHECK(best.file->coding == server::ContentCoding::gzip);
    CHECK(best.file->content.size() == 200);
    CHECK(best.file->mime_type == "application/wasm");
    CHECK(best.file->immutable);
    CHECK(files.get("/app.0123456789ab.wasm", "br").file->coding == server::ContentCoding::br);
    CHECK(files.get("/app.0123456789ab.wasm", "").file->content.size() == 1000);

    const auto page = files.get("/", "br");
    CHECK(page.file->coding == server::ContentCoding::identity);
    CHECK_FALSE(page.file->immutable);
    // A compressed copy alone is not a file: the plain one decides what exists.
    std::filesystem::remove(dir.path() / "index.html");
    CHECK(files.get("/", "br").status == server::StaticFiles::Status::not_found);
}

TEST_CASE("[server] WebSocket Origin rule", "[server][http]") {
    using server::origin_allowed;
    const std::vector<std::string> allowed = {"https://app.example.org"};
    CHECK(origin_allowed("", "localhost:8080", {}, false));                     // not a browser
    CHECK(origin_allowed("http://localhost:8080", "localhost:8080", {}, true));  // same origin
    CHECK(origin_allowed("HTTPS://App.Example.org/", "x:1", allowed, true));
    CHECK_FALSE(origin_allowed("http://evil.example", "localhost:8080", allowed, true));
    CHECK_FALSE(origin_allowed("http://localhost:8081", "localhost:8080", {}, true));
    CHECK_FALSE(origin_allowed("null", "localhost:8080", {}, true));
}
