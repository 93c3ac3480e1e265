# WASM targets (emcmake): the web client and the WASM test runner. Included from CMakeLists.txt.
# The client's page is published in ${CMAKE_BINARY_DIR}/web (the server's web root): shell/ files plus
# app.js, app.wasm and app.data under content-hashed names, with brotli and gzip copies.

option(TELEMED_TOOLKIT_GALLERY "Draw the toolkit gallery instead of the app (toolkit development)" OFF)

# Dear ImGui from Debian's source package, built with the project's test-engine hooks enabled: they
# feed the accessibility/automation layer (src/ui/a11y).
add_library(imgui STATIC
  ${IMGUI_DIR}/imgui.cpp ${IMGUI_DIR}/imgui_draw.cpp ${IMGUI_DIR}/imgui_tables.cpp
  ${IMGUI_DIR}/imgui_widgets.cpp ${IMGUI_DIR}/misc/cpp/imgui_stdlib.cpp
  ${IMGUI_DIR}/backends/imgui_impl_opengl3.cpp)
target_include_directories(imgui SYSTEM PUBLIC ${IMGUI_DIR} ${IMGUI_DIR}/backends ${IMGUI_DIR}/misc/cpp)
target_compile_definitions(imgui PUBLIC IMGUI_ENABLE_TEST_ENGINE IMGUI_DISABLE_OBSOLETE_FUNCTIONS
                                        IMGUI_IMPL_OPENGL_ES3 IMGUI_DEFINE_MATH_OPERATORS)

