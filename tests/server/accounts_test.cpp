// Accounts over a real server and real WebSockets: handshake, sign-up/in/out, resume, sessions
// closing, password change, lockout, staff accounts, expiry, shutdown.
#include <catch2/catch.hpp>

#include <thread>

#include "core/seed/demo_accounts.h"
#include "flows.h"

using namespace test;

TEST_CASE("[server] hello handshake", "[server]") {
    auto& server = shared_server();
    WsClient c("127.0.0.1", server.port());

    SECTION("a request before hello is refused") {
        const json r = c.request("me");
        CHECK(error_code(r) == "hello_required");
        CHECK_FALSE(r["error"].value("message", "").empty());
        CHECK(c.hello()["ok"] == true);  // and the connection is still usable
    }
    SECTION("hello with the current protocol") {
        const json r = c.hello();
        REQUIRE(r["ok"] == true);
        CHECK(r["data"]["protocol"] == 1);
        CHECK(r["data"]["session_idle_timeout_s"] == 1800);
        CHECK(r["data"].contains("server"));
    }
    SECTION("hello with another protocol version") {
        const json r = c.request("hello", {{"protocol", 99}, {"client", "future-app"}});
        CHECK(error_code(r) == "protocol_mismatch");
        CHECK_FALSE(r["error"].value("message", "").empty());
    }
}

TEST_CASE("[server] sign up", "[server]") {
    auto c = greeted(shared_server().port());
    const std::string email = unique_email("patient");

    const json patient = sign_up(*c, email);
    REQUIRE(patient["ok"] == true);
    CHECK(patient["data"]["token"].get<std::string>().size() == 43);
    CHECK(patient["data"]["user"]["role"] == "patient");
    CHECK(patient["data"]["user"]["status"] == "active");
    CHECK(patient["data"]["user"]["email"] == email);

    SECTION("a doctor waits for verification") {
        auto d = greeted(shared_server().port());
        const json doctor = sign_up(*d, unique_email("doctor"), "doctor");
        REQUIRE(doctor["ok"] == true);
        CHECK(doctor["data"]["user"]["status"] == "pending_verification");
    }
    SECTION("the same e-mail twice") {
        auto d = greeted(shared_server().port());
        const json again = sign_up(*d, email);
        CHECK(error_code(again) == "email_taken");
        CHECK(again["error"]["field"] == "email");
    }
    SECTION("a weak password") {
        auto d = greeted(shared_server().port());
        const json weak = sign_up(*d, unique_email("weak"), "patient", "short");
        CHECK(error_code(weak) == "weak_password");
        CHECK(weak["error"]["field"] == "password");
        CHECK_FALSE(weak["error"].value("message", "").empty());
    }
}

TEST_CASE("[server] sign in, resume, sign out", "[server]") {
    const auto port = shared_server().port();
    const std::string email = unique_email("signin");
    REQUIRE(sign_up(*greeted(port), email)["ok"] == true);

    auto a = greeted(port);
    CHECK(error_code(sign_in(*a, email, "wrong password here")) == "invalid_credentials");
    const json ok = sign_in(*a, email);
    REQUIRE(ok["ok"] == true);
    const std::string token = ok["data"]["token"];
    CHECK(a->request("me")["data"]["user"]["email"] == email);

    // Two more tabs share the token.
    auto b = greeted(port);
    auto c = greeted(port);
    REQUIRE(b->request("resume_session", {{"token", token}})["ok"] == true);
    REQUIRE(c->request("resume_session", {{"token", token}})["ok"] == true);
    CHECK(b->request("me")["ok"] == true);

    // Sign-out on one tab: it gets its answer and stays open; the other sockets of the session are told
    // and closed; the token is dead.
    REQUIRE(a->request("sign_out")["ok"] == true);
    CHECK(error_code(a->request("me")) == "unauthenticated");
    for (WsClient* other : {b.get(), c.get()}) {
        CHECK(other->await_event("session.ended")["data"]["reason"] == "signed_out");
        CHECK(other->await_close().code == 1000);
    }
    auto d = greeted(port);
    const json resumed = d->request("resume_session", {{"token", token}});
    CHECK(resumed["ok"] == false);
    CHECK((error_code(resumed) == "session_expired" || error_code(resumed) == "unauthenticated"));
    CHECK(a->hello()["ok"] == true);
}

