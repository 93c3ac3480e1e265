#include <catch2/catch.hpp>

#include "core/clinic/model.h"
#include "core/protocol/protocol.h"
#include "core/time/clock.h"

using namespace core;
using namespace core::protocol;

namespace {
Error decode_error(std::string_view text) {
    auto r = decode_request(text);
    REQUIRE(std::holds_alternative<DecodeFailure>(r));
    return std::get<DecodeFailure>(r).error;
}
}  // namespace

TEST_CASE("[core] protocol decodes well-formed requests", "[core][protocol]") {
    auto r = decode_request(R"({"id":7,"type":"sign_in","data":{"email":"a@b.co"}})");
    REQUIRE(std::holds_alternative<Request>(r));
    const auto& req = std::get<Request>(r);
    CHECK(req.id == 7);
    CHECK(req.type == RequestType::sign_in);
    CHECK(req.data["email"] == "a@b.co");

    SECTION("data is optional") {
        auto h = decode_request(R"({"id":1,"type":"me"})");
        REQUIRE(std::holds_alternative<Request>(h));
        CHECK(std::get<Request>(h).data.is_object());
    }
    SECTION("round trip through encode_request") {
        auto again = decode_request(encode_request(req));
        REQUIRE(std::holds_alternative<Request>(again));
        CHECK(std::get<Request>(again).data == req.data);
    }
}

TEST_CASE("[core] protocol refuses bad input with stable codes", "[core][protocol]") {
    CHECK(decode_error("{\"id\":1,").code == ErrorCode::bad_json);
    CHECK(decode_error("[1,2]").code == ErrorCode::bad_message);
    CHECK(decode_error(R"({"type":"me"})").code == ErrorCode::bad_message);
    CHECK(decode_error(R"({"id":"1","type":"me"})").code == ErrorCode::bad_message);
    CHECK(decode_error(R"({"id":1,"type":5})").code == ErrorCode::bad_message);
    CHECK(decode_error(R"({"id":1,"type":"launch_rockets"})").code == ErrorCode::unknown_type);
    CHECK(decode_error(R"({"id":1,"type":"me","data":[]})").code == ErrorCode::invalid_field);
    CHECK(decode_error(std::string(10000, '[') + std::string(10000, ']')).code == ErrorCode::too_deep);
    CHECK(decode_error("{\"id\":1,\"type\":\"me\",\"x\":\"\xff\"}").code == ErrorCode::bad_json);
    CHECK(decode_error(std::string(kMaxMessageBytes + 1, ' ')).code == ErrorCode::message_too_large);

    SECTION("the id is kept when it could be read") {
        auto r = decode_request(R"({"id":42,"type":"nope"})");
        CHECK(std::get<DecodeFailure>(r).id == 42);
    }
}

