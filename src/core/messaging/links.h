// Web links inside a message's text, found the way people write them ("see https://nhs.uk/rash.",
// "(www.example.org)"), so the thread can draw them as links and open them. Only http and https:
// anything else a text may carry (javascript:, data:, file:) is never a link.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace core::messaging {

struct LinkSpan {
    std::size_t begin = 0, end = 0;  // bytes of the text the link covers, as written
    std::string url;                 // what opening it loads ("www.x.org" -> "https://www.x.org")
};

// In text order, never overlapping. Trailing punctuation that ends a sentence (.,;:!?) and quotes or a
// closing bracket with no opening one inside the link are not part of it.
std::vector<LinkSpan> find_links(std::string_view utf8);

// True for the URLs find_links makes (http:// or https://, a host, no spaces or control characters):
// what the client checks again before asking the browser to open one.
bool is_openable_url(std::string_view url);

}  // namespace core::messaging
