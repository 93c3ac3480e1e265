// Links in a message's text: what the thread draws as a link and opens (core/messaging/links.h).
#include <catch2/catch.hpp>

#include "core/messaging/links.h"

using core::messaging::find_links;
using core::messaging::is_openable_url;

namespace {

std::vector<std::string> urls(std::string_view text) {
    std::vector<std::string> out;
    for (const auto& l : find_links(text)) out.push_back(l.url);
    return out;
}

std::vector<std::string> written(std::string_view text) {
    std::vector<std::string> out;
    for (const auto& l : find_links(text)) out.emplace_back(text.substr(l.begin, l.end - l.begin));
    return out;
}

}  // namespace

TEST_CASE("[core] message links: found as people write them", "[core][messaging]") {
    CHECK(urls("see https://nhs.uk/conditions/eczema/ for more") == std::vector<std::string>{"https://nhs.uk/conditions/eczema/"});
    CHECK(urls("http://example.org") == std::vector<std::string>{"http://example.org"});
    CHECK(urls("HTTPS://Example.org/A") == std::vector<std::string>{"HTTPS://Example.org/A"});
    CHECK(urls("try www.example.org/page?x=1&y=2#top") == std::vector<std::string>{"https://www.example.org/page?x=1&y=2#top"});
    CHECK(written("try www.example.org") == std::vector<std::string>{"www.example.org"});
    CHECK(urls("two: https://a.org and https://b.org/x") == std::vector<std::string>{"https://a.org", "https://b.org/x"});
    CHECK(urls("line one\nhttps://a.org/x\nline three") == std::vector<std::string>{"https://a.org/x"});
}

TEST_CASE("[core] message links: the sentence's punctuation is not part of the link", "[core][messaging]") {
    CHECK(written("Read https://nhs.uk/rash.") == std::vector<std::string>{"https://nhs.uk/rash"});
    CHECK(written("Read https://nhs.uk/rash, then call.") == std::vector<std::string>{"https://nhs.uk/rash"});
    CHECK(written("(see https://nhs.uk/rash)") == std::vector<std::string>{"https://nhs.uk/rash"});
    CHECK(written("https://en.wikipedia.org/wiki/Eczema_(disease)") ==
          std::vector<std::string>{"https://en.wikipedia.org/wiki/Eczema_(disease)"});
    CHECK(written("\"https://a.org/x\"") == std::vector<std::string>{"https://a.org/x"});
    CHECK(written("Is it https://a.org/x?") == std::vector<std::string>{"https://a.org/x"});
}

TEST_CASE("[core] message links: byte offsets are right around other scripts", "[core][messaging]") {
    const std::string text = "مرحبا https://example.org/ar 🙏";
    const auto links = find_links(text);
    REQUIRE(links.size() == 1);
    CHECK(text.substr(links[0].begin, links[0].end - links[0].begin) == "https://example.org/ar");
    CHECK(urls("Zoë: https://zoë.example.org/ä") == std::vector<std::string>{"https://zoë.example.org/ä"});
}

TEST_CASE("[core] message links: what is never a link", "[core][messaging]") {
    CHECK(urls("javascript:alert(1)").empty());
    CHECK(urls("data:text/html,<b>x</b>").empty());
    CHECK(urls("file:///etc/passwd").empty());
    CHECK(urls("https://").empty());
    CHECK(urls("https://localhost/x").empty());
    CHECK(urls("https://user@evil.org").empty());
    CHECK(urls("nothttps://a.org").empty());  // not at the start of a word
    CHECK(urls("www.").empty());
    CHECK(urls("").empty());
    CHECK(is_openable_url("https://a.org/x"));
    CHECK_FALSE(is_openable_url("https://a.org/x y"));
    CHECK_FALSE(is_openable_url("javascript:alert(1)"));
    CHECK_FALSE(is_openable_url("https://a.org/\x01"));
    CHECK_FALSE(is_openable_url("https://a.org/" + std::string(3000, 'a')));
}
