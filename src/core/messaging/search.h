// Searching one's own messages: the query's terms, the one matching rule every store keeps, and the
// snippet a result is shown with. A store finds the messages (MessagingRepository::search_messages);
// the snippet and its highlights are made here, the same way for every store.
//
// The rule: a message matches when every term of the query starts a word of its text, ignoring case
// (text::fold_case). "rash" matches "Rashes" and "a rash", not "crash". Words are runs of
// text::is_word_char, so "e-mail" is the two words "e" and "mail".
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace core {

inline constexpr std::size_t kMaxSearchTerms = 8;

// The query's words, folded, each once, in the order given, at most kMaxSearchTerms. Call with
// valid UTF-8. Empty when the query holds no word (only spaces, punctuation or emoji).
std::vector<std::string> search_terms(std::string_view query);

// True when every term starts a word of the text (the rule above). The memory store matches with it.
bool matches_every_term(std::string_view text, const std::vector<std::string>& terms);

// A range of a snippet's text to draw highlighted: byte offsets into the UTF-8 text.
struct Highlight {
    int start = 0;
    int length = 0;
};

struct Snippet {
    std::string text;                   // the message's text, or a window of it with "…" where it was cut
    std::vector<Highlight> highlights;  // every word start a term matched, in order, never overlapping
};

// The text around the first match, at most max_chars code points (plus the "…" marks), with every
// match inside it highlighted. A text without a match gives its start and no highlights.
Snippet make_snippet(std::string_view text, const std::vector<std::string>& terms, std::size_t max_chars = 160);

}  // namespace core