TEST_CASE("[server] change password", "[server]") {
    const auto port = shared_server().port();
    const std::string email = unique_email("changer");
    auto a = greeted(port);
    REQUIRE(sign_up(*a, email)["ok"] == true);
    auto b = greeted(port);
    REQUIRE(sign_in(*b, email)["ok"] == true);

    const std::string next = "a brand new passphrase";
    const json wrong = a->request("change_password", {{"current_password", "not the password"}, {"new_password", next}});
    CHECK(wrong["ok"] == false);
    const json changed = a->request("change_password", {{"current_password", kPassword}, {"new_password", next}});
    REQUIRE(changed["ok"] == true);

    CHECK(b->await_event("session.ended")["data"]["reason"] == "password_changed");
    CHECK(b->await_close().code == 1000);
    CHECK(a->request("me")["ok"] == true);  // the tab that changed it stays signed in

    auto c = greeted(port);
    CHECK(error_code(sign_in(*c, email)) == "invalid_credentials");
    CHECK(sign_in(*c, email, next)["ok"] == true);
}

TEST_CASE("[server] lockout after 10 failed sign-ins", "[server]") {
    const auto port = shared_server().port();
    const std::string email = unique_email("locked");
    REQUIRE(sign_up(*greeted(port), email)["ok"] == true);

    auto c = greeted(port);
    for (int i = 0; i < 10; ++i) REQUIRE(error_code(sign_in(*c, email, "wrong password " + std::to_string(i))) == "invalid_credentials");
    const json locked = sign_in(*c, email);  // even the right password now
    REQUIRE(error_code(locked) == "account_locked");
    CHECK(locked["error"].value("retry_after_s", 0) > 0);
    CHECK(locked["error"].value("retry_after_s", 0) <= 15 * 60);
    CHECK_THAT(locked["error"].value("message", ""), Catch::Contains("minute"));
}

TEST_CASE("[server] staff accounts", "[server]") {
    const auto port = shared_server().port();
    const auto& demo = core::demo_accounts();
    const auto admin_it = std::find_if(demo.begin(), demo.end(), [](auto& a) { return a.role == core::Role::admin; });
    REQUIRE(admin_it != demo.end());

    auto admin = greeted(port);
    REQUIRE(sign_in(*admin, admin_it->email, admin_it->password)["ok"] == true);
    const std::string staff_email = unique_email("support");
    const json created = admin->request(
        "create_staff_account",
        {{"email", staff_email}, {"password", kPassword}, {"display_name", "Support Agent"}, {"role", "support"}});
    REQUIRE(created["ok"] == true);
    CHECK(created["data"]["user"]["role"] == "support");
    const json list = admin->request("list_accounts");
    REQUIRE(list["ok"] == true);
    CHECK(list["data"]["users"].size() >= 5);

    auto patient = greeted(port);
    REQUIRE(sign_up(*patient, unique_email("nosy"))["ok"] == true);
    const json refused = patient->request(
        "create_staff_account",
        {{"email", unique_email("x")}, {"password", kPassword}, {"display_name", "Nope"}, {"role", "admin"}});
    CHECK(error_code(refused) == "forbidden");
    CHECK(error_code(patient->request("list_accounts")) == "forbidden");
}

TEST_CASE("[server] idle sessions expire", "[server]") {
    ServerProcess server({"--session-idle-timeout", "2s", "--session-sweep-interval", "250ms", "--no-seed-demo"});
    auto c = greeted(server.port());
    const json up = sign_up(*c, unique_email("idle"));
    REQUIRE(up["ok"] == true);
    const std::string token = up["data"]["token"];

    const auto started = std::chrono::steady_clock::now();
    const json ended = c->await_event("session.ended");
    CHECK(ended["data"]["reason"] == "expired");
    CHECK(std::chrono::steady_clock::now() - started >= 1500ms);

    // The socket stays open and signed out; the token is dead.
    CHECK(error_code(c->request("me")) == "unauthenticated");
    const json resumed = c->request("resume_session", {{"token", token}});
    CHECK(error_code(resumed) == "session_expired");
}

TEST_CASE("[server] graceful shutdown", "[server]") {
    ServerProcess server({"--no-seed-demo"});
    auto c = greeted(server.port());
    auto d = greeted(server.port());
    std::thread stopper;
    int status = -2;
    stopper = std::thread([&] { status = server.stop(); });
    const CloseInfo closed = c->await_close();
    CHECK(closed.code == 1001);
    CHECK(closed.reason == "server shutting down");
    CHECK(d->await_close().code == 1001);
    stopper.join();
    CHECK(status == 0);
    CHECK_THAT(server.log(), Catch::Contains("\"msg\":\"stopped\""));
}
