// Unicode helpers the messaging rules and search share: walking UTF-8 by code point, white space,
// and a simple case fold. Every function expects valid UTF-8 (protocol::is_valid_utf8 first).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace core::text {

struct CodePoint {
    std::uint32_t value = 0;
    std::size_t bytes = 1;  // its length in the UTF-8 text
};

// The code point starting at byte `at` (which must start one).
CodePoint code_point_at(std::string_view utf8, std::size_t at);

// Unicode white space (category Zs, line and paragraph separators, the ASCII and C1 spaces and
// breaks) and the zero-width characters that draw nothing (U+200B, U+FEFF), which a "blank" message
// made of them would be.
bool is_space(std::uint32_t cp);

// Letters and digits, as search sees words: ASCII letters and digits, and every code point from U+00C0
// on except white space, punctuation and symbols (U+2000–U+2BFF), CJK punctuation (U+3000–U+303F),
// variation selectors and emoji (U+1F000–U+1FAFF). Close to what SQLite's FTS5 "unicode61" tokenizer
// takes for a token character, so both stores split a text into the same words.
bool is_word_char(std::uint32_t cp);

// Lower case for ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic capitals; every other code point
// is its own fold. Enough for the clinic's languages to search case-insensitively; it is the same
// fold for the memory store's matching and for the highlights of every store.
std::uint32_t fold_case(std::uint32_t cp);

// The text with fold_case applied to each code point; the result has the same code points in the same
// places, and (since every fold above stays within its UTF-8 length) the same byte offsets.
std::string fold(std::string_view utf8);

// True when `text` holds `query` once both are folded ("okafor" finds "Dr. Amara Okafor", "ärztin"
// finds "ÄRZTIN"); an empty query is in every text.
bool contains_folded(std::string_view text, std::string_view query);

void append_utf8(std::string& out, std::uint32_t cp);

}  // namespace core::text