TEST_CASE("[core] nesting depth ignores brackets inside strings", "[core][protocol]") {
    CHECK_FALSE(nests_deeper_than(R"({"a":"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["})", 2));
    CHECK_FALSE(nests_deeper_than(R"({"a":"\"[[[[["})", 1));
    CHECK(nests_deeper_than("[[[", 2));
}

TEST_CASE("[core] utf-8 validation", "[core][protocol]") {
    CHECK(is_valid_utf8("Zoë Łukasiewicz محمد 日本 🩺"));
    CHECK_FALSE(is_valid_utf8("\xc0\xaf"));          // overlong '/'
    CHECK_FALSE(is_valid_utf8("\xed\xa0\x80"));      // surrogate
    CHECK_FALSE(is_valid_utf8("\xf4\x90\x80\x80"));  // > U+10FFFF
    CHECK_FALSE(is_valid_utf8("abc\xe2\x82"));       // truncated
}

TEST_CASE("[core] server messages decode on the client", "[core][protocol]") {
    auto ok = decode_server_message(encode_ok(3, {{"x", 1}}));
    REQUIRE(std::holds_alternative<Response>(ok));
    CHECK(std::get<Response>(ok).ok);
    CHECK(std::get<Response>(ok).id == 3);

    Error locked = Error::of(ErrorCode::account_locked, "Try again in 3 minutes.", "password");
    locked.retry_after_s = 170;
    auto err = decode_server_message(encode_error(4, locked));
    REQUIRE(std::holds_alternative<Response>(err));
    const auto& r = std::get<Response>(err);
    CHECK_FALSE(r.ok);
    CHECK(r.error.code == ErrorCode::account_locked);
    CHECK(r.error.field == "password");
    CHECK(r.error.retry_after_s == 170);

    auto ev = decode_server_message(encode_event({"session.ended", {{"reason", "expired"}}}));
    REQUIRE(std::holds_alternative<Event>(ev));
    CHECK(std::get<Event>(ev).data["reason"] == "expired");
    CHECK(std::holds_alternative<Error>(decode_server_message("nonsense")));
}

// Found by the protocol fuzzer in 85 s (tests/fuzz/corpus/protocol/crash-795a0f32…: "code":false): json's
// value() threw on an error code that is not text, and the client would have aborted.
TEST_CASE("[core] a server error of odd shape decodes without throwing", "[core][protocol]") {
    for (const char* text : {R"({"ok":false,"error":{"code":1}})", R"({"ok":false,"error":{"code":"rate_limited","message":[1]}})",
                             R"({"ok":false,"error":{"field":{},"retry_after_s":"soon"}})",
                             R"({"ok":false,"error":{"code":"rate_limited","retry_after_s":1e300}})",
                             R"({"ok":false,"error":{"retry_after_s":99999999999}})", R"({"ok":false,"error":"x"})"}) {
        INFO(text);
        const auto decoded = decode_server_message(text);
        REQUIRE(std::holds_alternative<Response>(decoded));
        CHECK_FALSE(std::get<Response>(decoded).ok);
        CHECK(std::get<Response>(decoded).error.retry_after_s == 0);
    }
    const auto limited = decode_server_message(R"({"id":1,"ok":false,"error":{"code":"rate_limited","field":7}})");
    CHECK(std::get<Response>(limited).error.code == ErrorCode::rate_limited);
    CHECK(std::get<Response>(limited).error.field.empty());
}

TEST_CASE("[core] every error code has a name that round-trips", "[core][protocol]") {
    for (int i = 0; i <= int(ErrorCode::call_not_open); ++i) {
        const auto code = ErrorCode(i);
        CHECK(error_code_from_string(to_string(code)) == code);
        CHECK_FALSE(default_message(code).empty());
    }
}

TEST_CASE("[core] iso-8601 instants", "[core][time]") {
    const auto t = parse_iso8601("2026-03-29T01:30:00.250Z");
    REQUIRE(t);
    CHECK(format_iso8601(*t) == "2026-03-29T01:30:00.250Z");
    CHECK(parse_iso8601("2026-03-29T01:30:00Z"));
    CHECK_FALSE(parse_iso8601("2026-02-30T01:30:00Z"));
    CHECK_FALSE(parse_iso8601("2026-03-29 01:30:00Z"));
    CHECK_FALSE(parse_iso8601("2026-03-29T01:30:00+01:00"));
}

namespace {
struct Inner {
    std::string name;
    std::optional<Instant> at;
    template <typename F>
    void fields(F& f) {
        f("name", name);
        f("at", at);
    }
};
struct EveryKind {
    bool flag = true;
    std::int64_t big = -9'007'199'254'740'993;
    int small = 0;
    std::string text;
    Instant when{};
    AppointmentStatus status = AppointmentStatus::confirmed;
    std::optional<std::int64_t> maybe;
    std::vector<Inner> list;
    json extra = json::object();
    std::string skipped;
    template <typename F>
    void fields(F& f) {
        f("flag", flag);
        f("big", big);
        f("small", small);
        f("text", text);
        f("when", when);
        f("status", status);
        f("maybe", maybe);
        f("list", list);
        f("extra", extra);
        f.optional("skipped", skipped);
    }
};
std::string text_of(const EveryKind& m) {
    std::string out;
    encode_text(out, m);
    return out;
}
}  // namespace

// encode_text is what the server sends; encode() (a json value) is what tests and the client read.
// They must say the same thing for every field type and every kind of text.
TEST_CASE("[core] a message written straight to text is the JSON encode() builds", "[core][protocol]") {
    EveryKind m;
    m.when = parse_iso8601("2026-03-29T01:59:59.007Z").value();
    m.maybe = 42;
    m.list = {{"a", std::nullopt}, {"b", parse_iso8601("1999-12-31T23:00:00Z")}};
    m.extra = {{"nested", {1, 2, "x"}}, {"z", nullptr}};
    const auto same = [](const EveryKind& k) {
        INFO(text_of(k));
        const json parsed = json::parse(text_of(k));
        CHECK(parsed == encode(k));
    };
    SECTION("every field type") {
        same(m);
        CHECK(text_of(m).find("\"skipped\"") == std::string::npos);  // optional and empty: left out
        CHECK(text_of(m).find("\"when\":\"2026-03-29T01:59:59.007Z\"") != std::string::npos);
        CHECK(text_of(m).find("\"maybe\":42") != std::string::npos);
    }
    SECTION("text: quotes, backslashes, control characters, emoji, right-to-left, line breaks") {
        m.text = std::string("\"quoted\" \\ back\tslash\x01\x1f\x7f\n") + "שלום עליכם 👩‍⚕️ مرحبا 日本語\r\n";
        same(m);
    }
    SECTION("invalid UTF-8 becomes U+FFFD, as dump() with the replace handler writes it") {
        for (std::string bad : {std::string("\xff\xfe"), std::string("ok\xc3"), std::string("\xe0\x80\x80"),
                                std::string("\xed\xa0\x80"), std::string("\xf4\x90\x80\x80"), std::string("a\x80z"),
                                std::string("\xf0\x9f\x98" "A"), std::string("\xe2\x82"), std::string("\xc0\xaf")}) {
            m.text = bad;
            const std::string replaced = json(bad).dump(-1, ' ', false, json::error_handler_t::replace);
            INFO(replaced);
            CHECK(json::parse(text_of(m))["text"].get<std::string>() == json::parse(replaced).get<std::string>());
        }
    }
    SECTION("instants far from today and the epoch") {
        for (const char* t : {"1970-01-01T00:00:00.000Z", "0001-01-01T00:00:00.000Z", "9999-12-31T23:59:59.999Z",
                              "1969-07-20T20:17:40.001Z"}) {
            m.when = parse_iso8601(t).value();
            same(m);
            CHECK(json::parse(text_of(m))["when"] == t);
        }
    }
    SECTION("a typed reply frame") {
        const json reply = json::parse(encode_ok(7, m));
        CHECK(reply["id"] == 7);
        CHECK(reply["ok"] == true);
        CHECK(reply["data"] == encode(m));
    }
}
