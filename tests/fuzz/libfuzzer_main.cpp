// libFuzzer's entry point for one target, chosen at compile time (-DTELEMED_FUZZ_TARGET=fuzz::http):
// one executable per target, as tools/fuzz.sh builds them with TELEMED_FUZZ=ON.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_targets.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    TELEMED_FUZZ_TARGET(std::string_view(reinterpret_cast<const char*>(data), size));
    return 0;
}
