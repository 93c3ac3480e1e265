// platform::assets over web/platform.js (telemed_asset_*).
#include <set>
#include <vector>

#include "platform/assets.h"

extern "C" {
void telemed_asset_fetch(const char* name);
int telemed_asset_next(int* name_bytes, int* failed);  // bytes held of the next finished fetch; -1: none
void telemed_asset_take(char* data, char* name);       // copies it out and drops it
}

namespace platform::assets {

void fetch(const std::string& name) {
    static std::set<std::string> requested;
    if (requested.insert(name).second) telemed_asset_fetch(name.c_str());
}

std::optional<Fetched> take_fetched() {
    int name_bytes = 0, failed = 0;
    const int held = telemed_asset_next(&name_bytes, &failed);
    if (held < 0) return std::nullopt;
    std::string bytes(std::size_t(held), '\0');
    std::vector<char> name(std::size_t(name_bytes) + 1, '\0');
    telemed_asset_take(bytes.data(), name.data());
    Fetched f{std::string(name.data(), std::size_t(name_bytes)), std::nullopt};
    if (!failed) f.bytes = std::move(bytes);
    return f;
}

}  // namespace platform::assets
