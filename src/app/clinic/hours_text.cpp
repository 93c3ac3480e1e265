#include "app/clinic/hours_text.h"

#include <cstdio>
#include <sstream>

namespace app {

namespace {

std::optional<int> parse_clock(const std::string& s) {  // "9:00", "09:30", "24:00"
    int h = 0, m = 0;
    char extra = 0;
    if (std::sscanf(s.c_str(), "%d:%d%c", &h, &m, &extra) != 2 || h < 0 || h > 24 || m < 0 || m > 59 || (h == 24 && m != 0))
        return std::nullopt;
    return h * 60 + m;
}

std::string trimmed(std::string s) {
    const auto b = s.find_first_not_of(" \t");
    const auto e = s.find_last_not_of(" \t");
    return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

}  // namespace

std::optional<std::string> parse_ranges(const std::string& input, std::vector<std::pair<int, int>>& out) {
    out.clear();
    std::stringstream parts(input);
    std::string part;
    while (std::getline(parts, part, ',')) {
        part = trimmed(part);
        if (part.empty()) continue;
        const auto dash = part.find('-');
        if (dash == std::string::npos) return "Write hours like 09:00-12:30, separated by commas.";
        auto from = parse_clock(trimmed(part.substr(0, dash)));
        auto to = parse_clock(trimmed(part.substr(dash + 1)));
        if (!from || !to) return "\"" + part + "\" is not a time range like 09:00-12:30.";
        if (*from >= *to) return "In \"" + part + "\" the start must come before the end.";
        out.emplace_back(*from, *to);
    }
    return std::nullopt;
}

std::string format_ranges(const std::vector<std::pair<int, int>>& ranges) {
    std::string out;
    for (const auto& [from, to] : ranges) {
        char buf[48];
        std::snprintf(buf, sizeof buf, "%02d:%02d-%02d:%02d", (from / 60) % 100, from % 60, (to / 60) % 100, to % 60);
        out += (out.empty() ? "" : ", ") + std::string(buf);
    }
    return out;
}

std::optional<std::string> parse_exceptions(const std::string& text, std::vector<core::AvailabilityException>& out) {
    out.clear();
    std::stringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        std::stringstream words(line);
        std::string date, rest;
        words >> date;
        std::getline(words, rest);
        if (date.empty()) continue;
        rest.erase(0, rest.find_first_not_of(" \t"));
        if (rest == "off" || rest.empty()) {
            out.push_back({date, true, 0, 0});
            continue;
        }
        std::vector<std::pair<int, int>> ranges;
        if (auto e = parse_ranges(rest, ranges)) return "Exceptions: " + *e;
        for (auto [from, to] : ranges) out.push_back({date, false, from, to});
    }
    return std::nullopt;
}

std::string format_exceptions(const std::vector<core::AvailabilityException>& exceptions) {
    std::string out;
    for (const core::AvailabilityException& e : exceptions)
        out += e.date + (e.day_off ? " off" : " " + format_ranges({{e.start_minute, e.end_minute}})) + "\n";
    return out;
}

}  // namespace app
