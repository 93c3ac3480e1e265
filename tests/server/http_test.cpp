// HTTP: static files with types, ETags, precompressed forms, caching and security headers; traversal
// refused; /healthz.
#include <catch2/catch.hpp>

#include "flows.h"

using namespace test;

TEST_CASE("[server] HTTP static files", "[server]") {
    const auto port = shared_server().port();

    SECTION("the index with security headers and an ETag") {
        const auto r = http_get(port, "/");
        REQUIRE(r.status == 200);
        CHECK_THAT(r.header("content-type"), Catch::StartsWith("text/html"));
        CHECK_THAT(r.body, Catch::Contains("<title>telemed</title>"));
        CHECK_THAT(r.header("content-security-policy"), Catch::Contains("default-src 'self'"));
        CHECK_THAT(r.header("content-security-policy"), Catch::Contains("'wasm-unsafe-eval'"));
        CHECK_THAT(r.header("content-security-policy"), Catch::Contains("frame-ancestors 'none'"));
        CHECK(r.header("x-content-type-options") == "nosniff");
        CHECK(r.header("referrer-policy") == "no-referrer");
        CHECK(r.header("x-frame-options") == "DENY");
        CHECK(r.header("cache-control") == "no-cache");
        const std::string etag = r.header("etag");
        REQUIRE(etag.size() > 2);
        CHECK(etag.front() == '"');

        const auto again = http_get(port, "/index.html", {{"If-None-Match", etag}});
        CHECK(again.status == 304);
        CHECK(again.body.empty());
        CHECK(again.header("etag") == etag);
        CHECK(http_get(port, "/", {{"If-None-Match", "\"something-else\""}}).status == 200);
    }
    SECTION("MIME types") {
        const auto wasm = http_get(port, "/app.wasm");
        REQUIRE(wasm.status == 200);
        CHECK(wasm.header("content-type") == "application/wasm");
        CHECK(wasm.body.size() == 8);
        CHECK_THAT(http_get(port, "/app.js").header("content-type"), Catch::StartsWith("text/javascript"));
        CHECK_THAT(http_get(port, "/assets/style.css").header("content-type"), Catch::StartsWith("text/css"));
    }
    SECTION("precompressed forms by Accept-Encoding, hashed names cached for a year") {
        const std::string hashed = "/app.0123456789ab.js";
        const auto br = http_get(port, hashed, {{"Accept-Encoding", "gzip, deflate, br"}});
        REQUIRE(br.status == 200);
        CHECK(br.header("content-encoding") == "br");
        CHECK(br.body == "brotli form");
        CHECK(br.header("content-length") == "11");
        CHECK_THAT(br.header("content-type"), Catch::StartsWith("text/javascript"));
        CHECK(br.header("vary") == "Accept-Encoding");
        CHECK(br.header("cache-control") == "public, max-age=31536000, immutable");

        const auto gzip = http_get(port, hashed, {{"Accept-Encoding", "br;q=0, gzip"}});
        CHECK(gzip.header("content-encoding") == "gzip");
        CHECK(gzip.body == "the gzip form");
        const auto plain = http_get(port, hashed);
        CHECK(plain.header("content-encoding").empty());
        CHECK(plain.body.size() == 200 * std::string("console.log('telemed');\n").size());
        CHECK(plain.header("vary") == "Accept-Encoding");
        // One ETag per form: a cache holding the gzip bytes must not be told they are the brotli ones.
        CHECK(br.header("etag") != gzip.header("etag"));
        CHECK(br.header("etag") != plain.header("etag"));
        CHECK(gzip.header("etag") != plain.header("etag"));

        const auto revalidated = http_get(port, hashed, {{"Accept-Encoding", "br"}, {"If-None-Match", br.header("etag")}});
        CHECK(revalidated.status == 304);
        CHECK(revalidated.header("content-encoding") == "br");
        CHECK(http_get(port, hashed, {{"Accept-Encoding", "gzip"}, {"If-None-Match", br.header("etag")}}).status == 200);

        // Files without stored forms (and the page, whose name never changes) are sent as they are.
        const auto page = http_get(port, "/", {{"Accept-Encoding", "br, gzip"}});
        CHECK(page.header("content-encoding").empty());
        CHECK(page.header("cache-control") == "no-cache");
    }
    SECTION("HEAD gives the headers without the body") {
        const auto r = http_request(port, "HEAD", "/app.wasm");
        CHECK(r.status == 200);
        CHECK(r.header("content-length") == "8");
        CHECK(r.body.empty());
    }
    SECTION("paths that leave the web root are refused") {
        for (const char* target : {"/../etc/passwd", "/%2e%2e/etc/passwd", "/assets/../../etc/passwd", "/..%2fetc/passwd"}) {
            INFO(target);
            const auto r = http_get(port, target);
            CHECK(r.status >= 400);
            CHECK(r.body.find("root:") == std::string::npos);
        }
    }
    SECTION("missing files and other methods") {
        const auto missing = http_get(port, "/nope.js");
        CHECK(missing.status == 404);
        CHECK(missing.header("x-content-type-options") == "nosniff");
        CHECK(http_request(port, "POST", "/").status == 405);
    }
}

TEST_CASE("[server] /healthz", "[server]") {
    const auto r = http_get(shared_server().port(), "/healthz");
    REQUIRE(r.status == 200);
    CHECK_THAT(r.header("content-type"), Catch::StartsWith("application/json"));
    const auto body = nlohmann::json::parse(r.body);
    CHECK(body["status"] == "ok");
    CHECK(body["db"] == "ok");
    CHECK(body.contains("version"));
    CHECK(body["uptime_s"].is_number_integer());
    CHECK(body["connections"].is_number_integer());
}

TEST_CASE("[server] /metrics: time per request type, for loopback scrapers", "[server]") {
    const auto port = shared_server().port();
    auto c = greeted(port);  // at least one hello has been handled
    c->send_text("{not json");
    c->next_message();
    const auto r = http_get(port, "/metrics");
    REQUIRE(r.status == 200);
    CHECK_THAT(r.header("content-type"), Catch::StartsWith("text/plain; version=0.0.4"));
    CHECK(r.header("cache-control") == "no-store");
    CHECK_THAT(r.body, Catch::Contains("# TYPE telemed_request_seconds histogram"));
    CHECK_THAT(r.body, Catch::Contains("telemed_request_seconds_bucket{type=\"hello\",le=\"+Inf\"}"));
    CHECK_THAT(r.body, Catch::Contains("telemed_request_seconds_count{type=\"invalid\"}"));
}
