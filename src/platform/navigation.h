// Page navigation: the demo is a different start mode, so entering or leaving it reloads the page.
#pragma once
#include <string>

namespace platform {

// Loads `url` (same origin; "" reloads the current page).
void navigate(const std::string& url);

}  // namespace platform