# The client: src/app + src/ui and the web halves of src/platform as one library, linked twice by the
# web entry point (src/web_main.cpp, which wires the three): `telemed` (app.js/.wasm/.data) talks to the
# server; `telemed_demo` (demo.*) adds the offline demo's in-page backend (src/app/demo), which pulls in
# the clinic's whole core, so only people who open the demo download it. shell/boot.js picks one.
file(GLOB_RECURSE CLIENT_SOURCES CONFIGURE_DEPENDS src/app/*.cpp src/ui/*.cpp src/platform/*_web.cpp)
file(GLOB_RECURSE DEMO_SOURCES CONFIGURE_DEPENDS src/app/demo/*.cpp)
list(REMOVE_ITEM CLIENT_SOURCES ${DEMO_SOURCES})
file(GLOB WEB_JS_LIBRARIES CONFIGURE_DEPENDS web/*.js)
add_library(client STATIC ${CLIENT_SOURCES})
target_link_libraries(client PUBLIC core imgui)
target_compile_options(client PRIVATE ${TELEMED_WARNINGS})

function(telemed_web_build target output_name)
  add_executable(${target} ${CMAKE_SOURCE_DIR}/src/web_main.cpp ${ARGN})
  target_link_libraries(${target} PRIVATE client)
  target_compile_options(${target} PRIVATE ${TELEMED_WARNINGS})
  set_target_properties(${target} PROPERTIES OUTPUT_NAME "${output_name}" SUFFIX ".js")
  foreach(lib ${WEB_JS_LIBRARIES})
    target_link_options(${target} PRIVATE "SHELL:--js-library ${lib}")
  endforeach()
  target_link_options(${target} PRIVATE
    -sMIN_WEBGL_VERSION=2 -sMAX_WEBGL_VERSION=2 -sALLOW_MEMORY_GROWTH=1 -sENVIRONMENT=web
    -sEXIT_RUNTIME=0 -sMODULARIZE=0 -lwebsocket.js
    "SHELL:-sEXPORTED_RUNTIME_METHODS=['UTF8ToString','stringToUTF8','lengthBytesUTF8']"
    "SHELL:--preload-file ${CMAKE_BINARY_DIR}/fonts@/fonts")
endfunction()
telemed_web_build(telemed app)
telemed_web_build(telemed_demo demo ${DEMO_SOURCES})
target_compile_definitions(telemed_demo PRIVATE TELEMED_DEMO_BUILD)
if(TELEMED_TOOLKIT_GALLERY)
  target_compile_definitions(telemed PRIVATE TELEMED_TOOLKIT_GALLERY)
endif()
set(WEB_BUILDS telemed telemed_demo)

# Time-zone data for the browser: Debian's tzdata packed by a small host tool (tools/pack_zones.cpp,
# built with the host compiler from the same core sources). The demo, which runs the clinic in the page,
# preloads every zone (tz/zones.bin in demo.data). The app loads zones on demand instead: one pack per
# area (tz/Europe.bin…, published beside app.js), the browser's own at startup (shell/boot.js preloads it)
# and any other when a zone of it is first shown.
set(TZ_TOOL_SOURCES tools/pack_zones.cpp src/core/time/time_zone.cpp src/core/time/zone_db.cpp src/core/time/clock.cpp)
list(TRANSFORM TZ_TOOL_SOURCES PREPEND "${CMAKE_SOURCE_DIR}/")
set(TZ_BLOB ${CMAKE_BINARY_DIR}/tz/zones.bin)
set(TZ_AREAS_STAMP ${CMAKE_BINARY_DIR}/tz-areas.stamp)
set(WEB_STAGE ${CMAKE_BINARY_DIR}/web-stage)
add_custom_command(OUTPUT ${TZ_BLOB} ${TZ_AREAS_STAMP}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/tz
  COMMAND ${CMAKE_COMMAND} -E rm -rf ${WEB_STAGE}/tz
  COMMAND c++ -std=c++20 -O1 -I${CMAKE_SOURCE_DIR}/src ${TZ_TOOL_SOURCES} -o ${CMAKE_BINARY_DIR}/pack_zones
  COMMAND ${CMAKE_BINARY_DIR}/pack_zones ${TZ_BLOB} /usr/share/zoneinfo ${WEB_STAGE}/tz
  COMMAND ${CMAKE_COMMAND} -E touch ${TZ_AREAS_STAMP}
  DEPENDS ${TZ_TOOL_SOURCES}
  COMMENT "Packing /usr/share/zoneinfo for the web app (all zones for the demo, one pack per area for the app)")
add_custom_target(telemed_tzdata DEPENDS ${TZ_BLOB} ${TZ_AREAS_STAMP})
foreach(build ${WEB_BUILDS})
  add_dependencies(${build} telemed_tzdata)
endforeach()
target_link_options(telemed_demo PRIVATE "SHELL:--preload-file ${CMAKE_BINARY_DIR}/tz@/tz")
set_property(TARGET telemed_demo APPEND PROPERTY LINK_DEPENDS ${TZ_BLOB})
set_property(TARGET telemed APPEND PROPERTY LINK_DEPENDS ${TZ_AREAS_STAMP})

# Fonts and sounds come from the Debian packages listed in assets/manifest.tsv (assets/README.md). Fonts are
# copied into the build tree and packed next to app.js (/fonts in app.data). Sounds are staged beside
# app.data (sounds/) for the app to fetch when it first plays one: they stay out of the first download.
include(${CMAKE_SOURCE_DIR}/assets/assets.cmake)
telemed_stage_assets(font ${CMAKE_BINARY_DIR}/fonts FONT_FILES FONT_STAGED)
telemed_stage_assets(sound ${WEB_STAGE}/sounds SOUND_FILES SOUND_STAGED)
# The staged (cut-down) fonts, not their sources: a new icon changes the staged font alone.
foreach(build ${WEB_BUILDS})
  set_property(TARGET ${build} APPEND PROPERTY LINK_DEPENDS ${WEB_JS_LIBRARIES} ${FONT_STAGED})
endforeach()

# The web root (the server's --web-root) is published from a staging directory: the page (shell/) and the
# build outputs are staged there, then cmake/publish_web.cmake gives every file but index.html a
# content-hashed name, rewrites index.html to match and writes brotli and gzip copies. It runs after every
# link, and after a change to shell/ alone (target telemed_shell, a dependency of both builds).
set(WEB_ROOT ${CMAKE_BINARY_DIR}/web)
set(PUBLISH_WEB ${CMAKE_COMMAND} -DSTAGE=${WEB_STAGE} -DOUT=${WEB_ROOT} -P ${CMAKE_SOURCE_DIR}/cmake/publish_web.cmake)
file(GLOB SHELL_FILES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/shell/*)
set(SHELL_STAMP ${CMAKE_BINARY_DIR}/shell.stamp)
add_custom_command(OUTPUT ${SHELL_STAMP}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${WEB_STAGE} ${WEB_ROOT}
  COMMAND ${CMAKE_COMMAND} -E copy_if_different ${SHELL_FILES} ${WEB_STAGE}/
  COMMAND ${PUBLISH_WEB}
  COMMAND ${CMAKE_COMMAND} -E touch ${SHELL_STAMP}
  DEPENDS ${SHELL_FILES} ${CMAKE_SOURCE_DIR}/cmake/publish_web.cmake
  COMMENT "Staging shell/ and publishing the web root")
add_custom_target(telemed_shell DEPENDS ${SHELL_STAMP})
foreach(build ${WEB_BUILDS})
  add_dependencies(${build} telemed_shell)
  get_target_property(name ${build} OUTPUT_NAME)
  add_custom_command(TARGET ${build} POST_BUILD
    COMMAND ${CMAKE_COMMAND} -E copy_if_different
            ${CMAKE_BINARY_DIR}/${name}.js ${CMAKE_BINARY_DIR}/${name}.wasm ${CMAKE_BINARY_DIR}/${name}.data ${WEB_STAGE}/
    COMMAND ${PUBLISH_WEB}
    COMMENT "Publishing ${name}.js, ${name}.wasm, ${name}.data to the web root (hashed names, brotli and gzip copies)")
endforeach()
# The links (each followed by the publishing step, which removes what is not staged) run one at a time:
# two publishing steps at once could each remove what the other just wrote.
set_property(GLOBAL APPEND PROPERTY JOB_POOLS web_publish=1)
set_target_properties(${WEB_BUILDS} PROPERTIES JOB_POOL_LINK web_publish)
# The whole web root: both builds.
add_custom_target(web ALL)
add_dependencies(web ${WEB_BUILDS})

# WASM unit tests: the protocol (and the rest of core) compiled to WASM, run under node.
file(GLOB_RECURSE WASM_TEST_SOURCES CONFIGURE_DEPENDS tests/wasm/*.test.cpp tests/unit/core/*.test.cpp)
# The notification centre's client rules have no I/O: they run here too (tests/unit/app/centre.test.cpp).
add_executable(wasm_tests tests/support/catch_main.cpp ${WASM_TEST_SOURCES}
  src/app/notifications/centre.cpp tests/unit/app/centre.test.cpp)
target_link_libraries(wasm_tests PRIVATE core)
target_link_options(wasm_tests PRIVATE -sENVIRONMENT=node -sALLOW_MEMORY_GROWTH=1 -sEXIT_RUNTIME=1)
