// Every input of tests/fuzz/corpus/<target>/ (seeds, what the fuzzer found interesting, and every
// crash ever found) through the same target functions libFuzzer runs (tests/fuzz/fuzz_targets.h),
// here in the GCC build with its sanitizers. Seconds, not hours: the long runs are tools/fuzz.sh.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "../../fuzz/fuzz_targets.h"

namespace fs = std::filesystem;

TEST_CASE("[fuzz] every corpus input passes its target", "[fuzz]") {
    for (const fuzz::Target& target : fuzz::kTargets) {
        SECTION(target.name) {
            const fs::path dir = fs::path(TELEMED_FUZZ_CORPUS) / target.name;
            REQUIRE(fs::is_directory(dir));
            std::vector<fs::path> files;
            for (const auto& entry : fs::directory_iterator(dir))
                if (entry.is_regular_file()) files.push_back(entry.path());
            std::sort(files.begin(), files.end());  // the same order on every machine
            CHECK(!files.empty());
            for (const fs::path& file : files) {
                std::ifstream in(file, std::ios::binary);
                const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
                INFO(target.name << " input " << file.filename().string());
                CHECK_NOTHROW(target.run(bytes));
            }
        }
    }
}
