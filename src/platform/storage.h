// Session storage (per tab; cleared when the tab closes). Values are UTF-8 strings.
#pragma once
#include <optional>
#include <string>

namespace platform::session_storage {

std::optional<std::string> get(const std::string& key);
void set(const std::string& key, const std::string& value);
void remove(const std::string& key);

}  // namespace platform::session_storage

// This device's storage (the browser's local storage: kept across tabs and restarts). For settings of
// the device, like the theme; never for personal or clinical data.
namespace platform::device_storage {

std::optional<std::string> get(const std::string& key);
void set(const std::string& key, const std::string& value);

}  // namespace platform::device_storage
