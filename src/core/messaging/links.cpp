#include "core/messaging/links.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "core/messaging/text.h"

namespace core::messaging {
namespace {

bool starts_with_ci(std::string_view s, std::string_view prefix) {
    if (s.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
    return true;
}

// The scheme-or-www prefix a link starts with at `at`, or 0.
std::size_t prefix_length(std::string_view text, std::size_t at) {
    const std::string_view rest = text.substr(at);
    for (std::string_view p : std::array<std::string_view, 3>{"https://", "http://", "www."})
        if (starts_with_ci(rest, p)) return p.size();
    return 0;
}

// A link starts a word: at the beginning, or after a space or an opening bracket or quote.
bool at_word_start(std::string_view text, std::size_t at) {
    if (at == 0) return true;
    const char before = text[at - 1];
    return std::isspace(static_cast<unsigned char>(before)) || before == '(' || before == '[' || before == '<' ||
           before == '"' || before == '\'' || (static_cast<unsigned char>(before) & 0x80) != 0;
}

bool ends_link(std::uint32_t cp) { return cp < 0x21 || cp == 0x7F || text::is_space(cp) || cp == '<' || cp == '>' || cp == '"'; }

// Drops what ends the sentence rather than the link: "see x.org/a." or "(x.org/a)".
std::size_t trim_tail(std::string_view text, std::size_t begin, std::size_t end) {
    while (end > begin) {
        const char c = text[end - 1];
        if (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == '\'') {
            --end;
            continue;
        }
        if (c == ')' || c == ']') {
            const char open = c == ')' ? '(' : '[';
            const std::string_view inside = text.substr(begin, end - begin);
            if (std::count(inside.begin(), inside.end(), open) < std::count(inside.begin(), inside.end(), c)) {
                --end;
                continue;
            }
        }
        break;
    }
    return end;
}

bool has_host(std::string_view url) {
    const std::size_t scheme = url.find("://");
    if (scheme == std::string_view::npos) return false;
    const std::string_view rest = url.substr(scheme + 3);
    const std::size_t host_end = rest.find_first_of("/?#");
    const std::string_view host = rest.substr(0, host_end);
    // A dot with something on both sides ("x.org"), or localhost-like names are not what people share.
    const std::size_t dot = host.find('.');
    return !host.empty() && dot != std::string_view::npos && dot > 0 && dot + 1 < host.size() && host.find('@') == std::string_view::npos;
}

}  // namespace

std::vector<LinkSpan> find_links(std::string_view utf8) {
    std::vector<LinkSpan> links;
    std::size_t i = 0;
    while (i < utf8.size()) {
        const std::size_t prefix = at_word_start(utf8, i) ? prefix_length(utf8, i) : 0;
        if (prefix == 0) {
            i += text::code_point_at(utf8, i).bytes;
            continue;
        }
        std::size_t end = i + prefix;
        while (end < utf8.size()) {
            const text::CodePoint cp = text::code_point_at(utf8, end);
            if (ends_link(cp.value)) break;
            end += cp.bytes;
        }
        end = trim_tail(utf8, i, end);
        const std::string_view written = utf8.substr(i, end - i);
        std::string url = prefix == 4 ? "https://" + std::string(written) : std::string(written);
        if (end > i + prefix && is_openable_url(url)) links.push_back({i, end, std::move(url)});
        i = std::max(end, i + prefix);
    }
    return links;
}

bool is_openable_url(std::string_view url) {
    if (!starts_with_ci(url, "https://") && !starts_with_ci(url, "http://")) return false;
    if (url.size() > 2048) return false;
    for (std::size_t i = 0; i < url.size();) {
        const text::CodePoint cp = text::code_point_at(url, i);
        if (ends_link(cp.value)) return false;
        i += cp.bytes;
    }
    return has_host(url);
}

}  // namespace core::messaging
