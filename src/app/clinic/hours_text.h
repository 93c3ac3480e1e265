// The doctor's hours as people type them, and back: "09:00-12:30, 14:00-18:00" for a weekday, and
// one exception per line ("2026-12-24 off", "2026-12-27 10:00-12:00"). Parsing answers with a
// sentence saying what is wrong.
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/clinic/model.h"

namespace app {

// "09:00-12:30, 14:00-18:00" <-> minute ranges; a message on bad input.
std::optional<std::string> parse_ranges(const std::string& text, std::vector<std::pair<int, int>>& out);
std::string format_ranges(const std::vector<std::pair<int, int>>& ranges);

// One exception per line; a message on bad input.
std::optional<std::string> parse_exceptions(const std::string& text, std::vector<core::AvailabilityException>& out);
std::string format_exceptions(const std::vector<core::AvailabilityException>& exceptions);

}  // namespace app
