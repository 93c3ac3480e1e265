// Every integer on the wire is range-checked: nothing wraps at 2^32 or 2^63 (issue 12).
#include <catch2/catch.hpp>

#include "core/clinic/messages.h"
#include "core/credits/messages.h"
#include "core/protocol/protocol.h"

using namespace core;
using namespace core::protocol;
using json = nlohmann::json;

TEST_CASE("[core] integer fields out of their type's range are refused, naming the field", "[core][protocol]") {
    SECTION("price_credits 4294967301 (2^32 + 5) is not saved as 5") {
        json data = encode(msg::UpdateDoctorProfile{});
        data["price_credits"] = 4294967301LL;
        auto r = decode<msg::UpdateDoctorProfile>(data);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == ErrorCode::invalid_field);
        CHECK(r.error().field == "price_credits");
        CHECK(r.error().message == "Field \"price_credits\" is out of range.");
        data["price_credits"] = -4294967291LL;
        CHECK(decode<msg::UpdateDoctorProfile>(data).error().field == "price_credits");
        data["price_credits"] = 5;
        CHECK(decode<msg::UpdateDoctorProfile>(data)->price_credits == 5);
    }
    SECTION("a card expiry year of 2^32 + 2031 is refused; the message names the nested field") {
        json data = encode(msg::BuyCredits{});
        data["card"]["exp_year"] = 4294969327LL;
        auto r = decode<msg::BuyCredits>(data);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().field == "card");
        CHECK(r.error().message == "Field \"card.exp_year\" is out of range.");
    }
    SECTION("above 2^63 - 1 an int64 field is too large") {
        json data = encode(msg::UpdateDoctorProfile{});
        data["price_credits"] = std::uint64_t(1) << 63;
        CHECK(decode<msg::UpdateDoctorProfile>(data).error().message == "Field \"price_credits\" is too large.");
    }
}

TEST_CASE("[core] request ids of 2^63 and above are refused, never answered negative", "[core][protocol]") {
    auto failure = [](std::string_view text) {
        auto r = decode_request(text);
        REQUIRE(std::holds_alternative<DecodeFailure>(r));
        return std::get<DecodeFailure>(r);
    };
    auto f = failure(R"({"id":9223372036854775808,"type":"me"})");
    CHECK(f.error.code == ErrorCode::bad_message);
    CHECK(f.error.field == "id");
    CHECK_FALSE(f.id.has_value());  // the reply's id is null, not -9223372036854775808
    CHECK(encode_error(f.id, f.error).find("\"id\":null") != std::string::npos);
    CHECK(failure(R"({"id":18446744073709551615,"type":"me"})").error.field == "id");

    auto max = decode_request(R"({"id":9223372036854775807,"type":"me"})");
    REQUIRE(std::holds_alternative<Request>(max));
    CHECK(std::get<Request>(max).id == 9223372036854775807LL);
    CHECK(encode_ok(std::get<Request>(max).id, json::object()).find("\"id\":9223372036854775807") != std::string::npos);
}
