#include "core/messaging/search.h"

#include <algorithm>

#include "core/messaging/text.h"

namespace core {
namespace {

// Byte offsets where a word starts: a word character after a non-word character (or at the start).
std::vector<std::size_t> word_starts(std::string_view utf8) {
    std::vector<std::size_t> out;
    bool in_word = false;
    for (std::size_t i = 0; i < utf8.size();) {
        const text::CodePoint c = text::code_point_at(utf8, i);
        const bool word = text::is_word_char(c.value);
        if (word && !in_word) out.push_back(i);
        in_word = word;
        i += c.bytes;
    }
    return out;
}

bool starts_with_at(std::string_view folded, std::size_t at, std::string_view term) {
    return folded.substr(at, term.size()) == term;
}

// The matches of the terms in a text: the word starts where a term begins, each with the longest term
// matching there (so "rash rashes" highlights "rashes" whole when both are terms).
std::vector<Highlight> find_matches(std::string_view utf8, const std::vector<std::string>& terms) {
    const std::string folded = text::fold(utf8);  // same byte offsets as utf8
    std::vector<Highlight> out;
    for (std::size_t at : word_starts(folded)) {
        std::size_t longest = 0;
        for (const std::string& term : terms)
            if (term.size() > longest && starts_with_at(folded, at, term)) longest = term.size();
        if (longest > 0) out.push_back({int(at), int(longest)});
    }
    return out;
}

// Byte offset of each code point, and the text's size at the end.
std::vector<std::size_t> code_point_offsets(std::string_view utf8) {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < utf8.size(); i += text::code_point_at(utf8, i).bytes) out.push_back(i);
    out.push_back(utf8.size());
    return out;
}

constexpr std::string_view kEllipsis = "…";
constexpr std::size_t kContextBefore = 40;  // code points shown before the first match

}  // namespace

std::vector<std::string> search_terms(std::string_view query) {
    std::vector<std::string> terms;
    std::string word;
    const auto finish_word = [&] {
        if (!word.empty() && terms.size() < kMaxSearchTerms && std::find(terms.begin(), terms.end(), word) == terms.end())
            terms.push_back(word);
        word.clear();
    };
    for (std::size_t i = 0; i < query.size();) {
        const text::CodePoint c = text::code_point_at(query, i);
        if (text::is_word_char(c.value)) text::append_utf8(word, text::fold_case(c.value));
        else finish_word();
        i += c.bytes;
    }
    finish_word();
    return terms;
}

bool matches_every_term(std::string_view utf8, const std::vector<std::string>& terms) {
    const std::string folded = text::fold(utf8);
    const std::vector<std::size_t> starts = word_starts(folded);
    return !terms.empty() && std::all_of(terms.begin(), terms.end(), [&](const std::string& term) {
        return std::any_of(starts.begin(), starts.end(), [&](std::size_t at) { return starts_with_at(folded, at, term); });
    });
}

Snippet make_snippet(std::string_view utf8, const std::vector<std::string>& terms, std::size_t max_chars) {
    const std::vector<Highlight> matches = find_matches(utf8, terms);
    const std::vector<std::size_t> offsets = code_point_offsets(utf8);
    const std::size_t length = offsets.size() - 1;  // code points

    // The window [first, last) in code points: from a little before the first match, max_chars long.
    std::size_t first = 0;
    if (length > max_chars && !matches.empty()) {
        const auto match_cp = std::size_t(std::lower_bound(offsets.begin(), offsets.end(), std::size_t(matches[0].start)) -
                                          offsets.begin());
        first = std::min(match_cp > kContextBefore ? match_cp - kContextBefore : 0, length - max_chars);
    }
    const std::size_t last = std::min(length, first + max_chars);
    const std::size_t begin_byte = offsets[first], end_byte = offsets[last];

    Snippet out;
    if (first > 0) out.text += kEllipsis;
    const int shift = int(out.text.size()) - int(begin_byte);
    out.text += utf8.substr(begin_byte, end_byte - begin_byte);
    if (last < length) out.text += kEllipsis;
    for (const Highlight& m : matches) {
        if (std::size_t(m.start) < begin_byte || std::size_t(m.start) >= end_byte) continue;
        const int end = std::min(m.start + m.length, int(end_byte));  // a match cut by the window's end
        out.highlights.push_back({m.start + shift, end - m.start});
    }
    return out;
}

}  // namespace core
