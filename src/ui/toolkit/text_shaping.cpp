#include "ui/toolkit/text_shaping.h"

#include <algorithm>
#include <vector>

#include "ui/toolkit/glyphs.h"
#include "ui/toolkit/utf8.h"

namespace ui {
namespace {

using utf8::decode;

void encode(char32_t cp, std::string& out) { utf8::append(cp, out); }

enum Join { none, right, dual, causing };

// Presentation form base (isolated form) and joining type of U+0621..U+064A; 0 = no form.
struct Letter {
    char16_t base;
    Join join;
};
constexpr Letter kLetters[] = {
    {0xFE80, none},  {0xFE81, right}, {0xFE83, right}, {0xFE85, right}, {0xFE87, right}, {0xFE89, dual},
    {0xFE8D, right}, {0xFE8F, dual},  {0xFE93, right}, {0xFE95, dual},  {0xFE99, dual},  {0xFE9D, dual},
    {0xFEA1, dual},  {0xFEA5, dual},  {0xFEA9, right}, {0xFEAB, right}, {0xFEAD, right}, {0xFEAF, right},
    {0xFEB1, dual},  {0xFEB5, dual},  {0xFEB9, dual},  {0xFEBD, dual},  {0xFEC1, dual},  {0xFEC5, dual},
    {0xFEC9, dual},  {0xFECD, dual},  {0, none},       {0, none},       {0, none},       {0, none},
    {0, none},       {0, causing},    {0xFED1, dual},  {0xFED5, dual},  {0xFED9, dual},  {0xFEDD, dual},
    {0xFEE1, dual},  {0xFEE5, dual},  {0xFEE9, dual},  {0xFEED, right}, {0xFEEF, right}, {0xFEF1, dual},
};

const Letter* letter(char32_t c) {
    if (c < 0x0621 || c > 0x064A) return nullptr;
    const Letter* l = &kLetters[c - 0x0621];
    return (l->base || l->join == causing) ? l : nullptr;
}

bool transparent(char32_t c) { return (c >= 0x064B && c <= 0x065F) || c == 0x0670; }

bool rtl(char32_t c) {
    if (c >= 0x0660 && c <= 0x0669) return false;  // Arabic-Indic digits read left to right
    if (c >= 0x06F0 && c <= 0x06F9) return false;
    return (c >= 0x0590 && c <= 0x08FF) || (c >= 0xFB1D && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFF);
}

bool neutral(char32_t c) {
    return c == ' ' || c == '.' || c == ',' || c == '-' || c == '\'' || c == 0x060C || c == 0x061F;
}

// Lam-alef ligature (isolated form) for the alef that follows a lam, or 0.
char32_t lam_alef(char32_t alef) {
    switch (alef) {
        case 0x0622: return 0xFEF5;
        case 0x0623: return 0xFEF7;
        case 0x0625: return 0xFEF9;
        case 0x0627: return 0xFEFB;
    }
    return 0;
}

// Neighbouring letter in logical order, skipping combining marks.
const Letter* neighbour(const std::vector<char32_t>& t, size_t i, int dir) {
    for (long k = static_cast<long>(i) + dir; k >= 0 && k < static_cast<long>(t.size()); k += dir) {
        if (transparent(t[static_cast<size_t>(k)])) continue;
        return letter(t[static_cast<size_t>(k)]);
    }
    return nullptr;
}

std::vector<char32_t> shape(const std::vector<char32_t>& t) {
    std::vector<char32_t> out;
    out.reserve(t.size());
    for (size_t i = 0; i < t.size(); ++i) {
        const Letter* cur = letter(t[i]);
        if (!cur || cur->join == causing) {
            out.push_back(t[i]);
            continue;
        }
        const Letter* prev = neighbour(t, i, -1);
        const Letter* next = neighbour(t, i, +1);
        const bool joins_prev = prev && (prev->join == dual || prev->join == causing) && cur->join != none;
        if (t[i] == 0x0644 && i + 1 < t.size() && lam_alef(t[i + 1])) {
            out.push_back(lam_alef(t[i + 1]) + (joins_prev ? 1 : 0));
            ++i;
            continue;
        }
        const bool joins_next = (cur->join == dual) && next && next->join != none;
        char32_t form = cur->base;  // isolated
        if (joins_prev && joins_next) form += 3;       // medial
        else if (joins_prev) form += 1;                 // final
        else if (joins_next) form += 2;                 // initial
        out.push_back(form);
    }
    return out;
}

}  // namespace

bool has_rtl(std::string_view s) {
    // Hebrew/Arabic lead bytes are 0xD6..0xDF (U+0590..U+07FF); presentation forms start with 0xEF 0xAC..0xBB.
    for (size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0xD6 && c <= 0xDF) return true;
        if (c == 0xE0 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) <= 0xA3) return true;
        if (c == 0xEF && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0xAC &&
            static_cast<unsigned char>(s[i + 1]) <= 0xBB)
            return true;
    }
    return false;
}

std::string display_text(std::string_view utf8) {
    if (!has_rtl(utf8)) return glyphs::substitute(utf8);
    std::vector<char32_t> t = shape(decode(utf8));
    // Reverse each right-to-left run (neutrals between two RTL characters belong to the run).
    for (size_t i = 0; i < t.size();) {
        if (!rtl(t[i])) {
            ++i;
            continue;
        }
        size_t end = i + 1, last_rtl = i;
        while (end < t.size() && (rtl(t[end]) || neutral(t[end]) || transparent(t[end]))) {
            if (rtl(t[end])) last_rtl = end;
            ++end;
        }
        std::reverse(t.begin() + static_cast<long>(i), t.begin() + static_cast<long>(last_rtl) + 1);
        i = last_rtl + 1;
    }
    std::string out;
    out.reserve(utf8.size() + 8);
    for (char32_t c : t) encode(c, out);
    return glyphs::substitute(out);
}

}  // namespace ui
