#include "core/protocol/codec.h"

#include <chrono>

namespace core::protocol::detail {

namespace {

// The UTF-8 sequence at the start of `s` (RFC 3629: no overlong forms, no surrogates, nothing past
// U+10FFFF): its length when valid; when not, the length of its longest valid beginning (at least 1),
// which one U+FFFD replaces, as nlohmann::json's dump() does.
struct Sequence {
    size_t length;
    bool valid;
};
Sequence utf8_sequence(std::string_view s) {
    const auto b0 = static_cast<unsigned char>(s[0]);
    size_t length = 0;
    unsigned char low = 0x80, high = 0xBF;  // the range of the second byte
    if (b0 >= 0xC2 && b0 <= 0xDF) length = 2;
    else if (b0 >= 0xE0 && b0 <= 0xEF) length = 3, low = b0 == 0xE0 ? 0xA0 : 0x80, high = b0 == 0xED ? 0x9F : 0xBF;
    else if (b0 >= 0xF0 && b0 <= 0xF4) length = 4, low = b0 == 0xF0 ? 0x90 : 0x80, high = b0 == 0xF4 ? 0x8F : 0xBF;
    else return {1, false};
    for (size_t i = 1; i < length; ++i) {
        if (i >= s.size()) return {i, false};
        const auto b = static_cast<unsigned char>(s[i]);
        if (b < (i == 1 ? low : 0x80) || b > (i == 1 ? high : 0xBF)) return {i, false};
    }
    return {length, true};
}

void write_escaped_control(std::string& out, unsigned char c) {
    switch (c) {
        case '\b': out += "\\b"; return;
        case '\f': out += "\\f"; return;
        case '\n': out += "\\n"; return;
        case '\r': out += "\\r"; return;
        case '\t': out += "\\t"; return;
        default: {
            static constexpr char kHex[] = "0123456789abcdef";
            out += "\\u00";
            out += kHex[c >> 4];
            out += kHex[c & 0xF];
        }
    }
}

void append_two_digits(std::string& out, unsigned v) {
    out += static_cast<char>('0' + v / 10);
    out += static_cast<char>('0' + v % 10);
}

}  // namespace

void write_string(std::string& out, std::string_view text) {
    out += '"';
    size_t plain_from = 0;  // runs of bytes that need nothing are appended at once
    const auto flush = [&](size_t to) { out.append(text.data() + plain_from, to - plain_from); };
    for (size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
            ++i;
            continue;
        }
        if (c >= 0x80) {
            const Sequence seq = utf8_sequence(text.substr(i));
            i += seq.length;
            if (seq.valid) continue;
            flush(i - seq.length);
            out += "\xEF\xBF\xBD";  // U+FFFD
            plain_from = i;
            continue;
        }
        flush(i);
        if (c == '"') out += "\\\"";
        else if (c == '\\') out += "\\\\";
        else write_escaped_control(out, c);
        plain_from = ++i;
    }
    flush(text.size());
    out += '"';
}

void write_instant(std::string& out, Instant t) {
    using namespace std::chrono;
    const auto day = floor<days>(t);
    const year_month_day ymd{day};
    const int year = static_cast<int>(ymd.year());
    if (year < 0 || year > 9999) return write_string(out, format_iso8601(t));
    const hh_mm_ss hms{t - day};
    out += '"';
    append_two_digits(out, static_cast<unsigned>(year / 100));
    append_two_digits(out, static_cast<unsigned>(year % 100));
    out += '-';
    append_two_digits(out, static_cast<unsigned>(ymd.month()));
    out += '-';
    append_two_digits(out, static_cast<unsigned>(ymd.day()));
    out += 'T';
    append_two_digits(out, static_cast<unsigned>(hms.hours().count()));
    out += ':';
    append_two_digits(out, static_cast<unsigned>(hms.minutes().count()));
    out += ':';
    append_two_digits(out, static_cast<unsigned>(hms.seconds().count()));
    out += '.';
    const auto ms = static_cast<unsigned>(hms.subseconds().count());
    out += static_cast<char>('0' + ms / 100);
    append_two_digits(out, ms % 100);
    out += "Z\"";
}

}  // namespace core::protocol::detail
