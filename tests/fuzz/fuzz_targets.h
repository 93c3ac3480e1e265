// The fuzz targets: one plain function per piece of code that reads untrusted bytes. libFuzzer calls
// them from libfuzzer_main.cpp (a clang build, tools/fuzz.sh), and the unit tests call the very same
// functions on every file of tests/fuzz/corpus/<name>/ (tests/unit/fuzz/corpus.test.cpp), so an input
// that once crashed stays a regression test in the GCC builds.
//
// A target returns normally on any input. A broken promise (a reply that is not JSON, a byte range
// outside the file, a stripped JPEG that still holds metadata) throws Violation: uncaught under
// libFuzzer, it aborts and the input is saved as a crash; under Catch2 it fails the test by name.
#pragma once
#include <stdexcept>
#include <string>
#include <string_view>

namespace fuzz {

struct Violation : std::logic_error {
    using std::logic_error::logic_error;
};

inline void check(bool ok, const char* promise) {
    if (!ok) throw Violation(promise);
}

// A client frame -> decode_request (and the client's decode_server_message); replies round-trip.
void protocol(std::string_view input);
// Lines of frames fed to the whole dispatcher over a fresh MemoryStore (format in dispatcher.cpp).
void dispatcher(std::string_view input);
// Raw HTTP request bytes -> Beast's parser with the server's limits, then path, query, Range, ETag, Origin.
void http(std::string_view input);
// TZif bytes -> TimeZone::from_tzif, then offsets and local-time lookups around the data.
void tzif(std::string_view input);
// File bytes -> the attachment sniffer, the JPEG metadata stripper, the file-name cleaner.
void attachments(std::string_view input);

struct Target {
    const char* name;  // also the corpus directory's name
    void (*run)(std::string_view);
};
inline constexpr Target kTargets[] = {
    {"protocol", protocol}, {"dispatcher", dispatcher}, {"http", http}, {"tzif", tzif}, {"attachments", attachments},
};

}  // namespace fuzz
