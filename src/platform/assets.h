// Files published beside the app (shell/boot.js knows their content-hashed names), fetched when first
// needed rather than in the first download: the web app's time-zone packs. A finished fetch wakes the
// frame loop, which takes it with take_fetched().
#pragma once
#include <optional>
#include <string>

namespace platform::assets {

// Starts fetching `name` ("tz/Europe.bin"); a request already made for `name` is not repeated.
void fetch(const std::string& name);

struct Fetched {
    std::string name;
    std::optional<std::string> bytes;  // nullopt: the file could not be fetched (offline, 404)
};
// The next finished fetch, in the order they finished; nullopt when none is waiting.
std::optional<Fetched> take_fetched();

}  // namespace platform::assets
