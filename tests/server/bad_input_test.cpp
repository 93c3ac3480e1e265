// Malformed, oversized, unknown and ill-typed messages: each gets a stable error code and a message
// (or a close with a code), and a bystander connection opened before keeps getting answers.
#include <catch2/catch.hpp>

#include "core/seed/demo_accounts.h"
#include "flows.h"

using namespace test;

namespace {

// Proves the server still serves others: the bystander was connected and signed in before the abuse.
void check_bystander(WsClient& bystander) {
    const json r = bystander.request("me");
    CHECK(r["ok"] == true);
}

void check_error(const json& r, const std::string& code) {
    CHECK(r["ok"] == false);
    CHECK(error_code(r) == code);
    CHECK_FALSE(r["error"].value("message", "").empty());
}

}  // namespace

TEST_CASE("[server] bad input", "[server]") {
    const auto port = shared_server().port();
    static auto bystander = [&] {
        auto c = greeted(port);
        if (sign_up(*c, unique_email("bystander"))["ok"] != true) throw std::runtime_error("bystander sign-up failed");
        return c;
    }();
    auto attacker = greeted(port);

    SECTION("invalid UTF-8 in a text frame closes with 1007") {
        attacker->send_text(std::string("{\"id\":1,\"type\":\"hello\",\"data\":{\"client\":\"\xff\xfe\"}}"));
        CHECK(attacker->await_close().code == 1007);
    }
    SECTION("truncated JSON is answered and the connection stays usable") {
        attacker->send_text(R"({"id":7,"type":"hello","data":{"protocol":1)");
        check_error(attacker->next_message(), "bad_json");
        CHECK(attacker->hello()["ok"] == true);
    }
    SECTION("a 10 MB frame closes with 1009") {
        attacker->send_oversized_text(10 * 1024 * 1024);
        CHECK(attacker->await_close().code == 1009);
    }
    SECTION("10,000 levels of nesting") {
        const std::string deep = R"({"id":9,"type":"hello","data":{"x":)" + std::string(10000, '[') +
                                 std::string(10000, ']') + "}}";
        attacker->send_text(deep);
        check_error(attacker->next_message(), "too_deep");
        CHECK(attacker->hello()["ok"] == true);
    }
    SECTION("wrong field types name the field") {
        const json r = attacker->request("sign_in", {{"email", 42}, {"password", kPassword}});
        check_error(r, "invalid_field");
        CHECK(r["error"]["field"] == "email");
        const json h = attacker->request("hello", {{"protocol", "one"}});
        check_error(h, "invalid_field");
        CHECK(h["error"]["field"] == "protocol");
    }
    SECTION("an unknown type") {
        const auto id = attacker->send_request("launch_rockets");
        const json r = attacker->next_message();
        check_error(r, "unknown_type");
        CHECK(r["id"] == id);  // answered with its id
    }
    SECTION("a binary frame") {
        attacker->send_binary(std::string("\x01\x02\x03", 3));
        check_error(attacker->next_message(), "bad_message");
        CHECK(attacker->hello()["ok"] == true);
    }
    SECTION("JSON that is not a request object") {
        for (const char* text : {"[1,2,3]", "\"hello\"", "42", "null", R"({"type":"hello"})", R"({"id":"x","type":"hello"})"}) {
            INFO(text);
            attacker->send_text(text);
            const json r = attacker->next_message();
            CHECK(r["ok"] == false);
            CHECK((error_code(r) == "bad_message" || error_code(r) == "invalid_field"));
        }
    }
    SECTION("many requests in a burst are answered in order") {
        std::vector<std::int64_t> ids;
        for (int i = 0; i < 50; ++i) ids.push_back(attacker->send_request("hello", {{"protocol", 1}}));
        for (auto id : ids) CHECK(attacker->next_message()["id"] == id);
    }
    check_bystander(*bystander);
}

TEST_CASE("[server] Origin check on the WebSocket upgrade", "[server]") {
    const auto port = shared_server().port();
    CHECK(WsClient::try_upgrade("127.0.0.1", port, "http://evil.example") == 403);
    CHECK(WsClient::try_upgrade("127.0.0.1", port, "http://127.0.0.1:" + std::to_string(port)) == 101);
    CHECK(WsClient::try_upgrade("127.0.0.1", port, "") == 101);  // not a browser
}

TEST_CASE("[server] allowed origins from the command line", "[server]") {
    ServerProcess server({"--allow-origin", "https://app.example.org", "--no-seed-demo"});
    CHECK(WsClient::try_upgrade("127.0.0.1", server.port(), "https://app.example.org") == 101);
    CHECK(WsClient::try_upgrade("127.0.0.1", server.port(), "https://other.example.org") == 403);
}

TEST_CASE("[server] a client that does not read its answers is closed with 1008", "[server]") {
    // list_accounts is a scan: its per-connection limit is lifted, so every answer is a big one.
    ServerProcess server({"--write-queue-messages", "4", "--write-queue-bytes", "1KiB", "--scan-burst-per-connection", "1000000"});
    const auto& demo = core::demo_accounts();
    const auto admin = std::find_if(demo.begin(), demo.end(), [](auto& a) { return a.role == core::Role::admin; });
    REQUIRE(admin != demo.end());

    // A tiny receive buffer, so the server's writes block soon and its queue fills.
    WsClient slow("127.0.0.1", server.port(), "", 10s, 4096);
    REQUIRE(slow.hello()["ok"] == true);
    REQUIRE(sign_in(slow, admin->email, admin->password)["ok"] == true);
    auto bystander = greeted(server.port());

    // Long names make list_accounts answers ~8 KiB, so a few hundred unread ones fill the kernel's
    // buffers (the server's send buffer grows to 4 MiB) and then the server's own queue.
    std::string long_name;
    for (int i = 0; i < 100; ++i) long_name += "\xF0\x9D\x95\x8F";  // U+1D54F, 4 bytes in UTF-8
    for (int i = 0; i < 10; ++i) {
        const json r = slow.request("create_staff_account", {{"email", unique_email("staff")},
                                                              {"password", kPassword},
                                                              {"display_name", long_name},
                                                              {"role", "support"}});
        REQUIRE(r["ok"] == true);
    }
    for (int i = 0; i < 1500; ++i) {  // nothing is read
        try {
            slow.send_request("list_accounts");
        } catch (const std::exception&) {
            break;
        }
    }
    const CloseInfo closed = slow.await_close();
    CHECK(closed.code == 1008);
    CHECK(closed.reason == "send queue overflow");
    CHECK(bystander->hello()["ok"] == true);
    CHECK_THAT(server.log(), Catch::Contains("send queue overflow"));
}
