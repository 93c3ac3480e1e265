# Native targets: server, tests, benchmarks. Included from CMakeLists.txt.
find_package(Threads REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
pkg_check_modules(SQLITE REQUIRED IMPORTED_TARGET sqlite3)
find_package(OpenSSL REQUIRED)  # HMAC-SHA1 for TURN REST credentials

# app: the client's feature modules and backends, built natively too so they are unit-tested without a
# browser (with the native stand-ins of src/platform). The web entry point (src/web_main.cpp) and
# src/ui are WASM only.
file(GLOB_RECURSE APP_SOURCES CONFIGURE_DEPENDS src/app/*.cpp)
list(FILTER APP_SOURCES EXCLUDE REGEX "_web\\.cpp$")
file(GLOB_RECURSE PLATFORM_NATIVE_SOURCES CONFIGURE_DEPENDS src/platform/*_native.cpp)
if(APP_SOURCES)
  add_library(app STATIC ${APP_SOURCES} ${PLATFORM_NATIVE_SOURCES})
  target_link_libraries(app PUBLIC core)
  target_compile_options(app PRIVATE ${TELEMED_WARNINGS})
endif()

# server: Beast transport, SQLite persistence, fan-out around core.
file(GLOB_RECURSE SERVER_SOURCES CONFIGURE_DEPENDS server/*.cpp)
list(FILTER SERVER_SOURCES EXCLUDE REGEX "server/main\\.cpp$")
add_library(server_lib STATIC ${SERVER_SOURCES})
target_include_directories(server_lib PUBLIC server)
target_link_libraries(server_lib PUBLIC core PkgConfig::SODIUM PkgConfig::SQLITE OpenSSL::Crypto Threads::Threads)
target_compile_options(server_lib PRIVATE ${TELEMED_WARNINGS})
target_compile_definitions(server_lib PUBLIC BOOST_BEAST_USE_STD_STRING_VIEW BOOST_ASIO_NO_DEPRECATED)
add_executable(telemed-server server/main.cpp)
target_link_libraries(telemed-server PRIVATE server_lib)
# jemalloc: the server allocates from many threads at once (I/O, workers, the store's holder), where
# glibc's malloc cost ~10 % of a request and held the store longer (tests/bench: bookings +13 %). Not in
# sanitizer builds: AddressSanitizer brings its own allocator.
if(NOT TELEMED_SANITIZE)
  pkg_check_modules(JEMALLOC REQUIRED IMPORTED_TARGET jemalloc)
  target_link_libraries(telemed-server PRIVATE PkgConfig::JEMALLOC)
endif()
target_compile_options(telemed-server PRIVATE ${TELEMED_WARNINGS})

# Tests: one Catch2 runner per suite.
enable_testing()
add_library(catch_main STATIC tests/support/catch_main.cpp)
file(GLOB_RECURSE UNIT_TEST_SOURCES CONFIGURE_DEPENDS tests/unit/*.test.cpp)
# The fuzz targets' bodies (tests/fuzz, not their libFuzzer entry point) replay the corpus here.
file(GLOB FUZZ_TARGET_SOURCES CONFIGURE_DEPENDS tests/fuzz/*.cpp)
list(FILTER FUZZ_TARGET_SOURCES EXCLUDE REGEX "libfuzzer_main\\.cpp$")
add_executable(unit_tests ${UNIT_TEST_SOURCES} ${FUZZ_TARGET_SOURCES})
target_link_libraries(unit_tests PRIVATE catch_main core server_lib $<TARGET_NAME_IF_EXISTS:app>)
target_compile_options(unit_tests PRIVATE ${TELEMED_WARNINGS})
target_compile_definitions(unit_tests PRIVATE TELEMED_SQLITE_FIXTURES="${CMAKE_SOURCE_DIR}/tests/unit/server/sqlite/fixtures"
                                              TELEMED_FUZZ_CORPUS="${CMAKE_SOURCE_DIR}/tests/fuzz/corpus")
add_test(NAME unit COMMAND unit_tests)

file(GLOB_RECURSE SERVER_TEST_SOURCES CONFIGURE_DEPENDS tests/server/*.cpp)
if(SERVER_TEST_SOURCES)
  add_executable(server_tests ${SERVER_TEST_SOURCES})
  target_link_libraries(server_tests PRIVATE catch_main server_lib)
  target_compile_options(server_tests PRIVATE ${TELEMED_WARNINGS})
  target_compile_definitions(server_tests PRIVATE TELEMED_SERVER_BINARY="$<TARGET_FILE:telemed-server>")
  add_test(NAME server COMMAND server_tests)
endif()

# Benchmarks print figures; nothing asserts on time.
file(GLOB BENCH_SOURCES CONFIGURE_DEPENDS tests/bench/*.cpp)
foreach(src ${BENCH_SOURCES})
  get_filename_component(name ${src} NAME_WE)
  add_executable(bench_${name} ${src})
  target_link_libraries(bench_${name} PRIVATE server_lib)
endforeach()
