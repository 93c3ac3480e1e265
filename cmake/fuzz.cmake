# libFuzzer targets (TELEMED_FUZZ=ON, with clang): one executable per target of tests/fuzz, over the
# core and the server's HTTP parsing compiled with coverage feedback and the sanitizers. Included from
# CMakeLists.txt instead of native.cmake, into a build directory of its own (tools/fuzz.sh: build/fuzz);
# the GCC builds never see it.
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "TELEMED_FUZZ needs clang (CC=clang-14 CXX=clang++-14): libFuzzer is part of clang")
endif()

# The server's hand-written HTTP reading, without Beast's sessions, SQLite or the crypto libraries.
add_library(http_parsing STATIC server/net/http_parsing.cpp server/net/static_files.cpp)
target_include_directories(http_parsing PUBLIC server)
target_link_libraries(http_parsing PUBLIC core_readers)
target_compile_options(http_parsing PRIVATE ${TELEMED_WARNINGS})
target_compile_definitions(http_parsing PUBLIC BOOST_BEAST_USE_STD_STRING_VIEW BOOST_ASIO_NO_DEPRECATED)

# The pure readers alone (wire format, time zones, attachment rules), so the four small targets link
# (and start fuzzing) without waiting for the whole core; only the dispatcher target needs all of it.
# The same compiles as core's: ccache serves the second.
file(GLOB CORE_READER_SOURCES CONFIGURE_DEPENDS src/core/protocol/*.cpp src/core/time/*.cpp)
add_library(core_readers STATIC ${CORE_READER_SOURCES} src/core/errors.cpp src/core/crypto/sha256.cpp
                                src/core/messaging/attachment_rules.cpp src/core/messaging/text.cpp)
target_include_directories(core_readers PUBLIC src)
target_compile_options(core_readers PRIVATE ${TELEMED_WARNINGS})

file(GLOB FUZZ_TARGET_SOURCES CONFIGURE_DEPENDS tests/fuzz/*.cpp)
list(FILTER FUZZ_TARGET_SOURCES EXCLUDE REGEX "libfuzzer_main\\.cpp$")
foreach(src ${FUZZ_TARGET_SOURCES})
  get_filename_component(name ${src} NAME_WE)
  add_executable(fuzz_${name} ${src} tests/fuzz/libfuzzer_main.cpp)
  target_compile_definitions(fuzz_${name} PRIVATE TELEMED_FUZZ_TARGET=fuzz::${name})
  target_compile_options(fuzz_${name} PRIVATE ${TELEMED_WARNINGS})
  if(name STREQUAL "dispatcher")
    target_link_libraries(fuzz_${name} PRIVATE core)
  else()
    target_link_libraries(fuzz_${name} PRIVATE core_readers http_parsing)
  endif()
  target_link_options(fuzz_${name} PRIVATE -fsanitize=fuzzer,address,undefined)
endforeach()
