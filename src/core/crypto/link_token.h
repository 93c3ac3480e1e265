// The pieces of the signed links recordings and attachments hand out: "<field>.<field>….<mac>", the
// fields decimal, the MAC an HMAC-SHA256 of the rest under a key of the process (or configured).
// Each service decides what its fields mean; this is only the token's arithmetic, written once.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/text/decimal.h"  // a link's fields are read with parse_decimal

namespace core {

// 32 random bytes: a link key when none is configured (links then last as long as the process).
std::string random_link_key();
// base64url(HMAC-SHA256(key, payload)).
std::string sign_link(std::string_view key, std::string_view payload);
// "a.b.c" -> {"a", "b", "c"}.
std::vector<std::string_view> split_dots(std::string_view s);

}  // namespace core
