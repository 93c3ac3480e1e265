// Session storage (per tab; cleared when the tab closes). Values are UTF-8 strings.
#pragma once
#include <optional>
#include <string>

namespace platform::session_storage {

std::optional<std::string> get(const std::string& key);
void set(const std::string& key, const std::string& value);
void remove(const std::string& key);

}  // namespace platform::session_storage
