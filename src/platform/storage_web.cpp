#include "platform/storage.h"

#include "platform/js_string.h"

extern "C" {
int telemed_storage_get(const char* key, char* buf, int cap);
void telemed_storage_set(const char* key, const char* value);
void telemed_storage_remove(const char* key);
int telemed_local_get(const char* key, char* buf, int cap);
void telemed_local_set(const char* key, const char* value);
}

namespace platform::session_storage {

std::optional<std::string> get(const std::string& key) {
    return detail::js_string([&](char* buf, int cap) { return telemed_storage_get(key.c_str(), buf, cap); });
}
void set(const std::string& key, const std::string& value) { telemed_storage_set(key.c_str(), value.c_str()); }
void remove(const std::string& key) { telemed_storage_remove(key.c_str()); }

}  // namespace platform::session_storage

namespace platform::device_storage {

std::optional<std::string> get(const std::string& key) {
    return detail::js_string([&](char* buf, int cap) { return telemed_local_get(key.c_str(), buf, cap); });
}
void set(const std::string& key, const std::string& value) { telemed_local_set(key.c_str(), value.c_str()); }

}  // namespace platform::device_storage
