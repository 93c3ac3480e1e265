// Native stand-in: session storage is a process-wide map.
#include <map>

#include "platform/storage.h"

namespace platform::session_storage {

namespace {
std::map<std::string, std::string>& items() {
    static std::map<std::string, std::string> m;
    return m;
}
}  // namespace

std::optional<std::string> get(const std::string& key) {
    auto it = items().find(key);
    if (it == items().end()) return std::nullopt;
    return it->second;
}
void set(const std::string& key, const std::string& value) { items()[key] = value; }
void remove(const std::string& key) { items().erase(key); }

}  // namespace platform::session_storage

// Native stand-in: the device's storage is another process-wide map.
namespace platform::device_storage {

namespace {
std::map<std::string, std::string>& items() {
    static std::map<std::string, std::string> m;
    return m;
}
}  // namespace

std::optional<std::string> get(const std::string& key) {
    auto it = items().find(key);
    if (it == items().end()) return std::nullopt;
    return it->second;
}
void set(const std::string& key, const std::string& value) { items()[key] = value; }

}  // namespace platform::device_storage
