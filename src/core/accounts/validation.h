// Input rules for accounts, with messages a person can act on. Each returns the Error to show, or
// nothing when the input is acceptable. Lengths count Unicode code points, not bytes.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "core/errors.h"

namespace core {

inline constexpr size_t kMaxEmailLength = 254;
inline constexpr size_t kMinPasswordLength = 10;
inline constexpr size_t kMaxPasswordLength = 128;
inline constexpr size_t kMaxNameLength = 100;
inline constexpr size_t kMaxTimeZoneLength = 64;

std::string normalize_email(std::string_view email);  // trims spaces, lower-cases ASCII
std::optional<Error> check_email(std::string_view normalized_email);
std::optional<Error> check_password(std::string_view password, std::string_view normalized_email);
std::optional<Error> check_display_name(std::string_view name);
std::optional<Error> check_time_zone(std::string_view tz);
std::optional<Error> check_country(std::string_view code);   // empty (not given) or an ISO 3166-1 alpha-2 code
std::optional<Error> check_language(std::string_view code);  // an ISO 639-1 code
std::string trim(std::string_view s);
size_t utf8_length(std::string_view s);  // code points; call only on valid UTF-8

}  // namespace core
