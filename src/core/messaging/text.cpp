#include "core/messaging/text.h"

namespace core::text {

CodePoint code_point_at(std::string_view utf8, std::size_t at) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(utf8[at + k]); };
    const unsigned char c = byte(0);
    if (c < 0x80) return {c, 1};
    if ((c & 0xE0) == 0xC0) return {(std::uint32_t(c & 0x1F) << 6) | (byte(1) & 0x3F), 2};
    if ((c & 0xF0) == 0xE0) return {(std::uint32_t(c & 0x0F) << 12) | (std::uint32_t(byte(1) & 0x3F) << 6) | (byte(2) & 0x3F), 3};
    return {(std::uint32_t(c & 0x07) << 18) | (std::uint32_t(byte(1) & 0x3F) << 12) | (std::uint32_t(byte(2) & 0x3F) << 6) |
                (byte(3) & 0x3F),
            4};
}

bool is_space(std::uint32_t cp) {
    if (cp == ' ' || (cp >= 0x09 && cp <= 0x0D)) return true;
    switch (cp) {
        case 0x85: case 0xA0: case 0x1680: case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000:
        case 0x200B: case 0xFEFF:
            return true;
        default:
            return cp >= 0x2000 && cp <= 0x200A;
    }
}

bool is_word_char(std::uint32_t cp) {
    if (cp < 0x80) return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    if (cp < 0xC0 || is_space(cp)) return false;
    if (cp >= 0x2000 && cp <= 0x2BFF) return false;    // punctuation, symbols, arrows, shapes, dingbats
    if (cp >= 0x3000 && cp <= 0x303F) return false;    // CJK symbols and punctuation
    if (cp >= 0xFE00 && cp <= 0xFE0F) return false;    // variation selectors (emoji presentation)
    if (cp >= 0x1F000 && cp <= 0x1FAFF) return false;  // emoji and pictographs
    return cp != 0xD7 && cp != 0xF7;                   // × and ÷ sit among the Latin-1 letters
}

std::uint32_t fold_case(std::uint32_t cp) {
    if (cp >= 'A' && cp <= 'Z') return cp + 0x20;
    if (cp < 0xC0) return cp;
    if (cp <= 0xDE) return cp == 0xD7 ? cp : cp + 0x20;                      // À–Þ (not ×)
    if (cp >= 0x100 && cp <= 0x137) return cp | 1;                           // Latin Extended-A: even capital, odd small
    if (cp >= 0x139 && cp <= 0x148) return (cp & 1) ? cp + 1 : cp;           // … odd capital, even small
    if (cp >= 0x14A && cp <= 0x177) return cp | 1;
    if (cp == 0x178) return 0xFF;                                            // Ÿ
    if (cp >= 0x179 && cp <= 0x17E) return (cp & 1) ? cp + 1 : cp;
    if (cp >= 0x391 && cp <= 0x3AB && cp != 0x3A2) return cp + 0x20;        // Greek capitals
    if (cp >= 0x410 && cp <= 0x42F) return cp + 0x20;                        // Cyrillic А–Я
    if (cp >= 0x400 && cp <= 0x40F) return cp + 0x50;                        // Ѐ–Џ
    return cp;
}

void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out += char(cp);
    } else if (cp < 0x800) {
        out += char(0xC0 | (cp >> 6));
        out += char(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += char(0xE0 | (cp >> 12));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    } else {
        out += char(0xF0 | (cp >> 18));
        out += char(0x80 | ((cp >> 12) & 0x3F));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    }
}

std::string fold(std::string_view utf8) {
    std::string out;
    out.reserve(utf8.size());
    for (std::size_t i = 0; i < utf8.size();) {
        const CodePoint c = code_point_at(utf8, i);
        append_utf8(out, fold_case(c.value));
        i += c.bytes;
    }
    return out;
}

bool contains_folded(std::string_view text, std::string_view query) {
    return fold(text).find(fold(query)) != std::string::npos;
}

}  // namespace core::text
