#include "core/accounts/validation.h"

#include <algorithm>
#include <cctype>

#include "core/accounts/regions.h"
#include "core/protocol/protocol.h"

namespace core {
namespace {

bool is_ascii_alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

bool valid_domain(std::string_view domain) {
    if (domain.empty() || domain.size() > 253 || domain.find('.') == std::string_view::npos) return false;
    size_t start = 0;
    while (start <= domain.size()) {
        const size_t dot = std::min(domain.find('.', start), domain.size());
        const std::string_view label = domain.substr(start, dot - start);
        if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
        for (char c : label)
            if (!is_ascii_alnum(c) && c != '-') return false;
        start = dot + 1;
    }
    // The top-level label is letters only (no "user@host.123").
    const std::string_view tld = domain.substr(domain.rfind('.') + 1);
    return std::all_of(tld.begin(), tld.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); });
}

bool valid_local_part(std::string_view local) {
    if (local.empty() || local.size() > 64 || local.front() == '.' || local.back() == '.') return false;
    if (local.find("..") != std::string_view::npos) return false;
    constexpr std::string_view kAllowed = "!#$%&'*+/=?^_`{|}~.-";
    return std::all_of(local.begin(), local.end(),
                       [&](char c) { return is_ascii_alnum(c) || kAllowed.find(c) != std::string_view::npos; });
}

bool has_control_characters(std::string_view s) {
    return std::any_of(s.begin(), s.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u < 0x20 || u == 0x7f;
    });
}

bool repeats_one_character(std::string_view s) {
    size_t first = 1;
    while (first < s.size() && (static_cast<unsigned char>(s[first]) & 0xC0) == 0x80) ++first;
    if (s.size() % first != 0) return false;
    for (size_t i = first; i < s.size(); i += first)
        if (s.substr(i, first) != s.substr(0, first)) return false;
    return true;
}

}  // namespace

std::string trim(std::string_view s) {
    const auto not_space = [](char c) { return !std::isspace(static_cast<unsigned char>(c)); };
    auto begin = std::find_if(s.begin(), s.end(), not_space);
    auto end = std::find_if(s.rbegin(), s.rend(), not_space).base();
    return begin < end ? std::string(begin, end) : std::string();
}

size_t utf8_length(std::string_view s) {
    return size_t(std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string normalize_email(std::string_view email) {
    std::string out = trim(email);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
    return out;
}

std::optional<Error> check_email(std::string_view email) {
    const auto bad = [](std::string message) { return Error::of(ErrorCode::invalid_field, std::move(message), "email"); };
    if (email.empty()) return bad("Enter your e-mail address.");
    if (email.size() > kMaxEmailLength) return bad("This e-mail address is too long (at most 254 characters).");
    const size_t at = email.rfind('@');
    if (at == std::string_view::npos || email.find('@') != at)
        return bad("Enter an e-mail address like name@example.com.");
    if (!valid_local_part(email.substr(0, at)) || !valid_domain(email.substr(at + 1)))
        return bad("This does not look like an e-mail address. Check it for typos.");
    return std::nullopt;
}

std::optional<Error> check_password(std::string_view password, std::string_view normalized_email) {
    const auto weak = [](std::string message) { return Error::of(ErrorCode::weak_password, std::move(message), "password"); };
    if (!protocol::is_valid_utf8(password)) return weak("The password contains invalid characters.");
    const size_t length = utf8_length(password);
    if (length < kMinPasswordLength) return weak("Use at least 10 characters for your password.");
    if (length > kMaxPasswordLength) return weak("Use at most 128 characters for your password.");
    if (normalize_email(password) == normalized_email) return weak("Your password must not be your e-mail address.");
    const std::string local = std::string(normalized_email.substr(0, normalized_email.find('@')));
    if (!local.empty() && normalize_email(password) == local)
        return weak("Your password must not be the name in your e-mail address.");
    if (repeats_one_character(password)) return weak("Your password must not repeat one character.");
    return std::nullopt;
}

std::optional<Error> check_display_name(std::string_view name) {
    const auto bad = [](std::string message) { return Error::of(ErrorCode::invalid_field, std::move(message), "display_name"); };
    if (!protocol::is_valid_utf8(name)) return bad("The name contains invalid characters.");
    if (trim(name).empty()) return bad("Enter your name.");
    if (utf8_length(name) > kMaxNameLength) return bad("Use at most 100 characters for your name.");
    if (has_control_characters(name)) return bad("The name contains invisible control characters.");
    return std::nullopt;
}

std::optional<Error> check_time_zone(std::string_view tz) {
    const auto bad = [](std::string message) { return Error::of(ErrorCode::invalid_field, std::move(message), "time_zone"); };
    if (tz.empty() || tz.size() > kMaxTimeZoneLength) return bad("Choose a time zone.");
    // IANA names: "UTC", "Europe/Berlin", "America/Argentina/Buenos_Aires", "Etc/GMT+5".
    const bool shape_ok = std::all_of(tz.begin(), tz.end(), [](char c) {
        return is_ascii_alnum(c) || c == '/' || c == '_' || c == '-' || c == '+';
    });
    if (!shape_ok || tz.front() == '/' || tz.back() == '/' || tz.find("//") != std::string_view::npos)
        return bad("This is not a time zone name like Europe/Berlin.");
    return std::nullopt;
}

std::optional<Error> check_country(std::string_view code) {
    if (code.empty() || find_country(code)) return std::nullopt;
    return Error::of(ErrorCode::invalid_field, "Choose a country from the list.", "country");
}

std::optional<Error> check_language(std::string_view code) {
    if (find_language(code)) return std::nullopt;
    return Error::of(ErrorCode::invalid_field, "Choose a language from the list.", "language");
}

}  // namespace core
